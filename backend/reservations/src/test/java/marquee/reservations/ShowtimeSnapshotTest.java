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
 * Holds use a showtime snapshot cached for a few seconds (no call to movies per hold); a sale reads
 * the showtime fresh, so a showtime cancelled after the hold (even within the cache's lifetime) is
 * not paid for.
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
    void aShowtimeCancelledAfterTheHoldIsNotPaidForThoughHoldsStillSeeTheSnapshot() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "A1");
        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());

        Fixture.assertFails(Code.FAILED_PRECONDITION, "is cancelled",
                () -> fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE), UUID.randomUUID().toString())));
        assertThat(backend.count("SELECT count(*) FROM payments.payments")).as("no payment taken").isZero();
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket")).as("no ticket issued").isZero();
        // The sale's fresh read refreshed the snapshot: holds see the cancellation at once.
        Fixture.assertFails(Code.FAILED_PRECONDITION, "is cancelled", () -> fixture.hold(fixture.customer(), showtime, "B1"));
    }
}
