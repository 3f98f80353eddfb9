package marquee.reservations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Showtimes reservations knows are cancelled ({@code cancelled_showtime}, V9). The database refuses
 * any sale of a booking of such a showtime in the sale's own statement (trigger, SQLSTATE
 * {@value #SQLSTATE}); {@link Sales} turns that refusal into {@link Sales.SeatsLost}, so the
 * checkout's one compensation path refunds the payment, and closes the hold here.
 */
final class CancelledShowtimes {
    private static final Logger log = LoggerFactory.getLogger(CancelledShowtimes.class);
    /** Raised by the V9 trigger when a booking of a cancelled showtime would become CONFIRMED. */
    static final String SQLSTATE = "MQ005";
    static final String REASON = "the showtime was cancelled by the cinema";

    private CancelledShowtimes() {}

    /**
     * Records the showtime as cancelled and commits it at once (before any booking of it is
     * cancelled): from then on no sale of it can commit. Repeating it changes nothing.
     */
    static void record(DataSource db, UUID showtimeId) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO cancelled_showtime (showtime_id) VALUES (?) ON CONFLICT (showtime_id) DO NOTHING")) {
                insert.setObject(1, showtimeId);
                insert.executeUpdate();
            }
        }
    }

    /**
     * After a refused sale: the hold (held, run out or given up) becomes CANCELLED and its seat
     * claims go, in the caller's transaction. A booking that is sold or cancelled already is left
     * alone. Returns whether the hold was closed now.
     */
    static boolean closeHold(Connection c, UUID bookingId) throws SQLException {
        UUID showtimeId;
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE booking SET status = 'CANCELLED' WHERE id = ? AND status IN ('HELD', 'EXPIRED', 'RELEASED')
                RETURNING showtime_id""")) {
            update.setObject(1, bookingId);
            try (ResultSet rs = update.executeQuery()) {
                if (!rs.next()) return false;
                showtimeId = rs.getObject(1, UUID.class);
            }
        }
        List<String> freed = new ArrayList<>();
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM seat_claim WHERE booking_id = ? AND status = 'HELD' RETURNING seat_id")) {
            delete.setObject(1, bookingId);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) freed.add(rs.getString(1));
            }
        }
        if (!freed.isEmpty()) SeatMaps.append(c, showtimeId, c.createArrayOf("varchar", freed.toArray()), "FREE", "cancelled");
        log.info("Hold {} of cancelled showtime {} closed: its sale was refused ({} seat(s) freed)", bookingId, showtimeId,
                freed.size());
        return true;
    }
}
