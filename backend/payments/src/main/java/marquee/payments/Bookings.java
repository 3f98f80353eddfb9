package marquee.payments;

import java.time.Instant;

/**
 * What payments needs to know about a booking, which the reservations service owns. Read only:
 * payments never changes a booking (cancellations, voids included, are reservations' operation).
 */
interface Bookings {
    /** The booking; NotFoundException when there is none. */
    BookingInfo find(String bookingId);

    enum Status { HELD, CONFIRMED, RELEASED, EXPIRED, CANCELLED, UNKNOWN }

    /** {@code checkoutOpen}: a checkout of the booking is unfinished (it may still sell the seats on a payment). */
    record BookingInfo(String id, String cinemaId, String userId, Status status, long totalMinor, String currency,
                       Instant expiresAt, int seatCount, boolean checkoutOpen) {}
}
