package marquee.reservations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import marquee.platform.db.Transactions;

/**
 * The seat-map read model and its event log: the state of a showtime's seats with the version it
 * is at, the seats taken now, and the log of seat changes ({@code seat_event}) that every change
 * appends to in its own transaction. {@link SeatMapFeed} streams that log to watchers.
 */
final class SeatMaps {
    private final Transactions transactions;
    private final Venue venue;

    SeatMaps(Transactions transactions, Venue venue) {
        this.transactions = transactions;
        this.venue = venue;
    }

    /** Appends a seat change with the showtime's next version, in the caller's transaction (see seat_version in V1). */
    static void append(Connection c, UUID showtimeId, Array seats, String status, String reason) throws SQLException {
        try (PreparedStatement e = c.prepareStatement("""
                WITH bumped AS (
                    INSERT INTO seat_version (showtime_id, version) VALUES (?, 1)
                    ON CONFLICT (showtime_id) DO UPDATE SET version = seat_version.version + 1
                    RETURNING version)
                INSERT INTO seat_event (showtime_id, version, seat_ids, status, reason)
                SELECT ?, version, ?, ?, ? FROM bumped""")) {
            e.setObject(1, showtimeId);
            e.setObject(2, showtimeId);
            e.setArray(3, seats);
            e.setString(4, status);
            e.setString(5, reason);
            e.executeUpdate();
        }
    }

    /** Layout, rules, prices and every non-free seat of a showtime, with the version they are at. */
    SeatMapView seatMap(UUID showtimeId) {
        Venue.Show show = venue.show(showtimeId);
        Map<String, SeatMapView.SeatState> states = new LinkedHashMap<>();
        for (String blocked : SeatRules.blockedSeats(show.hall().getLayout())) states.put(blocked, SeatMapView.SeatState.BLOCKED);
        long version = transactions.autocommit(c -> {
            // One snapshot for states and version, so a watcher continuing from the version misses nothing.
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT seat_id, status, (SELECT coalesce(max(version), 0) FROM seat_version WHERE showtime_id = ?)
                      FROM seat_claim WHERE showtime_id = ? AND (status = 'SOLD' OR expires_at > now())
                    UNION ALL SELECT NULL, NULL, (SELECT coalesce(max(version), 0) FROM seat_version WHERE showtime_id = ?)""")) {
                q.setObject(1, showtimeId);
                q.setObject(2, showtimeId);
                q.setObject(3, showtimeId);
                long at = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        at = rs.getLong(3);
                        if (rs.getString(1) != null) states.put(rs.getString(1), SeatMapView.SeatState.valueOf(rs.getString(2)));
                    }
                }
                return at;
            }
        });
        return new SeatMapView(show, states, version);
    }

    /** Seats of a showtime held (unexpired) or sold right now. */
    Set<String> occupiedSeats(UUID showtimeId) {
        return transactions.autocommit(c -> {
            Set<String> seats = new TreeSet<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT seat_id FROM seat_claim WHERE showtime_id = ? AND (status = 'SOLD' OR expires_at > now())")) {
                q.setObject(1, showtimeId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) seats.add(rs.getString(1));
                }
            }
            return seats;
        });
    }

    /** Changes of a showtime's seats after {@code version}, oldest first (at most 500 per call). */
    List<SeatEvent> eventsAfter(UUID showtimeId, long version) {
        return transactions.autocommit(c -> {
            List<SeatEvent> events = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT version, seat_ids, status, reason FROM seat_event
                     WHERE showtime_id = ? AND version > ? ORDER BY version LIMIT 500""")) {
                q.setObject(1, showtimeId);
                q.setLong(2, version);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        events.add(new SeatEvent(rs.getLong(1), List.of((String[]) rs.getArray(2).getArray()), rs.getString(3),
                                rs.getString(4)));
                    }
                }
            }
            return events;
        });
    }
}
