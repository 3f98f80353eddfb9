package marquee.reservations;

import com.google.protobuf.Timestamp;
import java.sql.Connection;
import java.time.Instant;
import marquee.events.v1.BookingCancelled;
import marquee.platform.events.EventTypes;
import marquee.platform.events.Outbox;

/**
 * What reservations tells the others about cancelled bookings, written to its outbox on the
 * connection of the cancellation itself (keyed by booking id). A sale's {@code booking.confirmed}
 * is written by the database in the sale's own statement (trigger, V7_1__booking_confirmed_event.sql),
 * because the sale is one autocommit call of {@code sell_booking()}.
 */
final class BookingEvents {
    private BookingEvents() {}

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
