package marquee.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.events.v1.TicketsRevoked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without Kafka: the relay hands events to consumers in the same JVM, still at least once and once per id. */
class InProcessRelayTest {
    private HikariDataSource db;

    @BeforeEach
    void open() {
        db = EventsTestDatabase.open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aFailingConsumerGetsTheEventAgainAndTheOthersDoNotApplyItTwice() throws Exception {
        try (Connection c = db.getConnection()) {
            Outbox.append(c, EventTypes.TICKETS_REVOKED, "b1", TicketsRevoked.newBuilder().setBookingId("b1").build());
        }
        InProcessTransport transport = new InProcessTransport();
        AtomicInteger steady = new AtomicInteger();
        AtomicInteger flaky = new AtomicInteger();
        AtomicBoolean failing = new AtomicBoolean(true);
        transport.subscribe(new IdempotentConsumer("steady", Set.of(EventTypes.TICKETS_REVOKED), db, (e, tx) -> steady.incrementAndGet(), null));
        transport.subscribe(new IdempotentConsumer("flaky", Set.of(EventTypes.TICKETS_REVOKED), db, (e, tx) -> {
            if (failing.get()) throw new IllegalStateException("mail server down");
            flaky.incrementAndGet();
        }, null));
        OutboxRelay relay = new OutboxRelay("test", db, transport, 200, null);

        assertThatThrownBy(relay::drain).hasMessageContaining("mail server down");
        assertThat(EventsTestDatabase.count(db, "SELECT count(*) FROM outbox WHERE published_at IS NULL")).isEqualTo(1);
        failing.set(false);
        assertThat(relay.drain()).isEqualTo(1);
        assertThat(relay.drain()).isZero();
        assertThat(steady.get()).isEqualTo(1);
        assertThat(flaky.get()).isEqualTo(1);
    }

    @Test
    void anEventThatAlwaysFailsIsParkedAndStopsHoldingUpTheOnesBehindIt() throws Exception {
        try (Connection c = db.getConnection()) {
            Outbox.append(c, EventTypes.TICKETS_REVOKED, "poison", TicketsRevoked.newBuilder().setBookingId("poison").build());
            Outbox.append(c, EventTypes.TICKETS_REVOKED, "fine", TicketsRevoked.newBuilder().setBookingId("fine").build());
        }
        InProcessTransport transport = new InProcessTransport();
        AtomicInteger handled = new AtomicInteger();
        transport.subscribe(new IdempotentConsumer("picky", Set.of(EventTypes.TICKETS_REVOKED), db, (e, tx) -> {
            if (e.as(TicketsRevoked.parser()).getBookingId().equals("poison")) throw new IllegalStateException("cannot handle");
            handled.incrementAndGet();
        }, null, 3));
        OutboxRelay relay = new OutboxRelay("test", db, transport, 200, null);
        assertThatThrownBy(relay::drain).hasMessageContaining("cannot handle");
        assertThatThrownBy(relay::drain).hasMessageContaining("cannot handle");
        assertThat(handled.get()).isZero(); // the good one waits behind the bad one ...
        assertThat(relay.drain()).isEqualTo(2); // ... until the third failure parks it
        assertThat(handled.get()).isEqualTo(1);
        assertThat(EventsTestDatabase.count(db, "SELECT count(*) FROM consumed_events WHERE event_type = 'parked:tickets.revoked'"))
                .isEqualTo(1);
    }

    @Test
    void anEventRolledBackWithItsChangeIsNeverSent() throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Outbox.append(c, EventTypes.TICKETS_REVOKED, "b2", TicketsRevoked.newBuilder().setBookingId("b2").build());
            c.rollback();
        }
        InProcessTransport transport = new InProcessTransport();
        AtomicInteger got = new AtomicInteger();
        transport.subscribe(new IdempotentConsumer("c", Set.of(EventTypes.TICKETS_REVOKED), db, (e, tx) -> got.incrementAndGet(), null));
        assertThat(new OutboxRelay("test", db, transport, 200, null).drain()).isZero();
        assertThat(got.get()).isZero();
    }
}
