package marquee.tickets;

import java.time.Instant;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;

/** One stored ticket: a sold seat of a showtime. */
record Ticket(UUID id, UUID bookingId, String bookingCode, UUID cinemaId, UUID showtimeId, String seatId, String row,
              int number, SeatCategory category, TicketType ticketType, long priceMinor, String currency,
              String movieTitle, String hallName, Instant startsAt, Status status, Instant issuedAt, Instant usedAt,
              Instant revokedAt, String revokeReason, int reprintCount, long changeSeq) {

    enum Status { VALID, USED, REVOKED }

    QrCodec.Claims claims() {
        return new QrCodec.Claims(id, showtimeId, seatId, bookingCode, startsAt.getEpochSecond());
    }
}
