package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Issue 10, item 3: checkout states only move forward, in the database, whoever writes them. */
class CheckoutStoreTest {
    private static TestBackend backend;
    private static Fixture fixture;
    private static CheckoutStore store;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of());
        fixture = new Fixture(backend);
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(backend.jdbcUrl());
        db.setUser("postgres");
        db.setCurrentSchema("reservations");
        store = new CheckoutStore(db);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static String state(UUID checkout) {
        return String.valueOf(backend.count("SELECT CASE state WHEN 'STARTED' THEN 0 WHEN 'CHARGED' THEN 1 WHEN 'CONFIRMED' THEN 2"
                + " WHEN 'COMPLETED' THEN 3 WHEN 'DECLINED' THEN 4 WHEN 'REFUNDED' THEN 5 ELSE 6 END FROM reservations.checkout WHERE id = '"
                + checkout + "'"));
    }

    @Test
    void aFinishedCheckoutIsNeverMovedBackOrToAnotherEnd() {
        Booking hold = fixture.hold(fixture.customer(), fixture.showtime(), "A1");
        CheckoutStore.Row row = store.begin(UUID.fromString(hold.getId()), "key-" + UUID.randomUUID(), "someone");
        store.advance(row.id(), CheckoutStore.State.CHARGED, UUID.randomUUID().toString(), null, 0);
        store.advance(row.id(), CheckoutStore.State.COMPLETED, null, null, 0);

        store.advance(row.id(), CheckoutStore.State.STARTED, null, null, 0);
        store.advance(row.id(), CheckoutStore.State.ABANDONED, null, "late reconciler", 0);
        store.advance(row.id(), CheckoutStore.State.CHARGED, null, null, 0);

        assertThat(state(row.id())).as("state of the completed checkout (3 = COMPLETED)").isEqualTo("3");
    }

    @Test
    void aChargedCheckoutCannotBeAbandoned() {
        Booking hold = fixture.hold(fixture.customer(), fixture.showtime(), "A2");
        CheckoutStore.Row row = store.begin(UUID.fromString(hold.getId()), "key-" + UUID.randomUUID(), "someone");
        store.advance(row.id(), CheckoutStore.State.CHARGED, UUID.randomUUID().toString(), null, 0);

        store.advance(row.id(), CheckoutStore.State.ABANDONED, null, "no money", 0);
        store.advance(row.id(), CheckoutStore.State.STARTED, null, null, 0);

        assertThat(state(row.id())).as("state of the charged checkout (1 = CHARGED)").isEqualTo("1");
    }
}
