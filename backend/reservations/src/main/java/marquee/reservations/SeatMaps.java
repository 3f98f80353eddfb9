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

    /**
     * Appends a seat change in the caller's transaction (READ COMMITTED, after the seat claims are
     * written); its version and horizon are drawn by the seat_event trigger (V10), with no lock on a
     * row of the showtime.
     */
    static void append(Connection c, UUID showtimeId, Array seats, String status, String reason) throws SQLException {
        try (PreparedStatement e = c.prepareStatement(
                "INSERT INTO seat_event (showtime_id, seat_ids, status, reason) VALUES (?, ?, ?, ?)")) {
            e.setObject(1, showtimeId);
            e.setArray(2, seats);
            e.setString(3, status);
            e.setString(4, reason);
            e.executeUpdate();
        }
    }

    /**
     * SQL for "events up to here are settled": an event whose horizon is at or below the oldest
     * transaction still running in the reader's snapshot was written after every change with a
     * smaller version had its version, and all of those have committed or rolled back (V10).
     */
    static final String SETTLED = "horizon <= pg_snapshot_xmin(pg_current_snapshot())";

    /**
     * The events a reader may deliver: in version order, up to and including the last settled one
     * (an unsettled event before it is visible and final too; everything after it waits).
     */
    static <T> List<T> settledPrefix(List<T> events, List<Boolean> settled) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (settled.get(i)) return events.subList(0, i + 1);
        }
        return List.of();
    }

    /**
     * Attempts of {@link #seatMap} (2 ms apart, at most a second) to see the events visible at its
     * first read settled, so the version it answers includes the caller's own earlier change.
     */
    private static final int SNAPSHOT_ATTEMPTS = 500;

    /** Layout, rules, prices and every non-free seat of a showtime, with the version they are at. */
    SeatMapView seatMap(UUID showtimeId) {
        Venue.Show show = venue.show(showtimeId);
        Map<String, SeatMapView.SeatState> states = new LinkedHashMap<>();
        long version = 0;
        long target = -1;
        for (int attempt = 1; ; attempt++) {
            states.clear();
            for (String blocked : SeatRules.blockedSeats(show.hall().getLayout())) states.put(blocked, SeatMapView.SeatState.BLOCKED);
            long[] at = transactions.autocommit(c -> {
                // One snapshot for states and version, so a watcher continuing from the version
                // misses nothing: every event up to the settled version is in these states. Events
                // after it may be in them too (committed, not yet settled); a watcher would get
                // those again, in order, which ends each seat in its state now — so while a change
                // is settling, this reads again a few milliseconds later.
                try (PreparedStatement q = c.prepareStatement("""
                        WITH settled AS (
                            SELECT coalesce((SELECT version FROM seat_event WHERE showtime_id = ? AND %s
                                              ORDER BY version DESC LIMIT 1), 0) AS version,
                                   coalesce((SELECT max(version) FROM seat_event WHERE showtime_id = ?), 0) AS latest)
                        SELECT seat_id, status, (SELECT version FROM settled), (SELECT latest FROM settled)
                          FROM seat_claim WHERE showtime_id = ? AND (status = 'SOLD' OR expires_at > now())
                        UNION ALL SELECT NULL, NULL, (SELECT version FROM settled), (SELECT latest FROM settled)""".formatted(SETTLED))) {
                    q.setObject(1, showtimeId);
                    q.setObject(2, showtimeId);
                    q.setObject(3, showtimeId);
                    long[] found = {0, 0};
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            found[0] = rs.getLong(3);
                            found[1] = rs.getLong(4);
                            if (rs.getString(1) != null) states.put(rs.getString(1), SeatMapView.SeatState.valueOf(rs.getString(2)));
                        }
                    }
                    return found;
                }
            });
            version = at[0];
            if (target < 0) target = at[1];
            if (version >= target || attempt == SNAPSHOT_ATTEMPTS) break;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
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

    /** Settled changes of a showtime's seats after {@code version}, oldest first (at most 500 per call). */
    List<SeatEvent> eventsAfter(UUID showtimeId, long version) {
        return transactions.autocommit(c -> {
            List<SeatEvent> events = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT version, seat_ids, status, reason, %s FROM seat_event
                     WHERE showtime_id = ? AND version > ? ORDER BY version LIMIT 500""".formatted(SETTLED))) {
                q.setObject(1, showtimeId);
                q.setLong(2, version);
                List<Boolean> settled = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        events.add(new SeatEvent(rs.getLong(1), List.of((String[]) rs.getArray(2).getArray()), rs.getString(3),
                                rs.getString(4)));
                        settled.add(rs.getBoolean(5));
                    }
                }
                return new ArrayList<>(settledPrefix(events, settled));
            }
        });
    }
}
