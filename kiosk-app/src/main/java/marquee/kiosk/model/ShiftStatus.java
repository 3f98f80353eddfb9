package marquee.kiosk.model;

public enum ShiftStatus { OPEN, CLOSED }
