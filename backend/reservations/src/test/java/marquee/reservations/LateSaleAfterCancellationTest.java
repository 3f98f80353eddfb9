package marquee.reservations;

import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static marquee.reservations.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.Showtime;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutResult;
import marquee.reservations.v1.GetBookingRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, a late sale: a checkout cut after the card was charged is finished only after the
 * showtime was cancelled and reservations' cancellation passes are over (by the customer's retry
 * once the hold ran out, or by the reconciler). The sale must be refused in its own database
 * statement — the booking ends cancelled, the money back exactly once, no ticket issued.
 */
class LateSaleAfterCancellationTest {
    /** The card gateway loses its answer: the money is booked, the checkout cut (payments settles it later). */
    private static final String LOST_ANSWER = "4000000000000119";
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.reservations.hold.ttl", "PT3S",
                        // Slow enough that the retry test finishes first, fast enough for the reconciler test.
                        "marquee.reservations.reconcile.interval", "PT1S", "marquee.reservations.reconcile.after", "PT15S",
                        "marquee.reservations.cancel.late.sales.wait", "PT0.3S",
                        "marquee.events.relay.interval", "PT0.1S",
                        "marquee.payments.gateway.timeout", "PT0.5S",
                        "marquee.payments.reconcile.interval", "PT1S", "marquee.payments.reconcile.after", "PT1S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    /** A checkout cut after the card was charged; returns its key once the money is approved. */
    private static String cutCheckout(String customer, Booking hold) {
        String key = UUID.randomUUID().toString();
        assertFails(Code.UNAVAILABLE, "", () -> fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(CheckoutTest.payments(backend, hold.getId())).singleElement()
                        .satisfies(p -> assertThat(p.getStatus()).isEqualTo(PaymentStatus.APPROVED)));
        return key;
    }

    /** Cancels the showtime and waits until reservations has handled the event (both passes done). */
    private static void cancelAndAwaitBothPasses(Showtime showtime) {
        long before = handledCancellations();
        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> handledCancellations() > before);
    }

    private static long handledCancellations() {
        return backend.count("SELECT count(*) FROM reservations.consumed_events WHERE consumer = '"
                + ShowtimeEventsConsumer.CONSUMER + "' AND event_type = 'showtime.cancelled'");
    }

    /** Cancelled, charges − refunds = 0 with exactly one refund, and no ticket was ever issued. */
    private static void assertRefundedAndCancelled(Booking hold) {
        Booking booking = fixture.reservations(fixture.manager).getBooking(GetBookingRequest.newBuilder()
                .setBookingId(hold.getId()).build());
        assertThat(booking.getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        assertThat(CheckoutTest.payments(backend, hold.getId())).singleElement().satisfies(p -> {
            assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(p.getRefunded().getAmountMinor()).isEqualTo(p.getAmount().getAmountMinor());
        });
        assertThat(backend.count("SELECT count(*) FROM payments.refunds r JOIN payments.payments p ON p.id = r.payment_id"
                + " WHERE p.booking_id = '" + hold.getId() + "'")).as("refunds").isEqualTo(1);
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket WHERE booking_id = '" + hold.getId() + "'"))
                .as("tickets issued").isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.outbox WHERE type = 'booking.confirmed' AND event_key = '"
                + hold.getId() + "'")).as("booking.confirmed events").isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE booking_id = '" + hold.getId() + "'"))
                .as("seat claims left").isZero();
        CheckoutTest.assertMoneyBalanced(backend, hold.getId());
    }

    @Test
    void aRetryAfterTheCancellationRefundsInsteadOfSelling() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "A1", "A2");
        String key = cutCheckout(customer, hold);
        // The hold runs out (a retry then goes the resume way, which does not look at the showtime in movies).
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                backend.count("SELECT count(*) FROM reservations.booking WHERE id = '" + hold.getId() + "' AND expires_at < now()") == 1);
        cancelAndAwaitBothPasses(showtime);

        CheckoutResult retried = fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key));

        assertThat(retried.getOutcome()).isEqualTo(CheckoutOutcome.REFUNDED);
        assertThat(retried.getMessage()).contains("refunded").contains("cancelled");
        assertThat(retried.getTicketIdsList()).isEmpty();
        assertRefundedAndCancelled(hold);
        // Asked again, the same answer, and still one refund.
        assertThat(fixture.reservations(customer).checkout(checkout(hold, card(LOST_ANSWER), key)).getOutcome())
                .isEqualTo(CheckoutOutcome.REFUNDED);
        assertRefundedAndCancelled(hold);
    }

    @Test
    void theReconcilerFinishingACutCheckoutAfterTheCancellationRefundsIt() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "B1");
        cutCheckout(customer, hold);
        cancelAndAwaitBothPasses(showtime);
        // Nothing of this booking was sold, so the cancellation had nothing to do with it.
        assertThat(backend.count("SELECT count(*) FROM reservations.cancellation WHERE booking_id = '" + hold.getId() + "'")).isZero();

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                backend.count("SELECT count(*) FROM reservations.checkout WHERE booking_id = '" + hold.getId()
                        + "' AND state IN ('COMPLETED', 'REFUNDED', 'ABANDONED')") == 1);

        assertThat(backend.count("SELECT count(*) FROM reservations.checkout WHERE booking_id = '" + hold.getId()
                + "' AND state = 'REFUNDED'")).isEqualTo(1);
        assertRefundedAndCancelled(hold);
    }
}
