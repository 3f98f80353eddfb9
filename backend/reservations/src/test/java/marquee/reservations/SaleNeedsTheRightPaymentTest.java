package marquee.reservations;

import static marquee.reservations.CheckoutTest.APPROVE;
import static marquee.reservations.CheckoutTest.assertMoneyBalanced;
import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static marquee.reservations.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.common.v1.TicketType;
import marquee.movies.v1.Showtime;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.RefundRequest;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.ChangeTicketTypesRequest;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.SeatSelection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 1: a booking is only ever sold on one payment that is approved, not refunded and
 * exactly its total at the moment of the sale — by Checkout, by the reconciler and by
 * ConfirmBooking. Real users, theaters, movies, reservations, payments and tickets services on
 * one PostgreSQL, called over gRPC on a socket, with a reconciler that runs every second.
 */
class SaleNeedsTheRightPaymentTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.reservations.reconcile.interval", "PT1S",
                        "marquee.reservations.reconcile.after", "PT3S", "marquee.payments.gateway.timeout", "PT1S",
                        "marquee.payments.reconcile.interval", "PT1S", "marquee.payments.reconcile.after", "PT1S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static Booking hold(String token, Showtime showtime, TicketType type, String... seats) {
        HoldSeatsRequest.Builder request = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                .setIdempotencyKey(UUID.randomUUID().toString());
        for (String seat : seats) request.addSeats(SeatSelection.newBuilder().setSeatId(seat).setTicketType(type));
        return fixture.reservations(token).holdSeats(request.build());
    }

    private static Payment chargeDirectly(String token, Booking booking) {
        return TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()), token).charge(ChargeRequest.newBuilder()
                .setBookingId(booking.getId()).setMethod(card(APPROVE)).setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private static void awaitNoUnfinishedCheckout(Booking booking) {
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).until(() -> backend.count(
                "SELECT count(*) FROM reservations.checkout WHERE booking_id = '" + booking.getId()
                        + "' AND state IN ('STARTED', 'CHARGED', 'CONFIRMED')") == 0);
    }

    private static Booking booking(String id) {
        return fixture.reservations(fixture.manager).getBooking(GetBookingRequest.newBuilder().setBookingId(id).build());
    }

    /** A sold booking's payment is approved, untouched and exactly its total. */
    private static void assertSoldOnTheRightPayment(Booking booking) {
        if (booking.getStatus() != BookingStatus.BOOKING_CONFIRMED) return;
        Payment sale = CheckoutTest.payments(backend, booking.getId()).stream()
                .filter(p -> p.getId().equals(booking.getPaymentId())).findFirst().orElseThrow();
        assertThat(sale.getAmount().getAmountMinor()).as("the payment that sold booking " + booking.getCode())
                .isEqualTo(booking.getTotal().getAmountMinor());
    }

    @Test
    void childSeatsPaidDirectlyAreNeverSoldAsAdultSeatsByTheReconciler() {
        Showtime showtime = fixture.showtime(fixture.cinema(6, false));
        String customer = fixture.customer();
        Booking held = hold(customer, showtime, TicketType.CHILD, "D1", "D2", "D3", "D4");
        assertThat(held.getTotal().getAmountMinor()).isEqualTo(4 * 800 + 50);
        Payment child = chargeDirectly(customer, held);
        assertThat(child.getStatus()).isEqualTo(PaymentStatus.APPROVED);

        ChangeTicketTypesRequest.Builder adults = ChangeTicketTypesRequest.newBuilder().setBookingId(held.getId());
        for (String seat : new String[] {"D1", "D2", "D3", "D4"}) {
            adults.addSeats(SeatSelection.newBuilder().setSeatId(seat).setTicketType(TicketType.ADULT));
        }
        Code changeAnswer;
        try {
            fixture.reservations(customer).changeTicketTypes(adults.build());
            changeAnswer = Code.OK;
        } catch (StatusRuntimeException e) {
            changeAnswer = e.getStatus().getCode();
        }
        // A checkout that fails after writing its row (the card number is not valid), left to the reconciler.
        assertFails(Code.INVALID_ARGUMENT, "card", () -> fixture.reservations(customer)
                .checkout(checkout(held, card("4242424242424241"), UUID.randomUUID().toString())));
        awaitNoUnfinishedCheckout(held);

        Booking after = booking(held.getId());
        assertSoldOnTheRightPayment(after);
        assertMoneyBalanced(backend, held.getId());
        assertThat(changeAnswer).as("ChangeTicketTypes once a payment exists").isEqualTo(Code.FAILED_PRECONDITION);
    }

    @Test
    void aPaymentThatNoLongerMatchesTheTotalIsGivenBackInsteadOfSellingTheSeats() {
        Showtime showtime = fixture.showtime(fixture.cinema(6, false));
        String customer = fixture.customer();
        Booking held = hold(customer, showtime, TicketType.ADULT, "D5", "D6");
        Payment paid = chargeDirectly(customer, held);
        // The price changed after payments read it (a ticket-type change that raced with the charge).
        backend.count("WITH changed AS (UPDATE reservations.booking SET total_minor = total_minor + 400 WHERE id = '"
                + held.getId() + "' RETURNING 1) SELECT count(*) FROM changed");
        assertFails(Code.FAILED_PRECONDITION, "", () -> fixture.reservations(fixture.cashier(showtime.getCinemaId()))
                .confirmBooking(marquee.reservations.v1.ConfirmBookingRequest.newBuilder().setBookingId(held.getId())
                        .setPaymentId(paid.getId()).build()));

        assertFails(Code.INVALID_ARGUMENT, "card", () -> fixture.reservations(customer)
                .checkout(checkout(held, card("4242424242424241"), UUID.randomUUID().toString())));
        awaitNoUnfinishedCheckout(held);

        Booking after = booking(held.getId());
        assertThat(after.getStatus()).as("a booking whose only payment is short").isNotEqualTo(BookingStatus.BOOKING_CONFIRMED);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertMoneyBalanced(backend, held.getId()));
    }

    @Test
    void thePayerCannotRefundWhileACheckoutOfTheBookingIsUnfinished() {
        Showtime showtime = fixture.showtime(fixture.cinema(6, false));
        String customer = fixture.customer();
        Booking held = hold(customer, showtime, TicketType.ADULT, "A1", "A2");
        Payment paid = chargeDirectly(customer, held);
        assertFails(Code.INVALID_ARGUMENT, "card", () -> fixture.reservations(customer)
                .checkout(checkout(held, card("4242424242424241"), UUID.randomUUID().toString())));

        assertFails(Code.FAILED_PRECONDITION, "checkout", () -> TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()),
                customer).refund(RefundRequest.newBuilder().setPaymentId(paid.getId()).setReason("changed my mind")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()));

        awaitNoUnfinishedCheckout(held);
        Booking after = booking(held.getId());
        assertSoldOnTheRightPayment(after);
        assertMoneyBalanced(backend, held.getId());
    }

    @Test
    void aHoldItsOwnerReleasedIsNeverSoldByTheReconcilerAndLateMoneyIsGivenBack() {
        Showtime showtime = fixture.showtime(fixture.cinema(6, false));
        String customer = fixture.customer();
        Booking held = hold(customer, showtime, TicketType.ADULT, "A5");
        // The card gateway books the money but its answer is lost: the checkout stays unfinished.
        assertFails(Code.UNAVAILABLE, "", () -> fixture.reservations(customer)
                .checkout(checkout(held, card("4000000000000119"), UUID.randomUUID().toString())));
        fixture.reservations(customer).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(held.getId()).build());

        // The late money settles as approved; the reconciler must give it back, not sell the released seats.
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(CheckoutTest.payments(backend, held.getId())).isNotEmpty()
                    .noneMatch(p -> p.getStatus() == PaymentStatus.PENDING);
            assertThat(backend.count("SELECT count(*) FROM reservations.checkout WHERE booking_id = '" + held.getId()
                    + "' AND state IN ('STARTED', 'CHARGED', 'CONFIRMED')")).isZero();
        });
        Booking after = booking(held.getId());
        assertThat(after.getStatus()).isEqualTo(BookingStatus.BOOKING_RELEASED);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertMoneyBalanced(backend, held.getId()));
    }
}
