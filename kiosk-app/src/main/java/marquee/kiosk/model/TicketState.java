package marquee.kiosk.model;

public enum TicketState { VALID, USED, REVOKED }
