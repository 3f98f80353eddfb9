package marquee.theaters;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Plain-JDBC access to the {@code hall_row} and {@code seat} tables: a hall of 5,000 seats is
 * written with two batched inserts and read with one query. Every method runs on the connection
 * of the caller's Hibernate transaction.
 */
final class SeatStore {
    private SeatStore() {}

    static void insert(Connection connection, UUID hallId, Layout layout) throws SQLException {
        try (PreparedStatement rows = connection.prepareStatement(
                "INSERT INTO hall_row (hall_id, label, y) VALUES (?, ?, ?)")) {
            for (Layout.Row row : layout.rows()) {
                rows.setObject(1, hallId);
                rows.setString(2, row.label());
                rows.setInt(3, row.y());
                rows.addBatch();
            }
            rows.executeBatch();
        }
        try (PreparedStatement seats = connection.prepareStatement(
                "INSERT INTO seat (hall_id, seat_id, row_label, number, x, width, category, blocked, partner_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Layout.Row row : layout.rows()) {
                for (Layout.Seat seat : row.seats()) {
                    seats.setObject(1, hallId);
                    seats.setString(2, seat.id());
                    seats.setString(3, row.label());
                    seats.setInt(4, seat.number());
                    seats.setInt(5, seat.x());
                    seats.setShort(6, (short) seat.width());
                    seats.setString(7, seat.category().name());
                    seats.setBoolean(8, seat.blocked());
                    seats.setString(9, seat.partnerId().isEmpty() ? null : seat.partnerId());
                    seats.addBatch();
                    if (++pending == 1_000) {
                        seats.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) seats.executeBatch();
        }
    }

    static void deleteAll(Connection connection, UUID hallId) throws SQLException {
        try (PreparedStatement seats = connection.prepareStatement("DELETE FROM seat WHERE hall_id = ?");
             PreparedStatement rows = connection.prepareStatement("DELETE FROM hall_row WHERE hall_id = ?")) {
            seats.setObject(1, hallId);
            seats.executeUpdate();
            rows.setObject(1, hallId);
            rows.executeUpdate();
        }
    }

    /** The hall's layout: rows by y, seats by x. */
    static Layout load(Connection connection, UUID hallId, int width, int depth) throws SQLException {
        List<Layout.Row> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT r.label, r.y, s.seat_id, s.number, s.x, s.width, s.category, s.blocked, s.partner_id"
                        + " FROM hall_row r JOIN seat s ON s.hall_id = r.hall_id AND s.row_label = r.label"
                        + " WHERE r.hall_id = ? ORDER BY r.y, s.x")) {
            query.setObject(1, hallId);
            query.setFetchSize(1_000);
            try (ResultSet result = query.executeQuery()) {
                String label = null;
                int y = 0;
                List<Layout.Seat> seats = null;
                while (result.next()) {
                    String rowLabel = result.getString(1);
                    if (!rowLabel.equals(label)) {
                        if (label != null) rows.add(new Layout.Row(label, y, seats));
                        label = rowLabel;
                        y = result.getInt(2);
                        seats = new ArrayList<>();
                    }
                    String partner = result.getString(9);
                    seats.add(new Layout.Seat(result.getString(3), rowLabel, result.getInt(4), result.getInt(5),
                            result.getInt(6), Layout.Category.valueOf(result.getString(7)), result.getBoolean(8),
                            partner == null ? "" : partner));
                }
                if (label != null) rows.add(new Layout.Row(label, y, seats));
            }
        }
        return new Layout(rows, width, depth);
    }

    /** Seat counts of the given halls; halls without seats are missing from the map. */
    static Map<UUID, Integer> counts(Connection connection, Collection<UUID> hallIds) throws SQLException {
        Map<UUID, Integer> counts = new HashMap<>();
        if (hallIds.isEmpty()) return counts;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT hall_id, count(*) FROM seat WHERE hall_id = ANY (?) GROUP BY hall_id")) {
            Array ids = connection.createArrayOf("uuid", hallIds.toArray());
            query.setArray(1, ids);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) counts.put(result.getObject(1, UUID.class), result.getInt(2));
            }
        }
        return counts;
    }

    static int count(Connection connection, UUID hallId) throws SQLException {
        return counts(connection, List.of(hallId)).getOrDefault(hallId, 0);
    }

    /** Which of the given seat ids exist in the hall. */
    static Set<String> existing(Connection connection, UUID hallId, Collection<String> seatIds) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT seat_id FROM seat WHERE hall_id = ? AND seat_id = ANY (?)")) {
            query.setObject(1, hallId);
            query.setArray(2, connection.createArrayOf("varchar", seatIds.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) found.add(result.getString(1));
            }
        }
        return found;
    }

    static void setBlocked(Connection connection, UUID hallId, Collection<String> seatIds, boolean blocked)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE seat SET blocked = ? WHERE hall_id = ? AND seat_id = ANY (?)")) {
            update.setBoolean(1, blocked);
            update.setObject(2, hallId);
            update.setArray(3, connection.createArrayOf("varchar", seatIds.toArray()));
            update.executeUpdate();
        }
    }
}
