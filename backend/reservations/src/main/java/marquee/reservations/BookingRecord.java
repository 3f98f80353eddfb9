package marquee.reservations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A hold or booking as stored, with its priced seats. */
record BookingRecord(UUID id, String code, UUID showtimeId, UUID cinemaId, String userId, Status status, String currency,
                     long feeMinor, long totalMinor, Instant expiresAt, String paymentId, Instant createdAt,
                     String movieTitle, String hallName, Instant startsAt, List<SeatRules.Line> lines) {

    enum Status { HELD, CONFIRMED, RELEASED, EXPIRED, CANCELLED }

    /** The same booking after a status change this service just wrote (saves reading it back). */
    BookingRecord with(Status newStatus, String newPaymentId) {
        return new BookingRecord(id, code, showtimeId, cinemaId, userId, newStatus, currency, feeMinor, totalMinor, expiresAt,
                newPaymentId, createdAt, movieTitle, hallName, startsAt, lines);
    }

    /**
     * The status a reader should see: a hold past its expiry is EXPIRED even before the sweeper
     * has written that down (its seats are already free for others).
     */
    Status effectiveStatus(Instant now) {
        return status == Status.HELD && !expiresAt.isAfter(now) ? Status.EXPIRED : status;
    }
}
