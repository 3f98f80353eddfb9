package marquee.reservations;

import static marquee.reservations.CheckoutTest.APPROVE;
import static marquee.reservations.CheckoutTest.DECLINE;
import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static marquee.reservations.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.ReleaseHoldRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain counters of reservations and payments, read from the real {@code /metrics} endpoint
 * after real RPCs: each counts what committed, once.
 */
class DomainMetricsTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        // Short holds (long enough for a checkout on a busy machine) and a fast sweeper, so an expiry is seen soon.
        backend = TestBackend.start(Map.of("marquee.reservations.hold.ttl", "PT15S",
                        "marquee.reservations.sweep.interval", "PT0.5S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void holdsSalesConflictsAndCheckoutsAreCountedOnceAfterTheyCommit() throws Exception {
        var showtime = fixture.showtime();
        String customer = fixture.customer();
        String other = fixture.customer();

        Booking sold = fixture.hold(customer, showtime, "A1", "A2");
        assertThat(value("marquee_reservations_holds_placed_total")).isEqualTo(1);
        assertThat(value("marquee_reservations_seats_held_total")).isEqualTo(2);

        // A conflict rolls back: counted as a conflict, not as a hold.
        assertFails(Code.FAILED_PRECONDITION, "seat taken", () -> fixture.hold(other, showtime, "A2", "A3"));
        assertThat(value("marquee_reservations_seat_conflicts_total{stage=\"hold\"}")).isEqualTo(1);
        assertThat(value("marquee_reservations_holds_placed_total")).isEqualTo(1);

        String key = UUID.randomUUID().toString();
        var paid = fixture.reservations(customer).checkout(checkout(sold, card(APPROVE), key));
        assertThat(paid.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        // The same key again replays the first answer: nothing new is sold or charged.
        fixture.reservations(customer).checkout(checkout(sold, card(APPROVE), key));
        assertThat(value("marquee_reservations_bookings_confirmed_total")).isEqualTo(1);
        assertThat(value("marquee_reservations_seats_sold_total")).isEqualTo(2);
        assertThat(value("marquee_reservations_checkouts_total{outcome=\"COMPLETED\"}")).isEqualTo(1);
        assertThat(value("marquee_payments_charges_total{method=\"CARD\",outcome=\"approved\"}")).isEqualTo(1);

        Booking declinedHold = fixture.hold(other, showtime, "A4");
        var declined = fixture.reservations(other).checkout(checkout(declinedHold, card(DECLINE), UUID.randomUUID().toString()));
        assertThat(declined.getOutcome()).isEqualTo(CheckoutOutcome.PAYMENT_DECLINED);
        assertThat(value("marquee_reservations_checkouts_total{outcome=\"PAYMENT_DECLINED\"}")).isEqualTo(1);
        assertThat(value("marquee_payments_charges_total{method=\"CARD\",outcome=\"declined\"}")).isEqualTo(1);
        assertThat(value("marquee_reservations_bookings_confirmed_total")).isEqualTo(1);

        // Released by its holder: counted once, however often the release is repeated.
        var release = ReleaseHoldRequest.newBuilder().setBookingId(declinedHold.getId()).build();
        fixture.reservations(other).releaseHold(release);
        fixture.reservations(other).releaseHold(release);
        assertThat(value("marquee_reservations_holds_released_total")).isEqualTo(1);

        // Cancelling the sale refunds it (payments counts the refund and its amount).
        fixture.reservations(customer).cancelBooking(CancelBookingRequest.newBuilder().setBookingId(sold.getId())
                .setReason("changed plans").build());
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(value("marquee_payments_refunds_total{method=\"CARD\"}")).isEqualTo(1));
        assertThat(value("marquee_payments_refunded_minor_total{currency=\"EUR\"}")).isEqualTo(paid.getBooking().getTotal().getAmountMinor());

        // A hold nobody pays runs out; the sweeper counts it after its statement committed.
        fixture.hold(other, showtime, "D1");
        assertThat(value("marquee_reservations_holds_expired_total")).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(value("marquee_reservations_holds_expired_total")).isEqualTo(1));
        assertThat(value("marquee_reservations_holds_placed_total")).isEqualTo(3);
    }

    /** One sample from the runtime's own {@code /metrics} endpoint: {@code name} or {@code name{labels}} (labels in order). */
    private static double value(String series) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + backend.runtime().metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        double sum = 0;
        boolean found = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + " ") || line.startsWith(name + "{"))) continue;
            String lineLabels = line.startsWith(name + "{") ? line.substring(name.length() + 1, line.indexOf('}')) : "";
            boolean matches = true;
            for (String label : labels.isEmpty() ? new String[0] : labels.split(",")) {
                if (!("," + lineLabels + ",").contains("," + label + ",")) matches = false;
            }
            if (!matches) continue;
            found = true;
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertThat(found).as("series %s on /metrics", series).isTrue();
        return sum;
    }
}
