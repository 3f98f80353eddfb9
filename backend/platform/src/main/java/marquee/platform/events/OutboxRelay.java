package marquee.platform.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one service's outbox to the transport, oldest first, at least once: a batch is read under
 * row locks, handed over, and only then marked published in the same transaction. A relay killed
 * after handing over part of a batch marks nothing, so the next round (on this or any instance)
 * sends the whole batch again and consumers skip what they had. One relay per schema works at a
 * time (a transaction-scoped advisory lock), which keeps the outbox order, so one booking's or
 * showtime's events leave in the order they were committed.
 */
public final class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final int DEFAULT_BATCH = 200;

    private final String service;
    private final DataSource db;
    private final EventTransport transport;
    private final int batchSize;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private final MeterRegistry meters;

    public OutboxRelay(String service, DataSource db, EventTransport transport, int batchSize, MeterRegistry meters) {
        this.service = service;
        this.db = db;
        this.transport = transport;
        this.batchSize = batchSize;
        this.meters = meters;
        if (meters != null) {
            Gauge.builder("marquee.events.outbox.backlog", backlog, AtomicLong::get).tag("service", service)
                    .description("Events written but not yet relayed").register(meters);
            Gauge.builder("marquee.events.outbox.oldest.seconds", oldestSeconds, AtomicLong::get).tag("service", service)
                    .description("Age of the oldest event not yet relayed").register(meters);
        }
    }

    /** Relays batches until the outbox is empty (or another instance holds the lock); returns how many were sent. */
    public int drain() {
        int total = 0;
        int sent;
        do {
            sent = relayOnce();
            total += sent;
        } while (sent == batchSize);
        return total;
    }

    /** One batch: read, hand over, mark. Throws when the transport fails; nothing is marked then. */
    public int relayOnce() {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!lock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Event> batch = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("""
                        SELECT seq, id, type, event_key, occurred_at, payload FROM outbox
                         WHERE published_at IS NULL ORDER BY seq LIMIT ?""")) {
                    q.setInt(1, batchSize);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            seqs.add(rs.getLong(1));
                            batch.add(new Event(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), service,
                                    rs.getTimestamp(5).toInstant(), rs.getBytes(6)));
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    transport.publish(batch);
                    Array ids = c.createArrayOf("bigint", seqs.toArray());
                    try (PreparedStatement mark = c.prepareStatement(
                            "UPDATE outbox SET published_at = now() WHERE seq = ANY(?)")) {
                        mark.setArray(1, ids);
                        mark.executeUpdate();
                    }
                }
                measure(c);
                c.commit();
                if (meters != null) {
                    for (Event event : batch) meters.counter("marquee.events.published", "service", service, "type", event.type()).increment();
                }
                return batch.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not relay the " + service + " outbox", e);
        }
    }

    /** Deletes published events older than {@code keep} (they are only kept to look into). */
    public int prune(Duration keep) {
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, keep.toSeconds());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune the " + service + " outbox", e);
        }
    }

    private static boolean lock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox-relay'))");
             ResultSet rs = lock.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void measure(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT count(*), coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::bigint
                  FROM outbox WHERE published_at IS NULL""");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
            oldestSeconds.set(rs.getLong(2));
        }
    }

    public String service() {
        return service;
    }

    static void logFailure(String service, RuntimeException e) {
        log.warn("Relaying the {} outbox failed; the next round sends the batch again", service, e);
    }
}
