package marquee.kiosk.model;

public enum TicketType { ADULT, CHILD, SENIOR, STUDENT }
