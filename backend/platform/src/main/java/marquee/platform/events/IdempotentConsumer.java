package marquee.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named consumer of some event types that handles each event id once: the id goes into the
 * consumer's own {@code consumed_events} table in the same transaction as the handler's work. A
 * redelivered event (relay restarted mid-batch, Kafka offsets not yet committed) finds its row and
 * is skipped; two deliveries at once serialise on a transaction-level advisory lock of (consumer,
 * event id). The mark is inserted after the handler, just before the commit, so the transaction
 * holds no transaction id while the handler runs (unless the handler writes on {@code tx} itself):
 * since the V10 watermarks such a transaction would hold back every seat map and ticket feed.
 */
public final class IdempotentConsumer {
    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final String name;
    private final Set<String> types;
    private final DataSource db;
    private final EventHandler handler;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final java.util.Map<java.util.UUID, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();

    public IdempotentConsumer(String name, Set<String> types, DataSource db, EventHandler handler, MeterRegistry meters) {
        this(name, types, db, handler, meters, DEFAULT_MAX_ATTEMPTS);
    }

    /** Tries of one event before it is parked (after that it no longer holds up the events behind it). */
    public static final int DEFAULT_MAX_ATTEMPTS = 20;

    public IdempotentConsumer(String name, Set<String> types, DataSource db, EventHandler handler, MeterRegistry meters,
                              int maxAttempts) {
        this.maxAttempts = maxAttempts;
        this.name = name;
        this.types = Set.copyOf(types);
        this.db = db;
        this.handler = handler;
        this.meters = meters;
    }

    public String name() {
        return name;
    }

    public Set<String> types() {
        return types;
    }

    /**
     * Handles the event unless this consumer already did; true when it was handled now. A failing
     * handler rolls back (the event stays unconsumed) and the exception goes to the transport,
     * which delivers the event again later.
     */
    public boolean deliver(Event event) {
        if (!types.contains(event.type())) return false;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                // No transaction id while the handler runs (it may call other services, send mail, sleep):
                // an open transaction with an id holds back every seat-map watcher and ticket feed on the
                // server (V10 watermarks). The advisory lock serialises two deliveries of the event and
                // assigns no id; the mark is written last, just before the commit.
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", hashtext(current_schema() || '.' || ? || '.' || ?::text))")) {
                    lock.setString(1, name);
                    lock.setObject(2, event.id());
                    lock.execute();
                }
                if (markedConsumed(c, event)) {
                    c.rollback();
                    count("duplicate", event);
                    return false;
                }
                handler.handle(event, c);
                int fresh;
                try (PreparedStatement mark = c.prepareStatement("""
                        INSERT INTO consumed_events (consumer, event_id, event_type) VALUES (?, ?, ?)
                        ON CONFLICT (consumer, event_id) DO NOTHING""")) {
                    mark.setString(1, name);
                    mark.setObject(2, event.id());
                    mark.setString(3, event.type());
                    fresh = mark.executeUpdate();
                }
                if (fresh == 0) {
                    // Marked meanwhile without the lock (parked by an older process): this run's writes go.
                    c.rollback();
                    count("duplicate", event);
                    return false;
                }
                c.commit();
                failures.remove(event.id());
                count("handled", event);
                return true;
            } catch (Exception e) {
                c.rollback();
                count("failed", event);
                if (failures.merge(event.id(), 1, Integer::sum) >= maxAttempts) {
                    park(event, e);
                    return false;
                }
                throw e;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            log.warn("Consumer {} could not handle event {} ({}); it will be delivered again", name, event.id(), event.type(), e);
            throw new IllegalStateException("consumer " + name + " failed on event " + event.id(), e);
        }
    }

    /**
     * An event that failed {@code maxAttempts} times in a row is recorded as consumed with type
     * {@code parked:<type>} and logged as an error: it stops holding up the events behind it (an
     * outbox delivered in-process, a Kafka partition). To try it again, delete that row and set the
     * publisher's outbox row's {@code published_at} to NULL.
     */
    private void park(Event event, Exception cause) {
        failures.remove(event.id());
        try (Connection c = db.getConnection(); PreparedStatement park = c.prepareStatement("""
                INSERT INTO consumed_events (consumer, event_id, event_type) VALUES (?, ?, ?)
                ON CONFLICT (consumer, event_id) DO NOTHING""")) {
            park.setString(1, name);
            park.setObject(2, event.id());
            park.setString(3, "parked:" + event.type());
            park.executeUpdate();
            count("parked", event);
            log.error("Consumer {} gave up on event {} ({}, key {}) after {} attempts; parked in consumed_events", name, event.id(),
                    event.type(), event.key(), maxAttempts, cause);
        } catch (SQLException e) {
            throw new IllegalStateException("could not park event " + event.id(), e);
        }
    }

    /** Key 1 of the two-key advisory lock of one (consumer, event) delivery: "cons". */
    static final int LOCK_SPACE = 0x636f6e73;

    private boolean markedConsumed(Connection c, Event event) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM consumed_events WHERE consumer = ? AND event_id = ?")) {
            q.setString(1, name);
            q.setObject(2, event.id());
            try (var rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void count(String outcome, Event event) {
        if (meters != null) {
            meters.counter("marquee.events.consumed", "consumer", name, "type", event.type(), "outcome", outcome).increment();
        }
    }

    /** For tests and operators: whether this consumer has handled the event. */
    public boolean consumed(java.util.UUID eventId) {
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM consumed_events WHERE consumer = ? AND event_id = ?")) {
            q.setString(1, name);
            q.setObject(2, eventId);
            try (var rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
