package marquee.reservations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turning a paid hold into a sale, and a sale back into free seats. Both are single database
 * transactions on the seat claims, so the seat uniqueness of {@code seat_claim} holds throughout.
 */
final class Sales {
    private static final Logger log = LoggerFactory.getLogger(Sales.class);

    private final DataSource db;
    private final Bookings bookings;
    private final ReservationMetrics metrics;

    Sales(DataSource db, Bookings bookings) {
        this(db, bookings, ReservationMetrics.NONE);
    }

    Sales(DataSource db, Bookings bookings, ReservationMetrics metrics) {
        this.db = db;
        this.bookings = bookings;
        this.metrics = metrics;
    }

    /** Thrown when a paid booking cannot be sold (its seats went to someone else, or it was paid twice). */
    static class SeatsLost extends FailedPreconditionException {
        SeatsLost(String message) {
            super(message);
        }
    }

    /** Thrown when a payment cannot pay for the booking as it is now (not approved, refunded, or another amount). */
    static final class WrongPayment extends SeatsLost {
        WrongPayment(String message) {
            super(message);
        }
    }

    /**
     * Sells the booking's seats for this payment. Under the booking's row lock the payment must be
     * APPROVED, not refunded at all and exactly the booking's total at this moment (a ticket-type
     * change may have repriced it after the payment was taken); otherwise {@link WrongPayment}.
     * Idempotent for the same payment. A hold that ran out is still sold if nobody took its seats
     * meanwhile; a hold its owner released never is ({@link SeatsLost}).
     */
    BookingRecord confirm(UUID bookingId, Payment payment) {
        return confirm(bookingId, payment, null);
    }

    /** Work done in the sale's own transaction, just before its commit (only when this call sells). */
    interface InSale {
        void run(Connection c) throws SQLException;
    }

    /** As {@link #confirm(UUID, Payment)}; {@code alsoInSale} (may be null) commits with the sale or not at all. */
    BookingRecord confirm(UUID bookingId, Payment payment, InSale alsoInSale) {
        String paymentId = payment.getId();
        BookingRecord result;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                BookingRecord booking = lock(c, bookingId);
                switch (booking.status()) {
                    case CONFIRMED -> {
                        c.rollback();
                        if (paymentId.equals(booking.paymentId())) return booking;
                        throw new SeatsLost("booking " + booking.code() + " was already paid by another payment");
                    }
                    case CANCELLED -> {
                        c.rollback();
                        throw new SeatsLost("booking " + booking.code() + " was cancelled");
                    }
                    case RELEASED -> {
                        c.rollback();
                        throw new SeatsLost("the hold of booking " + booking.code() + " was given up");
                    }
                    default -> { }
                }
                if (released(c, bookingId)) {
                    c.rollback();
                    throw new SeatsLost("the hold of booking " + booking.code() + " was given up");
                }
                String wrong = wrongPayment(booking, payment);
                if (wrong != null) {
                    c.rollback();
                    throw new WrongPayment(wrong);
                }
                String[] seats = booking.lines().stream().map(SeatRules.Line::seatId).sorted().toArray(String[]::new);
                Array seatArray = c.createArrayOf("varchar", seats);
                int sold;
                // Our own claim, a free seat, or a run-out hold of someone else becomes our sale;
                // a live hold or a sale of someone else is left alone and not counted.
                try (PreparedStatement claim = c.prepareStatement("""
                        INSERT INTO seat_claim (showtime_id, seat_id, booking_id, status, expires_at)
                        SELECT ?, s, ?, 'SOLD', NULL FROM unnest(?::varchar[]) AS s
                        ON CONFLICT (showtime_id, seat_id) DO UPDATE
                           SET booking_id = excluded.booking_id, status = 'SOLD', expires_at = NULL
                         WHERE seat_claim.booking_id = excluded.booking_id
                            OR (seat_claim.status = 'HELD' AND seat_claim.expires_at < now())""")) {
                    claim.setObject(1, booking.showtimeId());
                    claim.setObject(2, bookingId);
                    claim.setArray(3, seatArray);
                    sold = claim.executeUpdate();
                }
                if (sold < seats.length) {
                    List<String> lost = Bookings.takenByOthers(c, booking.showtimeId(), seatArray, bookingId);
                    c.rollback();
                    metrics.seatConflict(true);
                    throw new SeatsLost("the hold ran out and seat" + (lost.size() == 1 ? " " : "s ") + String.join(", ", lost)
                            + (lost.size() == 1 ? " was" : " were") + " sold to someone else");
                }
                try (PreparedStatement update = c.prepareStatement(
                        "UPDATE booking SET status = 'CONFIRMED', payment_id = ? WHERE id = ?")) {
                    update.setString(1, paymentId);
                    update.setObject(2, bookingId);
                    update.executeUpdate();
                }
                Bookings.event(c, booking.showtimeId(), seatArray, "SOLD", "sold");
                BookingEvents.confirmed(c, booking, paymentId);
                if (alsoInSale != null) alsoInSale.run(c);
                c.commit();
                result = booking.with(BookingRecord.Status.CONFIRMED, paymentId);
                log.debug("Booking {} sold ({} seat(s), payment {})", booking.code(), seats.length, paymentId);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not confirm booking " + bookingId, e);
        }
        metrics.sold(result.lines().size()); // after the commit; an idempotent repeat returned above
        return result;
    }

    /** Why this payment cannot pay for the booking as it is now, or null when it can. */
    static String wrongPayment(BookingRecord booking, Payment payment) {
        if (!payment.getBookingId().equals(booking.id().toString())) return "payment " + payment.getId() + " is for another booking";
        if (payment.getStatus() != PaymentStatus.APPROVED || payment.getRefunded().getAmountMinor() != 0) {
            return "payment " + payment.getId() + " is " + payment.getStatus().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an approved payment nothing was refunded of";
        }
        if (payment.getAmount().getAmountMinor() != booking.totalMinor() || !payment.getAmount().getCurrency().equals(booking.currency())) {
            return "the payment of " + amount(payment.getAmount().getAmountMinor()) + " " + payment.getAmount().getCurrency()
                    + " does not match the total of booking " + booking.code() + ", " + amount(booking.totalMinor()) + " "
                    + booking.currency();
        }
        return null;
    }

    private static String amount(long minor) {
        return java.math.BigDecimal.valueOf(minor, 2).toPlainString();
    }

    private static boolean released(Connection c, UUID bookingId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT released_at IS NOT NULL FROM booking WHERE id = ?")) {
            q.setObject(1, bookingId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The booking under its row lock, sold or already cancelled; anything else cannot be cancelled. */
    private BookingRecord lockSoldOrCancelled(Connection c, UUID bookingId) throws SQLException {
        BookingRecord booking = lock(c, bookingId);
        if (booking.status() != BookingRecord.Status.CANCELLED && booking.status() != BookingRecord.Status.CONFIRMED) {
            throw new FailedPreconditionException("booking " + booking.code() + " is not sold (it is "
                    + booking.status().name().toLowerCase(java.util.Locale.ROOT) + "); release the hold instead");
        }
        return booking;
    }

    /**
     * The first step of a cancellation: under the booking's row lock, checks that it is sold and
     * records that its cancellation is REQUESTED (the refund is asked for next; the seats stay sold
     * until it is made). Returns the booking as it is; a cancelled one is returned unchanged.
     */
    BookingRecord requestCancellation(UUID bookingId, String reason, String requestedBy, boolean isVoid) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                BookingRecord booking = lockSoldOrCancelled(c, bookingId);
                if (booking.status() == BookingRecord.Status.CANCELLED) {
                    c.rollback();
                    return booking;
                }
                try (PreparedStatement request = c.prepareStatement("""
                        INSERT INTO cancellation (booking_id, payment_id, reason, requested_by, stage, kind)
                        VALUES (?, ?, ?, ?, 'REQUESTED', ?) ON CONFLICT (booking_id) DO NOTHING""")) {
                    request.setObject(1, bookingId);
                    request.setString(2, booking.paymentId());
                    request.setString(3, reason);
                    request.setString(4, requestedBy);
                    request.setString(5, isVoid ? "VOID" : "CANCEL");
                    request.executeUpdate();
                }
                c.commit();
                return booking;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not request the cancellation of booking " + bookingId, e);
        }
    }

    /**
     * Frees the seats of a sold booking whose money has been given back, and records that its
     * tickets must be revoked (done right after, and retried by the reconciler until done).
     */
    BookingRecord cancel(UUID bookingId, String reason, String requestedBy) {
        BookingRecord cancelled;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                BookingRecord booking = lockSoldOrCancelled(c, bookingId);
                if (booking.status() == BookingRecord.Status.CANCELLED) {
                    c.rollback();
                    return booking;
                }
                List<String> freed = new ArrayList<>();
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM seat_claim WHERE booking_id = ? AND status = 'SOLD' RETURNING seat_id")) {
                    delete.setObject(1, bookingId);
                    try (ResultSet rs = delete.executeQuery()) {
                        while (rs.next()) freed.add(rs.getString(1));
                    }
                }
                try (PreparedStatement update = c.prepareStatement("UPDATE booking SET status = 'CANCELLED' WHERE id = ?")) {
                    update.setObject(1, bookingId);
                    update.executeUpdate();
                }
                try (PreparedStatement pending = c.prepareStatement("""
                        INSERT INTO cancellation (booking_id, payment_id, reason, requested_by, stage) VALUES (?, ?, ?, ?, 'CANCELLED')
                        ON CONFLICT (booking_id) DO UPDATE SET stage = 'CANCELLED', updated_at = now()""")) {
                    pending.setObject(1, bookingId);
                    pending.setString(2, booking.paymentId());
                    pending.setString(3, reason);
                    pending.setString(4, requestedBy);
                    pending.executeUpdate();
                }
                if (!freed.isEmpty()) Bookings.event(c, booking.showtimeId(), c.createArrayOf("varchar", freed.toArray()), "FREE", "cancelled");
                BookingEvents.cancelled(c, booking, reason);
                c.commit();
                cancelled = booking.with(BookingRecord.Status.CANCELLED, booking.paymentId());
                log.info("Booking {} cancelled by {} ({} seat(s) freed)", booking.code(), requestedBy, freed.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not cancel booking " + bookingId, e);
        }
        return cancelled;
    }

    private BookingRecord lock(Connection c, UUID bookingId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM booking WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, bookingId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) throw new NotFoundException("booking_id: there is no booking " + bookingId);
            }
        }
        return bookings.loadOn(c, bookingId);
    }
}
