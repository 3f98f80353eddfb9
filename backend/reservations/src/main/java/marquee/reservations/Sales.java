package marquee.reservations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.db.Transactions;
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

    private final BookingStore store;
    private final Transactions transactions;
    private final ReservationMetrics metrics;

    Sales(BookingStore store, ReservationMetrics metrics) {
        this.store = store;
        this.transactions = store.transactions();
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

    /** A sale: the booking as sold, and whether the checkout given moved to CONFIRMED with it. */
    record Sold(BookingRecord booking, boolean checkoutConfirmed) {}

    /**
     * Sells the booking's seats for this payment. Under the booking's row lock the payment must be
     * APPROVED, not refunded at all and exactly the booking's total at this moment (a ticket-type
     * change may have repriced it after the payment was taken); otherwise {@link WrongPayment}.
     * Idempotent for the same payment. A hold that ran out is still sold if nobody took its seats
     * meanwhile; a hold its owner released never is ({@link SeatsLost}).
     */
    BookingRecord confirm(UUID bookingId, Payment payment) {
        return confirm(bookingId, payment, null, 0).booking();
    }

    /** The checkout given to a sale was moved on by someone else meanwhile; nothing was sold by this call. */
    static final class CheckoutMoved extends RuntimeException {
        CheckoutMoved() {
            super("the checkout was moved on meanwhile", null, false, false);
        }
    }

    /**
     * As {@link #confirm(UUID, Payment)}, in one database round trip ({@code sell_booking()}, see
     * V5__sale_in_one_round_trip.sql); {@code checkoutId} (may be null) moves to CONFIRMED, with the
     * payment and the change due, in the sale's own transaction, so the sale and the checkout's
     * state commit together or not at all; {@link CheckoutMoved} when that checkout is no longer
     * STARTED or CHARGED (then nothing was sold).
     */
    Sold confirm(UUID bookingId, Payment payment, UUID checkoutId, long changeDueMinor) {
        String paymentId = payment.getId();
        boolean paymentOk = payment.getBookingId().equals(bookingId.toString()) && payment.getStatus() == PaymentStatus.APPROVED
                && payment.getRefunded().getAmountMinor() == 0;
        Sale sale;
        try {
            sale = transactions.autocommit(c -> sell(c, bookingId, payment, paymentOk, checkoutId, changeDueMinor));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && SEATS_LOST.equals(sql.getSQLState())) {
                metrics.seatConflict(true);
                List<String> lost = detail(sql);
                throw new SeatsLost("the hold ran out and seat" + (lost.size() == 1 ? " " : "s ") + String.join(", ", lost)
                        + (lost.size() == 1 ? " was" : " were") + " sold to someone else");
            }
            if (e.getCause() instanceof SQLException sql && CHECKOUT_MOVED.equals(sql.getSQLState())) throw new CheckoutMoved();
            if (e.getCause() instanceof SQLException sql && CancelledShowtimes.SQLSTATE.equals(sql.getSQLState())) {
                // Refused in the sale's own statement (V9): the caller refunds; the hold is closed here.
                transactions.inTransaction(c -> CancelledShowtimes.closeHold(c, bookingId));
                throw new SeatsLost(CancelledShowtimes.REASON);
            }
            throw e;
        }
        BookingRecord booking = sale.booking();
        switch (sale.outcome()) {
            case "NOT_FOUND" -> throw new NotFoundException("booking_id: there is no booking " + bookingId);
            case "ALREADY" -> {
                return new Sold(booking, false);
            }
            case "OTHER_PAYMENT" -> throw new SeatsLost("booking " + booking.code() + " was already paid by another payment");
            case "CANCELLED" -> throw new SeatsLost("booking " + booking.code() + " was cancelled");
            case "RELEASED" -> throw new SeatsLost("the hold of booking " + booking.code() + " was given up");
            case "WRONG_PAYMENT" -> {
                String wrong = wrongPayment(booking, payment);
                throw new WrongPayment(wrong != null ? wrong : "payment " + paymentId + " does not pay for booking " + booking.code());
            }
            default -> { }
        }
        log.debug("Booking {} sold ({} seat(s), payment {})", booking.code(), booking.lines().size(), paymentId);
        metrics.sold(booking.lines().size()); // after the commit; an idempotent repeat returned above
        return new Sold(booking, sale.checkoutConfirmed());
    }

    /** SQLSTATE raised by sell_booking when a seat of the booking belongs to someone else (DETAIL names them). */
    private static final String SEATS_LOST = "MQ003";
    /** SQLSTATE raised by sell_booking when the checkout it was to confirm is no longer STARTED or CHARGED. */
    private static final String CHECKOUT_MOVED = "MQ004";

    private record Sale(String outcome, boolean checkoutConfirmed, BookingRecord booking) {}

    private static Sale sell(Connection c, UUID bookingId, Payment payment, boolean paymentOk, UUID checkoutId, long changeDue)
            throws SQLException {
        try (PreparedStatement sell = c.prepareStatement("SELECT * FROM sell_booking(?, ?, ?, ?, ?, ?, ?)")) {
            sell.setObject(1, bookingId);
            sell.setString(2, payment.getId());
            sell.setBoolean(3, paymentOk);
            sell.setLong(4, payment.getAmount().getAmountMinor());
            sell.setString(5, payment.getAmount().getCurrency());
            sell.setObject(6, checkoutId);
            sell.setLong(7, changeDue);
            try (ResultSet rs = sell.executeQuery()) {
                rs.next();
                String outcome = rs.getString("o_outcome");
                if ("NOT_FOUND".equals(outcome)) return new Sale(outcome, false, null);
                List<SeatRules.Line> lines = new ArrayList<>();
                String[] seats = (String[]) rs.getArray("o_seats").getArray();
                String[] rows = (String[]) rs.getArray("o_rows").getArray();
                Integer[] numbers = (Integer[]) rs.getArray("o_numbers").getArray();
                String[] categories = (String[]) rs.getArray("o_categories").getArray();
                String[] types = (String[]) rs.getArray("o_types").getArray();
                Long[] prices = (Long[]) rs.getArray("o_prices").getArray();
                for (int i = 0; i < seats.length; i++) {
                    if (seats[i] == null) continue; // a booking without lines aggregates to {NULL}
                    lines.add(new SeatRules.Line(seats[i], rows[i], numbers[i], SeatCategory.valueOf(categories[i]),
                            TicketType.valueOf(types[i]), prices[i]));
                }
                BookingRecord booking = new BookingRecord(bookingId, rs.getString("o_code"), rs.getObject("o_showtime", UUID.class),
                        rs.getObject("o_cinema", UUID.class), rs.getString("o_user"),
                        BookingRecord.Status.valueOf(rs.getString("o_status")), rs.getString("o_currency").strip(),
                        rs.getLong("o_fee"), rs.getLong("o_total"), rs.getTimestamp("o_expires").toInstant(),
                        rs.getString("o_payment"), rs.getTimestamp("o_created").toInstant(), rs.getString("o_title"),
                        rs.getString("o_hall"), rs.getTimestamp("o_starts").toInstant(), List.copyOf(lines));
                return new Sale(outcome, rs.getBoolean("o_checkout"), booking);
            }
        }
    }

    private static List<String> detail(SQLException e) {
        String detail = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getDetail() : null;
        return detail == null || detail.isBlank() ? List.of() : List.of(detail.split(",\\s*"));
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
        return transactions.inTransaction(c -> {
                BookingRecord booking = lockSoldOrCancelled(c, bookingId);
                if (booking.status() == BookingRecord.Status.CANCELLED) return booking;
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
                return booking;
        });
    }

    /**
     * Frees the seats of a sold booking whose money has been given back, and records that its
     * tickets must be revoked (done right after, and retried by the reconciler until done).
     */
    BookingRecord cancel(UUID bookingId, String reason, String requestedBy) {
        record Cancelled(BookingRecord booking, int freed) {}
        Cancelled done = transactions.inTransaction(c -> {
                BookingRecord booking = lockSoldOrCancelled(c, bookingId);
                if (booking.status() == BookingRecord.Status.CANCELLED) return new Cancelled(booking, -1);
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
                if (!freed.isEmpty()) SeatMaps.append(c, booking.showtimeId(), c.createArrayOf("varchar", freed.toArray()), "FREE", "cancelled");
                BookingEvents.cancelled(c, booking, reason);
                return new Cancelled(booking.with(BookingRecord.Status.CANCELLED, booking.paymentId()), freed.size());
        });
        if (done.freed() >= 0) log.info("Booking {} cancelled by {} ({} seat(s) freed)", done.booking().code(), requestedBy, done.freed());
        return done.booking();
    }

    private BookingRecord lock(Connection c, UUID bookingId) throws SQLException {
        return store.lock(c, bookingId);
    }
}
