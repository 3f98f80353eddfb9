package marquee.reservations;

import static marquee.reservations.CheckoutTest.assertMoneyBalanced;
import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static marquee.reservations.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 3: a checkout found STARTED whose hold has gone goes through the same resume path
 * as an interrupted one, and a client retrying a cut checkout with the same key gets its final
 * answer at once. The reservations reconciler is slowed down here so that only the retry can
 * finish the checkout; the card gateway loses its answer (the money is booked, the checkout cut).
 */
class CheckoutResumeTest {
    private static final String LOST_ANSWER = "4000000000000119";
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.reservations.hold.ttl", "PT3S",
                        "marquee.reservations.reconcile.interval", "PT1S", "marquee.reservations.reconcile.after", "PT10M",
                        "marquee.payments.gateway.timeout", "PT0.5S",
                        "marquee.payments.reconcile.interval", "PT1S", "marquee.payments.reconcile.after", "PT1S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    /** A checkout cut after the card was charged; returns once the money is approved and the hold has run out. */
    private static String cutCheckout(String customer, Booking hold) {
        String key = UUID.randomUUID().toString();
        assertFails(Code.UNAVAILABLE, "", () -> fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(CheckoutTest.payments(backend, hold.getId())).singleElement()
                        .satisfies(p -> assertThat(p.getStatus()).isEqualTo(PaymentStatus.APPROVED)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                backend.count("SELECT count(*) FROM reservations.booking WHERE id = '" + hold.getId() + "' AND expires_at < now()") == 1);
        return key;
    }

    @Test
    void aRetryAfterTheHoldRanOutSellsTheStillFreeSeatsOnTheMoneyAlreadyTaken() {
        var showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "A1", "A2");
        String key = cutCheckout(customer, hold);

        CheckoutResult retried = fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key));

        assertThat(retried.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(retried.getTicketIdsList()).hasSize(2);
        assertMoneyBalanced(backend, hold.getId());
    }

    @Test
    void aRetryAfterTheSeatsWereTakenOverRefundsAndSaysSo() {
        var showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "D1", "D2");
        String key = cutCheckout(customer, hold);
        fixture.hold(fixture.customer(), showtime, "D2");

        CheckoutResult retried = fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key));

        assertThat(retried.getOutcome()).isEqualTo(CheckoutOutcome.REFUNDED);
        assertThat(retried.getMessage()).contains("refunded");
        assertThat(CheckoutTest.payments(backend, hold.getId())).allSatisfy(p -> assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED));
        assertMoneyBalanced(backend, hold.getId());
        // Asked again, the same final answer.
        assertThat(fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key)).getOutcome())
                .isEqualTo(CheckoutOutcome.REFUNDED);
    }
}
