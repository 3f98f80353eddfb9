package marquee.reservations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.platform.db.Transactions;

/** The checkout table: how far each purchase got, so it can be continued after a crash. */
final class CheckoutStore {
    enum State { STARTED, CHARGED, CONFIRMED, COMPLETED, DECLINED, REFUNDED, ABANDONED;

        boolean finished() {
            return this == COMPLETED || this == DECLINED || this == REFUNDED || this == ABANDONED;
        }

        /**
         * The states a checkout may be in to move to this one. States only move forward, and the
         * ends that say "no money" (DECLINED, ABANDONED) only follow STARTED: once a checkout is
         * CHARGED its money is either sold or refunded.
         */
        List<String> predecessors() {
            return switch (this) {
                case STARTED -> List.of();
                case CHARGED, DECLINED, ABANDONED -> List.of("STARTED");
                case CONFIRMED, REFUNDED -> List.of("STARTED", "CHARGED");
                case COMPLETED -> List.of("CHARGED", "CONFIRMED");
            };
        }
    }

    record Row(UUID id, UUID bookingId, String idempotencyKey, String requestedBy, State state, String paymentId,
               String message, long changeDueMinor) {}

    private final DataSource db;
    private final Transactions transactions;

    CheckoutStore(DataSource db) {
        this.db = db;
        this.transactions = new Transactions(db, "reservations");
    }

    /**
     * The checkout for this booking and key: a new one in STARTED (one round trip: the insert returns
     * it), or the existing one (a retry: read after the insert found the key taken).
     */
    Row begin(UUID bookingId, String key, String requestedBy) {
        return transactions.autocommit(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO checkout (id, booking_id, idempotency_key, requested_by, state) VALUES (?, ?, ?, ?, 'STARTED')
                    ON CONFLICT (booking_id, idempotency_key) DO NOTHING
                    RETURNING id, booking_id, idempotency_key, requested_by, state, payment_id, message, change_due_minor""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, bookingId);
                insert.setString(3, key);
                insert.setString(4, requestedBy);
                try (ResultSet rs = insert.executeQuery()) {
                    if (rs.next()) return row(rs);
                }
            }
            return find(c, "booking_id = ? AND idempotency_key = ?", bookingId, key).orElseThrow();
        });
    }

    /**
     * Moves the checkout to {@code state} if that is forward from where it is (see
     * {@link State#predecessors}); false when it was not (someone else moved it first, or the move
     * would go back). Decided by the database, so a reconciler and a retrying client cannot undo
     * each other's progress.
     */
    boolean advance(UUID id, State state, String paymentId, String message, long changeDueMinor) {
        return transactions.autocommit(c -> advanceIn(c, id, state, paymentId, message, changeDueMinor));
    }

    /** As {@link #advance}, in the caller's transaction (a sale records CONFIRMED in its own commit). */
    static boolean advanceIn(Connection c, UUID id, State state, String paymentId, String message, long changeDueMinor)
            throws SQLException {
        List<String> from = state.predecessors();
        if (from.isEmpty()) return false;
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE checkout SET state = ?, payment_id = coalesce(?, payment_id), message = coalesce(?, message),
                       change_due_minor = CASE WHEN ? > 0 THEN ? ELSE change_due_minor END, updated_at = now()
                 WHERE id = ? AND state = ANY (?)""")) {
            update.setString(1, state.name());
            update.setString(2, paymentId);
            update.setString(3, message);
            update.setLong(4, changeDueMinor);
            update.setLong(5, changeDueMinor);
            update.setObject(6, id);
            update.setArray(7, c.createArrayOf("varchar", from.toArray()));
            return update.executeUpdate() == 1;
        }
    }

    /** The checkout as stored now. */
    Row get(UUID id) {
        return transactions.autocommit(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT id, booking_id, idempotency_key, requested_by, state, payment_id, message, change_due_minor
                      FROM checkout WHERE id = ?""")) {
                q.setObject(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("checkout " + id + " is gone");
                    return row(rs);
                }
            }
        });
    }

    /** Whether any checkout of the booking exists (finished or not). */
    boolean anyFor(UUID bookingId) {
        return exists("SELECT 1 FROM checkout WHERE booking_id = ? LIMIT 1", bookingId);
    }

    /** Whether a checkout of the booking is unfinished (it may still sell the seats on a payment). */
    boolean openFor(UUID bookingId) {
        return exists("SELECT 1 FROM checkout WHERE booking_id = ? AND state IN ('STARTED', 'CHARGED', 'CONFIRMED') LIMIT 1",
                bookingId);
    }

    private boolean exists(String sql, UUID bookingId) {
        return transactions.autocommit(c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setObject(1, bookingId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Takes one unfinished checkout that nobody touched for {@code idle}, and leases it by
     * touching it, so other instances' reconcilers skip it meanwhile.
     */
    Optional<Row> leaseStale(Duration idle) {
        try (Connection c = db.getConnection(); PreparedStatement lease = c.prepareStatement("""
                UPDATE checkout SET updated_at = now() WHERE id = (
                    SELECT id FROM checkout
                     WHERE state IN ('STARTED', 'CHARGED', 'CONFIRMED') AND updated_at < now() - ? * interval '1 millisecond'
                     ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, booking_id, idempotency_key, requested_by, state, payment_id, message, change_due_minor""")) {
            lease.setLong(1, idle.toMillis());
            try (ResultSet rs = lease.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look for unfinished checkouts", e);
        }
    }

    /** A cancellation not done yet; {@code requested}: its refund was asked for but the seats are still sold. */
    record PendingCancellation(UUID bookingId, String paymentId, String reason, String requestedBy, boolean requested) {}

    Optional<PendingCancellation> leaseCancellation(Duration idle) {
        try (Connection c = db.getConnection(); PreparedStatement lease = c.prepareStatement("""
                UPDATE cancellation SET updated_at = now() WHERE booking_id = (
                    SELECT booking_id FROM cancellation WHERE NOT done AND updated_at < now() - ? * interval '1 millisecond'
                     ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING booking_id, payment_id, reason, requested_by, stage""")) {
            lease.setLong(1, idle.toMillis());
            try (ResultSet rs = lease.executeQuery()) {
                return rs.next() ? Optional.of(new PendingCancellation(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), "REQUESTED".equals(rs.getString(5))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look for unfinished cancellations", e);
        }
    }

    /** Takes back a cancellation whose refund was refused or never made; the booking stays sold. */
    void withdrawCancellation(UUID bookingId) {
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM cancellation WHERE booking_id = ? AND stage = 'REQUESTED'")) {
            delete.setObject(1, bookingId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not withdraw the cancellation of " + bookingId, e);
        }
    }

    void cancellationDone(UUID bookingId) {
        try (Connection c = db.getConnection();
             PreparedStatement done = c.prepareStatement("UPDATE cancellation SET done = true, updated_at = now() WHERE booking_id = ?")) {
            done.setObject(1, bookingId);
            done.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record cancellation of " + bookingId, e);
        }
    }

    private Optional<Row> find(Connection c, String where, Object first, Object second) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT id, booking_id, idempotency_key, requested_by, state, payment_id, message, change_due_minor
                  FROM checkout WHERE\s""" + where)) {
            q.setObject(1, first);
            q.setObject(2, second);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                State.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getLong(8));
    }
}
