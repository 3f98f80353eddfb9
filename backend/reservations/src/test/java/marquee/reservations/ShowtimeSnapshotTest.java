package marquee.reservations;

import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.Map;
import java.util.UUID;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.Showtime;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds and sales use a showtime snapshot (no call to movies per hold or per sale). It lives as long
 * as the TTL only when nothing is announced: movies' cancellation, relayed as an event, drops it at
 * once, so a showtime cancelled after the hold is not paid for, and new holds are refused. A sale
 * that races the announcement is the database's to refuse (LateSaleAfterCancellationTest).
 */
class ShowtimeSnapshotTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.reservations.showtime.cache.ttl", "PT1H"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aCancellationDropsTheSnapshotSoTheHoldIsNotPaidForAndNoNewHoldIsPlaced() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "A1");
        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        backend.runtime().events().drainAll(); // the relay's next tick, now

        Fixture.assertFails(Code.FAILED_PRECONDITION, "is cancelled",
                () -> fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE), UUID.randomUUID().toString())));
        assertThat(backend.count("SELECT count(*) FROM payments.payments")).as("no payment taken").isZero();
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket")).as("no ticket issued").isZero();
        Fixture.assertFails(Code.FAILED_PRECONDITION, "is cancelled", () -> fixture.hold(fixture.customer(), showtime, "B1"));
    }
}
