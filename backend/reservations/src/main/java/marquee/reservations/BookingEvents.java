package marquee.reservations;

import com.google.protobuf.Timestamp;
import java.sql.Connection;
import java.time.Instant;
import marquee.common.v1.Money;
import marquee.events.v1.BookingCancelled;
import marquee.events.v1.BookingConfirmed;
import marquee.platform.events.EventTypes;
import marquee.platform.events.Outbox;

/**
 * What reservations tells the others about bookings, written to its outbox on the connection of
 * the sale or cancellation itself (keyed by booking id). {@code Sales} calls these one-liners just
 * before its commits.
 */
final class BookingEvents {
    private BookingEvents() {}

    static void confirmed(Connection c, BookingRecord booking, String paymentId) {
        BookingConfirmed.Builder event = BookingConfirmed.newBuilder()
                .setBookingId(booking.id().toString())
                .setBookingCode(booking.code())
                .setShowtimeId(booking.showtimeId().toString())
                .setCinemaId(booking.cinemaId() == null ? "" : booking.cinemaId().toString())
                .setUserId(booking.userId() == null ? "" : booking.userId())
                .setPaymentId(paymentId == null ? "" : paymentId)
                .setTotal(Money.newBuilder().setAmountMinor(booking.totalMinor()).setCurrency(booking.currency()))
                .setMovieTitle(nonNull(booking.movieTitle()))
                .setHallName(nonNull(booking.hallName()))
                .setStartsAt(timestamp(booking.startsAt()));
        booking.lines().forEach(line -> event.addSeatIds(line.seatId()));
        Outbox.append(c, EventTypes.BOOKING_CONFIRMED, booking.id().toString(), event.build());
    }

    static void cancelled(Connection c, BookingRecord booking, String reason) {
        Outbox.append(c, EventTypes.BOOKING_CANCELLED, booking.id().toString(), BookingCancelled.newBuilder()
                .setBookingId(booking.id().toString())
                .setBookingCode(booking.code())
                .setShowtimeId(booking.showtimeId().toString())
                .setCinemaId(booking.cinemaId() == null ? "" : booking.cinemaId().toString())
                .setUserId(booking.userId() == null ? "" : booking.userId())
                .setPaymentId(nonNull(booking.paymentId()))
                .setReason(nonNull(reason))
                .setMovieTitle(nonNull(booking.movieTitle()))
                .setStartsAt(timestamp(booking.startsAt()))
                .build());
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static Timestamp timestamp(Instant instant) {
        if (instant == null) return Timestamp.getDefaultInstance();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
