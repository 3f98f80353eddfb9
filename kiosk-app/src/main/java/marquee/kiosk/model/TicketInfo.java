package marquee.kiosk.model;

import java.time.Instant;

public record TicketInfo(String id, String bookingCode, String seatId, String row, int number, SeatCategory category,
                  TicketType ticketType, Money price, String qrPayload, String filmTitle, String hallName,
                  Instant startsAt) {}
