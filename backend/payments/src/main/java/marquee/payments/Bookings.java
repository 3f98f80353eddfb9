package marquee.payments;

import java.time.Instant;

/** What payments needs to know about a booking, which the reservations service owns. */
interface Bookings {
    /** The booking; NotFoundException when there is none. */
    BookingInfo find(String bookingId);

    enum Status { HELD, CONFIRMED, RELEASED, EXPIRED, CANCELLED, UNKNOWN }

    record BookingInfo(String id, String cinemaId, String userId, Status status, long totalMinor, String currency,
                       Instant expiresAt, int seatCount) {}

    /**
     * Cancels a sold booking as the person calling now (their token travels on): seats freed, tickets
     * revoked, and the reservations service refunds the payment (see {@link Payments#voidPayment}).
     */
    void cancel(String bookingId, String reason);
}
