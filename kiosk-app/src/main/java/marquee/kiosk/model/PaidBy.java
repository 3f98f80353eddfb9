package marquee.kiosk.model;

public enum PaidBy { CARD, CASH }
