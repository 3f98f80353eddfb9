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
import marquee.reservations.v1.BookingStatus;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.TicketsServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A crash between any two checkout steps ends in a consistent state: sold with tickets and paid
 * once, or not sold and refunded. The crash is simulated by aborting the request right after a
 * step; the reconciler (as after a restart) must finish or undo it.
 */
class CheckoutFaultsTest {
    private static final Map<String, String> FAST_RECONCILER = Map.of(
            "marquee.reservations.reconcile.interval", "PT1S", "marquee.reservations.reconcile.after", "PT3S");

    private static TestBackend start(Map<String, String> extra) {
        var settings = new java.util.HashMap<>(FAST_RECONCILER);
        settings.putAll(extra);
        return TestBackend.start(settings, ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
    }

    @Test
    void crashBetweenChargeAndSaleIsFinishedByTheReconciler() {
        try (TestBackend backend = start(Map.of("marquee.reservations.test.crash.after", "charge"))) {
            Fixture fixture = new Fixture(backend);
            String customer = fixture.customer();
            Booking hold = fixture.hold(customer, fixture.showtime(), "A1", "A2");

            assertFails(Code.UNAVAILABLE, "simulated crash",
                    () -> fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE), UUID.randomUUID().toString())));

            CheckoutTest.awaitStatus(backend, hold.getId(), BookingStatus.BOOKING_CONFIRMED);
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), customer)
                            .getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build()).getTicketsList())
                    .hasSize(2));
            assertMoneyBalanced(backend, hold.getId());
        }
    }

    @Test
    void crashBetweenSaleAndTicketsIsFinishedByTheReconciler() {
        try (TestBackend backend = start(Map.of("marquee.reservations.test.crash.after", "confirm"))) {
            Fixture fixture = new Fixture(backend);
            String customer = fixture.customer();
            Booking hold = fixture.hold(customer, fixture.showtime(), "D2");

            assertFails(Code.UNAVAILABLE, "simulated crash",
                    () -> fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE), UUID.randomUUID().toString())));

            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), customer)
                            .getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build()).getTicketsList())
                    .hasSize(1));
            assertMoneyBalanced(backend, hold.getId());
        }
    }

    @Test
    void aChargeWhoseHoldRanOutAndWhoseSeatsWereResoldIsRefunded() throws InterruptedException {
        try (TestBackend backend = start(Map.of("marquee.reservations.test.crash.after", "charge",
                "marquee.reservations.hold.ttl", "PT2S", "marquee.reservations.reconcile.after", "PT5S"))) {
            Fixture fixture = new Fixture(backend);
            var showtime = fixture.showtime();
            String late = fixture.customer();
            Booking lateHold = fixture.hold(late, showtime, "D5", "D6");
            assertFails(Code.UNAVAILABLE, "simulated crash",
                    () -> fixture.reservations(late).checkout(checkout(lateHold, card(CheckoutTest.APPROVE), UUID.randomUUID().toString())));
            // The hold runs out before anyone finishes the sale, and the box office sells one of its seats.
            String cashier = fixture.cashier(showtime.getCinemaId());
            fixture.openShift(cashier);
            Booking resold = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> fixture.hold(cashier, showtime, "D6"), java.util.Objects::nonNull);
            var cash = TestBackend.as(marquee.payments.v1.PaymentsServiceGrpc.newBlockingStub(backend.channel()), cashier)
                    .charge(marquee.payments.v1.ChargeRequest.newBuilder().setBookingId(resold.getId())
                            .setIdempotencyKey(UUID.randomUUID().toString())
                            .setMethod(marquee.reservations.v1.PaymentMethod.newBuilder()
                                    .setCash(marquee.reservations.v1.CashDetails.newBuilder().setTenderedMinor(5000)))
                            .build());
            fixture.reservations(cashier).confirmBooking(marquee.reservations.v1.ConfirmBookingRequest.newBuilder()
                    .setBookingId(resold.getId()).setPaymentId(cash.getId()).build());

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(CheckoutTest.payments(backend, lateHold.getId()))
                            .allSatisfy(p -> assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED)));
            assertMoneyBalanced(backend, lateHold.getId());
        }
    }

    @Test
    void aGatewayTimeoutKeepsTheHoldAndMoneyThatArrivesLateIsGivenBack() {
        try (TestBackend backend = start(Map.of("marquee.payments.gateway.timeout", "PT1S",
                "marquee.payments.reconcile.interval", "PT1S", "marquee.payments.reconcile.after", "PT2S"))) {
            Fixture fixture = new Fixture(backend);
            String customer = fixture.customer();
            Booking hold = fixture.hold(customer, fixture.showtime(), "A5");
            assertFails(Code.UNAVAILABLE, "not be charged twice", () -> fixture.reservations(customer)
                    .checkout(checkout(hold, card("4000000000000119"), UUID.randomUUID().toString())));
            assertMoneyBalanced(backend, hold.getId());
            var paid = fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE), UUID.randomUUID().toString()));
            assertThat(paid.getBooking().getStatus()).isEqualTo(BookingStatus.BOOKING_CONFIRMED);
            // The gateway later reports the first, timed-out charge as taken: it must be refunded.
            Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(CheckoutTest.payments(backend, hold.getId())).noneMatch(p -> p.getStatus() == PaymentStatus.PENDING);
                assertMoneyBalanced(backend, hold.getId());
            });
        }
    }
}
