package marquee.kiosk.model;

public enum SeatStatus { FREE, HELD, SOLD, BLOCKED }
