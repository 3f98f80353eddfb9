package marquee.kiosk.model;

public enum HoldStatus { HELD, CONFIRMED, RELEASED, EXPIRED, CANCELLED }
