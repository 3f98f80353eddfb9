package marquee.reservations;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import marquee.common.v1.Money;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.BookingStatus;

/** A booking as the contract carries it: to callers, and as the snapshot a charge or a ticket issue takes along. */
final class BookingMessages {
    private BookingMessages() {}

    static Booking toProto(BookingRecord b) {
        Booking.Builder out = Booking.newBuilder()
                .setId(b.id().toString()).setCode(b.code()).setShowtimeId(b.showtimeId().toString())
                .setCinemaId(b.cinemaId().toString()).setStatus(toProto(b.effectiveStatus(Instant.now())))
                .setBookingFee(money(b.feeMinor(), b.currency())).setTotal(money(b.totalMinor(), b.currency()))
                .setExpiresAt(timestamp(b.expiresAt())).setUserId(b.userId())
                .setPaymentId(b.paymentId() == null ? "" : b.paymentId()).setCreatedAt(timestamp(b.createdAt()))
                .setMovieTitle(b.movieTitle()).setStartsAt(timestamp(b.startsAt())).setHallName(b.hallName());
        for (SeatRules.Line line : b.lines()) {
            out.addLines(BookingLine.newBuilder().setSeatId(line.seatId()).setRow(line.row()).setNumber(line.number())
                    .setCategory(line.category()).setTicketType(line.ticketType()).setPrice(money(line.priceMinor(), b.currency())));
        }
        return out.build();
    }

    static BookingStatus toProto(BookingRecord.Status status) {
        return switch (status) {
            case HELD -> BookingStatus.BOOKING_HELD;
            case CONFIRMED -> BookingStatus.BOOKING_CONFIRMED;
            case RELEASED -> BookingStatus.BOOKING_RELEASED;
            case EXPIRED -> BookingStatus.BOOKING_EXPIRED;
            case CANCELLED -> BookingStatus.BOOKING_CANCELLED;
        };
    }

    private static Money money(long amountMinor, String currency) {
        return Money.newBuilder().setAmountMinor(amountMinor).setCurrency(currency).build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
