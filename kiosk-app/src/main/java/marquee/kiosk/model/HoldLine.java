package marquee.kiosk.model;

public record HoldLine(String seatId, String row, int number, SeatCategory category, TicketType ticketType, Money price) {}
