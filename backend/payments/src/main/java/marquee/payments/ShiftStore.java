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

/**
 * Plain JDBC for shifts, drops and voids, always on a connection of the caller's transaction
 * ({@link PaymentStore#inTransaction}). The rules that must hold under concurrency are in SQL: the
 * partial unique indexes (one open shift per cashier and per station), {@code FOR SHARE} on an
 * open shift by everything that adds money to it, {@code FOR UPDATE} by its close.
 */
final class ShiftStore {
    private static final String COLUMNS = "id, cinema_id, station_id, cashier_id, currency, opening_float_minor, opened_at,"
            + " closed_at, closed_by, counted_minor, expected_minor";

    /** Inserts an open shift; the unique indexes refuse a second open shift (SQLState 23505). */
    void insert(Connection c, Shift shift, String openKey) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO shifts (id, cinema_id, station_id, cashier_id, currency,"
                + " opening_float_minor, open_key, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, shift.id());
            insert.setObject(2, shift.cinemaId());
            insert.setString(3, shift.stationId());
            insert.setString(4, shift.cashierId());
            insert.setString(5, shift.currency());
            insert.setLong(6, shift.openingFloatMinor());
            insert.setString(7, openKey);
            insert.setTimestamp(8, Timestamp.from(shift.openedAt()));
            insert.executeUpdate();
        }
    }

    Optional<Shift> find(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM shifts WHERE id = ?", id);
    }

    Optional<Shift> byOpenKey(Connection c, String key) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM shifts WHERE open_key = ?", key);
    }

    Optional<Shift> byCloseKey(Connection c, String key) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM shifts WHERE close_key = ?", key);
    }

    /** The staff member's open shift, if any, unlocked (for reading). */
    Optional<Shift> openShiftOf(Connection c, String cashierId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM shifts WHERE cashier_id = ? AND closed_at IS NULL", cashierId);
    }

    /**
     * The staff member's open shift, share-locked until the transaction ends: money added to it
     * commits before a close can count, or waits and then finds the shift closed.
     */
    Optional<UUID> lockOpenShiftOf(Connection c, String cashierId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id FROM shifts WHERE cashier_id = ? AND closed_at IS NULL FOR SHARE")) {
            select.setString(1, cashierId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** The shift share-locked if it is still open; empty if it is closed or unknown. */
    Optional<Shift> lockIfOpen(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM shifts WHERE id = ? AND closed_at IS NULL FOR SHARE", id);
    }

    /** The shift, locked for its close. */
    Optional<Shift> lockForClose(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM shifts WHERE id = ? FOR UPDATE", id);
    }

    void close(Connection c, UUID id, String closedBy, String closeKey, long countedMinor, long expectedMinor, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE shifts SET closed_at = ?, closed_by = ?, close_key = ?,"
                + " counted_minor = ?, expected_minor = ? WHERE id = ? AND closed_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, closedBy);
            update.setString(3, closeKey);
            update.setLong(4, countedMinor);
            update.setLong(5, expectedMinor);
            update.setObject(6, id);
            if (update.executeUpdate() != 1) throw new IllegalStateException("shift " + id + " was not open");
        }
    }

    /** Adds a drop unless its key is taken; true when this call added it. */
    boolean insertDrop(Connection c, Shift.Drop drop) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO cash_drops (id, shift_id, idempotency_key, amount_minor,"
                + " note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING")) {
            insert.setObject(1, drop.id());
            insert.setObject(2, drop.shiftId());
            insert.setString(3, drop.idempotencyKey());
            insert.setLong(4, drop.amountMinor());
            insert.setString(5, drop.note());
            insert.setString(6, drop.recordedBy());
            insert.setTimestamp(7, Timestamp.from(drop.createdAt()));
            return insert.executeUpdate() == 1;
        }
    }

    Optional<Shift.Drop> dropByKey(Connection c, String key) throws SQLException {
        List<Shift.Drop> found = drops(c, "idempotency_key = ?", key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The shift's figures, all computed by the database from the rows that belong to it. */
    Shift.Figures figures(Connection c, UUID shiftId) throws SQLException {
        int cashCount = 0, cardCount = 0, refundCount = 0, voidCount = 0, dropCount = 0, tickets = 0;
        long cash = 0, card = 0, refunds = 0, cashRefunds = 0, voids = 0, drops = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT method, count(*), coalesce(sum(amount_minor), 0),"
                // Net tickets: a sale voided or refunded in full gave its seats back; a partial refund did not.
                + " coalesce(sum(seat_count) FILTER (WHERE p.status <> 'REFUNDED'"
                + " AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = p.id)), 0)"
                + " FROM payments p WHERE shift_id = ? AND status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED')"
                + " GROUP BY method")) {
            select.setObject(1, shiftId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1).equals("CASH")) {
                        cashCount = rows.getInt(2);
                        cash = rows.getLong(3);
                    } else {
                        cardCount = rows.getInt(2);
                        card = rows.getLong(3);
                    }
                    tickets += rows.getInt(4);
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT r.kind, p.method, count(*), coalesce(sum(r.amount_minor), 0)"
                + " FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.shift_id = ? GROUP BY r.kind, p.method")) {
            select.setObject(1, shiftId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    boolean isVoid = rows.getString(1).equals("VOID");
                    long amount = rows.getLong(4);
                    if (isVoid) {
                        voidCount += rows.getInt(3);
                        voids += amount;
                    } else {
                        refundCount += rows.getInt(3);
                        refunds += amount;
                    }
                    if (rows.getString(2).equals("CASH")) cashRefunds += amount;
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT count(*), coalesce(sum(amount_minor), 0) FROM cash_drops WHERE shift_id = ?")) {
            select.setObject(1, shiftId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                dropCount = rows.getInt(1);
                drops = rows.getLong(2);
            }
        }
        return new Shift.Figures(cashCount, cash, cardCount, card, refundCount, refunds, cashRefunds, voidCount, voids,
                dropCount, drops, tickets);
    }

    /** Records a void unless the payment already has one; true when this call did. */
    boolean insertVoid(Connection c, Shift.Void v) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO voids (payment_id, idempotency_key, reason, requested_by,"
                + " approved_by, shift_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, v.paymentId());
            insert.setString(2, v.idempotencyKey());
            insert.setString(3, v.reason());
            insert.setString(4, v.requestedBy());
            insert.setString(5, v.approvedBy());
            insert.setObject(6, v.shiftId());
            insert.setTimestamp(7, Timestamp.from(v.createdAt()));
            return insert.executeUpdate() == 1;
        }
    }

    Optional<Shift.Void> voidOf(Connection c, UUID paymentId) throws SQLException {
        return oneVoid(c, "payment_id = ?", paymentId);
    }

    private Optional<Shift.Void> oneVoid(Connection c, String where, Object key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT payment_id, idempotency_key, reason, requested_by, approved_by,"
                + " shift_id, created_at FROM voids WHERE " + where)) {
            select.setObject(1, key);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) return Optional.empty();
                return Optional.of(new Shift.Void(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getObject(6, UUID.class), rows.getTimestamp(7).toInstant()));
            }
        }
    }

    private Optional<Shift> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setObject(1, key);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) return Optional.empty();
                UUID id = rows.getObject(1, UUID.class);
                Timestamp closed = rows.getTimestamp(8);
                long counted = rows.getLong(10);
                Long countedMinor = rows.wasNull() ? null : counted;
                long expected = rows.getLong(11);
                Long expectedMinor = rows.wasNull() ? null : expected;
                Shift shift = new Shift(id, rows.getObject(2, UUID.class), rows.getString(3), rows.getString(4),
                        rows.getString(5).trim(), rows.getLong(6), rows.getTimestamp(7).toInstant(),
                        closed == null ? null : closed.toInstant(), rows.getString(9), countedMinor, expectedMinor, List.of());
                rows.close();
                return Optional.of(new Shift(shift.id(), shift.cinemaId(), shift.stationId(), shift.cashierId(), shift.currency(),
                        shift.openingFloatMinor(), shift.openedAt(), shift.closedAt(), shift.closedBy(), shift.countedMinor(),
                        shift.expectedMinor(), drops(c, "shift_id = ?", id)));
            }
        }
    }

    private List<Shift.Drop> drops(Connection c, String where, Object key) throws SQLException {
        List<Shift.Drop> out = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id, shift_id, idempotency_key, amount_minor, note, recorded_by,"
                + " created_at FROM cash_drops WHERE " + where + " ORDER BY created_at, id")) {
            select.setObject(1, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new Shift.Drop(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                            rows.getLong(4), rows.getString(5), rows.getString(6), rows.getTimestamp(7).toInstant()));
                }
            }
        }
        return out;
    }
}
