package marquee.kiosk.model;

import java.time.Instant;

/**
 * A ticket with what the cache and the door need besides the printed fields. A REVOKED ticket
 * (refunded, cancelled) has an empty {@code ticket.qrPayload()} and must never print.
 */
public record TicketRecord(TicketInfo ticket, String bookingId, String cinemaId, String showtimeId, TicketState state,
                    Instant issuedAt, Instant usedAt, int reprintCount) {}
