package marquee.kiosk.model;

public enum SeatCategory { STANDARD, PREMIUM, WHEELCHAIR, COMPANION, COUPLE }
