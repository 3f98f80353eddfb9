package marquee.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler runs without a transaction id (since the V10 watermarks an open transaction with an
 * id holds back every seat map and ticket feed on the server), yet each event is still handled once
 * per consumer, the mark commits with the handler's own writes, and two concurrent deliveries of one
 * event take turns.
 */
class IdempotentConsumerTest {
    private static final String TYPE = EventTypes.TICKETS_REVOKED;
    private HikariDataSource db;

    @BeforeEach
    void open() {
        db = EventsTestDatabase.open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Event event() {
        return new Event(UUID.randomUUID(), TYPE, "k", "test", Instant.now(), new byte[0]);
    }

    @Test
    void theHandlerRunsWithoutATransactionIdAndItsWritesCommitWithTheMark() {
        Event event = event();
        AtomicInteger xidDuringHandler = new AtomicInteger(-1);
        IdempotentConsumer consumer = new IdempotentConsumer("c", Set.of(TYPE), db, (e, tx) -> {
            try (PreparedStatement q = tx.prepareStatement("SELECT pg_current_xact_id_if_assigned() IS NOT NULL");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                xidDuringHandler.set(rs.getBoolean(1) ? 1 : 0);
            }
            try (PreparedStatement w = tx.prepareStatement("INSERT INTO applied (event_id, event_key, n) VALUES (?, 'k', 1)")) {
                w.setObject(1, e.id());
                w.executeUpdate();
            }
        }, null);
        assertThat(consumer.deliver(event)).isTrue();
        assertThat(xidDuringHandler.get()).as("transaction id assigned while the handler ran").isZero();
        assertThat(consumer.consumed(event.id())).isTrue();
        assertThat(EventsTestDatabase.count(db, "SELECT count(*) FROM applied")).isEqualTo(1);
        assertThat(consumer.deliver(event)).as("redelivery").isFalse();
        assertThat(EventsTestDatabase.count(db, "SELECT count(*) FROM applied")).isEqualTo(1);
    }

    @Test
    void aFailingHandlerLeavesNeitherMarkNorWrites() {
        Event event = event();
        IdempotentConsumer consumer = new IdempotentConsumer("c", Set.of(TYPE), db, (e, tx) -> {
            try (PreparedStatement w = tx.prepareStatement("INSERT INTO applied (event_id, event_key, n) VALUES (?, 'k', 1)")) {
                w.setObject(1, e.id());
                w.executeUpdate();
            }
            throw new IllegalStateException("boom");
        }, null);
        assertThatThrownBy(() -> consumer.deliver(event)).hasMessageContaining("boom");
        assertThat(consumer.consumed(event.id())).isFalse();
        assertThat(EventsTestDatabase.count(db, "SELECT count(*) FROM applied")).isZero();
    }

    @Test
    void twoConcurrentDeliveriesOfOneEventTakeTurnsAndTheHandlerRunsOnce() throws Exception {
        Event event = event();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        CountDownLatch firstIn = new CountDownLatch(1);
        IdempotentConsumer consumer = new IdempotentConsumer("c", Set.of(TYPE), db, (e, tx) -> {
            if (inside.incrementAndGet() > 1) overlap.incrementAndGet();
            runs.incrementAndGet();
            firstIn.countDown();
            Thread.sleep(500); // a slow side effect (a refund, an e-mail)
            inside.decrementAndGet();
        }, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> consumer.deliver(event));
            assertThat(firstIn.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> second = pool.submit(() -> consumer.deliver(event));
            assertThat(first.get(10, TimeUnit.SECONDS) ^ second.get(10, TimeUnit.SECONDS)).as("exactly one handled it").isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(overlap.get()).isZero();
        assertThat(EventsTestDatabase.count(db, "SELECT count(*) FROM consumed_events")).isEqualTo(1);
    }
}
