package marquee.reservations;

import java.sql.PreparedStatement;
import marquee.platform.db.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down holds that have run out. Correctness does not depend on it — a hold past its expiry
 * already lost its seats to the next hold (see hold_seats) — it records EXPIRED, frees the claims
 * and tells watchers. SKIP LOCKED lets several instances sweep at once without waiting for each
 * other or touching the same hold twice.
 */
final class HoldSweeper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    /** Holds expired per statement; a round loops until fewer are due. */
    static final int BATCH = 500;

    private final Transactions transactions;
    private final ReservationMetrics metrics;

    HoldSweeper(Transactions transactions, ReservationMetrics metrics) {
        this.transactions = transactions;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        int expired;
        do {
            expired = sweep(BATCH);
            if (expired > 0) log.info("Expired {} hold(s)", expired);
        } while (expired == BATCH);
    }

    /** Marks up to {@code limit} holds past their expiry EXPIRED and frees their seats; how many. */
    int sweep(int limit) {
        int expired = transactions.autocommit(c -> {
            try (PreparedStatement sweep = c.prepareStatement("""
                    WITH due AS (
                        SELECT id FROM booking WHERE status = 'HELD' AND expires_at < now()
                         ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED),
                    freed AS (
                        DELETE FROM seat_claim c USING due WHERE c.booking_id = due.id AND c.status = 'HELD'
                        RETURNING c.showtime_id, c.seat_id),
                    events AS (
                        -- version and horizon: the seat_event trigger (V10)
                        INSERT INTO seat_event (showtime_id, seat_ids, status, reason)
                        SELECT f.showtime_id, array_agg(f.seat_id ORDER BY f.seat_id), 'FREE', 'expired'
                          FROM freed f GROUP BY f.showtime_id)
                    UPDATE booking b SET status = 'EXPIRED' FROM due WHERE b.id = due.id""")) {
                sweep.setInt(1, limit);
                return sweep.executeUpdate(); // auto-commit: committed when this returns
            }
        });
        metrics.holdsExpired(expired);
        return expired;
    }
}
