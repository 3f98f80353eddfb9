package marquee.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.platform.db.Transactions;

/**
 * Plain JDBC access to the payments schema. Plain SQL because the two guarantees of this service
 * are expressed in it directly: {@code INSERT … ON CONFLICT DO NOTHING} on the idempotency keys
 * and {@code SELECT … FOR UPDATE} on a payment while refunding it.
 */
final class PaymentStore {
    private static final String COLUMNS = "id, idempotency_key, booking_id, cinema_id, amount_minor, currency, refunded_minor,"
            + " status, method, card_brand, card_last4, gateway_reference, decline_reason, tendered_minor, change_due_minor,"
            + " taken_by, created_at, shift_id, seat_count";
    private static final String REFUND_COLUMNS = "id, payment_id, idempotency_key, amount_minor, reason, requested_by,"
            + " approved_by, gateway_reference, created_at, kind, shift_id";

    private final Transactions transactions;

    PaymentStore(DataSource dataSource) {
        this.transactions = new Transactions(dataSource, "payments");
    }

    @FunctionalInterface
    interface SqlWork<T> extends Transactions.Work<T> {}

    /** Runs work in one transaction (see {@link Transactions#inTransaction}); the work's exceptions come out as they are. */
    <T> T inTransaction(SqlWork<T> work) {
        return transactions.inTransaction(work);
    }

    /** Runs work in autocommit: each statement is its own transaction. */
    <T> T read(SqlWork<T> work) {
        return transactions.autocommit(work);
    }

    /**
     * Inserts the payment in autocommit (one round trip) unless its idempotency key is taken; the
     * stored payment when this call inserted it, empty when the key was taken.
     */
    Optional<Payment> insertIfAbsent(Payment p) {
        return read(c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT + " RETURNING " + COLUMNS)) {
                bindInsert(insert, p);
                try (ResultSet rows = insert.executeQuery()) {
                    return rows.next() ? Optional.of(paymentWithoutRefunds(rows)) : Optional.<Payment>empty();
                }
            }
        });
    }

    private static final String INSERT = "INSERT INTO payments (" + COLUMNS + ", updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";

    /** Inserts the payment unless its idempotency key is taken; true when this call inserted it. */
    boolean insertIfAbsent(Connection c, Payment p) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            bindInsert(insert, p);
            return insert.executeUpdate() == 1;
        }
    }

    private static void bindInsert(PreparedStatement insert, Payment p) throws SQLException {
        {
            {
                insert.setObject(1, p.id());
                insert.setString(2, p.idempotencyKey());
                insert.setObject(3, p.bookingId());
                insert.setObject(4, p.cinemaId());
                insert.setLong(5, p.amountMinor());
                insert.setString(6, p.currency());
                insert.setLong(7, p.refundedMinor());
                insert.setString(8, p.status().name());
                insert.setString(9, p.method().name());
                insert.setString(10, p.cardBrand());
                insert.setString(11, p.cardLast4());
                insert.setString(12, p.gatewayReference());
                insert.setString(13, p.declineReason());
                insert.setLong(14, p.tenderedMinor());
                insert.setLong(15, p.changeDueMinor());
                insert.setString(16, p.takenBy());
                insert.setTimestamp(17, Timestamp.from(p.createdAt()));
                insert.setObject(18, p.shiftId());
                insert.setInt(19, p.seatCount());
                insert.setTimestamp(20, Timestamp.from(p.createdAt()));
            }
        }
    }

    /**
     * Records the gateway's answer on a payment still PENDING and returns the payment as it is then
     * (one round trip: nothing of a PENDING payment can have been refunded); empty when it was
     * settled meanwhile, and stays as it is.
     */
    Optional<Payment> settle(UUID id, Payment.Status status, String brand, String last4, String gatewayReference,
                             String declineReason, Instant now) {
        return read(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE payments SET status = ?, card_brand = ?, card_last4 = ?,"
                    + " gateway_reference = ?, decline_reason = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'"
                    + " RETURNING " + COLUMNS)) {
                update.setString(1, status.name());
                update.setString(2, brand);
                update.setString(3, last4);
                update.setString(4, gatewayReference);
                update.setString(5, declineReason);
                update.setTimestamp(6, Timestamp.from(now));
                update.setObject(7, id);
                try (ResultSet rows = update.executeQuery()) {
                    return rows.next() ? Optional.of(paymentWithoutRefunds(rows)) : Optional.<Payment>empty();
                }
            }
        });
    }

    Optional<Payment> find(UUID id) {
        return read(c -> find(c, "SELECT " + COLUMNS + " FROM payments WHERE id = ?", id));
    }

    Optional<Payment> findByKey(String key) {
        return read(c -> find(c, "SELECT " + COLUMNS + " FROM payments WHERE idempotency_key = ?", key));
    }

    /** The payment, locked until the transaction ends, so concurrent refunds see each other's amounts. */
    Optional<Payment> lock(Connection c, UUID id) throws SQLException {
        return find(c, "SELECT " + COLUMNS + " FROM payments WHERE id = ? FOR UPDATE", id);
    }

    /** Card payments still PENDING that were created before the cutoff, oldest first. */
    List<Payment> pendingBefore(Instant cutoff, int limit) {
        return read(c -> {
            List<Payment> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM payments WHERE status = 'PENDING'"
                    + " AND created_at < ? ORDER BY created_at LIMIT ?")) {
                select.setTimestamp(1, Timestamp.from(cutoff));
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) out.add(payment(c, rows));
                }
            }
            return out;
        });
    }

    List<Payment> byBooking(UUID bookingId) {
        return read(c -> {
            List<Payment> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM payments WHERE booking_id = ? ORDER BY created_at, id")) {
                select.setObject(1, bookingId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) out.add(payment(c, rows));
                }
            }
            return out;
        });
    }

    /** The refund made under this key on this payment (keys are scoped to their payment). */
    Optional<Payment.Refund> refundByKey(Connection c, UUID paymentId, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + REFUND_COLUMNS
                + " FROM refunds WHERE payment_id = ? AND idempotency_key = ?")) {
            select.setObject(1, paymentId);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(refund(rows)) : Optional.empty();
            }
        }
    }

    Optional<Payment.Refund> refundByKey(UUID paymentId, String key) {
        return read(c -> refundByKey(c, paymentId, key));
    }

    /** Adds a refund and raises the payment's refunded amount, in the caller's (locking) transaction. */
    void addRefund(Connection c, Payment.Refund refund, Payment.Status newStatus) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO refunds (" + REFUND_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE payments SET refunded_minor = refunded_minor + ?,"
                     + " status = ?, updated_at = ? WHERE id = ?")) {
            insert.setObject(1, refund.id());
            insert.setObject(2, refund.paymentId());
            insert.setString(3, refund.idempotencyKey());
            insert.setLong(4, refund.amountMinor());
            insert.setString(5, refund.reason());
            insert.setString(6, refund.requestedBy());
            insert.setString(7, refund.approvedBy());
            insert.setString(8, refund.gatewayReference());
            insert.setTimestamp(9, Timestamp.from(refund.createdAt()));
            insert.setString(10, refund.kind().name());
            insert.setObject(11, refund.shiftId());
            insert.executeUpdate();
            update.setLong(1, refund.amountMinor());
            update.setString(2, newStatus.name());
            update.setTimestamp(3, Timestamp.from(refund.createdAt()));
            update.setObject(4, refund.paymentId());
            update.executeUpdate();
        }
    }

    /** Records the gateway's reference of a card refund once the gateway has paid it out. */
    void refundPaidOut(UUID refundId, String gatewayReference) {
        read(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE refunds SET gateway_reference = ? WHERE id = ?")) {
                update.setString(1, gatewayReference);
                update.setObject(2, refundId);
                return update.executeUpdate();
            }
        });
    }

    /** Totals per method of money taken, and of refunds, for a cinema and range (optionally one staff member). */
    Totals totals(UUID cinemaId, String takenBy, Instant from, Instant to) {
        return read(c -> {
            Totals totals = new Totals();
            String byStaff = takenBy.isEmpty() ? "" : " AND taken_by = ?";
            try (PreparedStatement select = c.prepareStatement("SELECT method, coalesce(sum(amount_minor), 0), count(*),"
                    + " min(currency) FROM payments WHERE cinema_id = ? AND status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED')"
                    + " AND created_at >= ? AND created_at < ?" + byStaff + " GROUP BY method")) {
                bind(select, cinemaId, takenBy, from, to);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getString(1).equals("CARD")) totals.card += rows.getLong(2);
                        else totals.cash += rows.getLong(2);
                        totals.charges += rows.getInt(3);
                        totals.currency = rows.getString(4);
                    }
                }
            }
            String refundedBy = takenBy.isEmpty() ? "" : " AND r.requested_by = ?";
            try (PreparedStatement select = c.prepareStatement("SELECT p.method, coalesce(sum(r.amount_minor), 0), count(*),"
                    + " min(p.currency) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.cinema_id = ?"
                    + " AND r.created_at >= ? AND r.created_at < ?" + refundedBy + " GROUP BY p.method")) {
                bind(select, cinemaId, takenBy, from, to);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        totals.refunds += rows.getLong(2);
                        if (rows.getString(1).equals("CASH")) totals.cashRefunds += rows.getLong(2);
                        totals.refundCount += rows.getInt(3);
                        totals.currency = rows.getString(4);
                    }
                }
            }
            return totals;
        });
    }

    static final class Totals {
        long card;
        long cash;
        long refunds;
        long cashRefunds;
        int charges;
        int refundCount;
        String currency = "";
    }

    private static void bind(PreparedStatement select, UUID cinemaId, String takenBy, Instant from, Instant to) throws SQLException {
        select.setObject(1, cinemaId);
        select.setTimestamp(2, Timestamp.from(from));
        select.setTimestamp(3, Timestamp.from(to));
        if (!takenBy.isEmpty()) select.setString(4, takenBy);
    }

    private Optional<Payment> find(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setObject(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(payment(c, rows)) : Optional.empty();
            }
        }
    }

    private Payment payment(Connection c, ResultSet row) throws SQLException {
        UUID id = row.getObject(1, UUID.class);
        List<Payment.Refund> refunds = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + REFUND_COLUMNS
                + " FROM refunds WHERE payment_id = ? ORDER BY created_at, id")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) refunds.add(refund(rows));
            }
        }
        return payment(row, refunds);
    }

    /** A payment row that cannot have refunds (just inserted, or just settled from PENDING). */
    private static Payment paymentWithoutRefunds(ResultSet row) throws SQLException {
        return payment(row, List.of());
    }

    private static Payment payment(ResultSet row, List<Payment.Refund> refunds) throws SQLException {
        UUID id = row.getObject(1, UUID.class);
        return new Payment(id, row.getString(2), row.getObject(3, UUID.class), row.getObject(4, UUID.class),
                row.getLong(5), row.getString(6).trim(), row.getLong(7), Payment.Status.valueOf(row.getString(8)),
                Payment.Method.valueOf(row.getString(9)), row.getString(10), row.getString(11), row.getString(12),
                row.getString(13), row.getLong(14), row.getLong(15), row.getString(16), row.getTimestamp(17).toInstant(),
                List.copyOf(refunds), row.getObject(18, UUID.class), row.getInt(19));
    }

    private static Payment.Refund refund(ResultSet row) throws SQLException {
        return new Payment.Refund(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getString(3), row.getLong(4),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getTimestamp(9).toInstant(),
                Payment.Kind.valueOf(row.getString(10)), row.getObject(11, UUID.class));
    }
}
