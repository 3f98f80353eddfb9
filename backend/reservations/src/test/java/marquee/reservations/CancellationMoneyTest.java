package marquee.reservations;

import static marquee.reservations.CheckoutTest.APPROVE;
import static marquee.reservations.CheckoutTest.assertMoneyBalanced;
import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.GetShiftReportRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.RefundKind;
import marquee.payments.v1.RefundRequest;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.CashDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.Role;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, items 2, 4 and 5: money given back for a cancelled sale — the cashier refund limit
 * counts everything refunded on the payment, a void above that limit works with the manager's VOID
 * approval, and refund keys cannot be pre-empted. Real services on one PostgreSQL, over gRPC.
 */
class CancellationMoneyTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.reservations.reconcile.interval", "PT1S",
                        "marquee.reservations.reconcile.after", "PT3S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static PaymentsServiceGrpc.PaymentsServiceBlockingStub payments(String token) {
        return TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    private static Booking booking(String id) {
        return fixture.reservations(fixture.manager).getBooking(GetBookingRequest.newBuilder().setBookingId(id).build());
    }

    private static String[] sevenSeats() {
        return new String[] {"D1", "D2", "D3", "D4", "D5", "D6", "D7"};
    }

    @Test
    void aRefundThenACancellationByACashierCountTogetherAgainstTheLimit() {
        var cinema = fixture.cinema(8, false);
        var showtime = fixture.showtime(cinema);
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, sevenSeats());
        assertThat(hold.getTotal().getAmountMinor()).isEqualTo(7 * 1200 + 50);
        var sale = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        fixture.openShift(cashier);

        // 40.00 is within the cashier limit of 50.00 on its own ...
        payments(cashier).refund(RefundRequest.newBuilder().setPaymentId(sale.getPaymentId()).setAmountMinor(4000)
                .setReason("seat broken").setIdempotencyKey(UUID.randomUUID().toString()).build());
        // ... and so is the 44.50 the cancellation would add, but together they are 84.50.
        var cancel = CancelBookingRequest.newBuilder().setBookingId(hold.getId()).setReason("customer unwell");
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "manager",
                () -> fixture.reservations(cashier).cancelBooking(cancel.build()));
        assertThat(booking(hold.getId()).getStatus()).isEqualTo(BookingStatus.BOOKING_CONFIRMED);

        String approval = backend.tokens().approval(UUID.randomUUID().toString(), cinema.getId(), "REFUND", sale.getPaymentId(),
                cashierId, Duration.ofMinutes(2));
        assertThat(fixture.reservations(cashier).cancelBooking(cancel.clone().setApprovalToken(approval).build()).getStatus())
                .isEqualTo(BookingStatus.BOOKING_CANCELLED);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertMoneyBalanced(backend, hold.getId()));
    }

    @Test
    void aVoidAboveTheRefundLimitWorksWithTheManagersVoidApproval() {
        var cinema = fixture.cinema(8, false);
        var showtime = fixture.showtime(cinema);
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        var shift = fixture.openShift(cashier);
        Booking hold = fixture.hold(cashier, showtime, sevenSeats());
        var sale = fixture.reservations(cashier).checkout(checkout(hold,
                PaymentMethod.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(10000)).build(), UUID.randomUUID().toString()));
        assertThat(sale.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(hold.getTotal().getAmountMinor()).as("above the cashier refund limit of 50.00").isGreaterThan(5000);
        String managerId = UUID.randomUUID().toString();
        String approval = backend.tokens().approval(managerId, cinema.getId(), "VOID", sale.getPaymentId(), cashierId,
                Duration.ofMinutes(2));

        var voidSale = CancelBookingRequest.newBuilder().setBookingId(hold.getId()).setReason("wrong showtime sold").setVoidSale(true);
        // A REFUND approval is not a VOID approval, and the refund limit alone is not what a void needs.
        String refundApproval = backend.tokens().approval(managerId, cinema.getId(), "REFUND", sale.getPaymentId(), cashierId,
                Duration.ofMinutes(2));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "is for REFUND, not VOID",
                () -> fixture.reservations(cashier).cancelBooking(voidSale.clone().setApprovalToken(refundApproval).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "voiding a sale needs a manager's approval",
                () -> fixture.reservations(cashier).cancelBooking(voidSale.build()));

        Booking cancelled = fixture.reservations(cashier).cancelBooking(voidSale.clone().setApprovalToken(approval).build());
        assertThat(cancelled.getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        // Asked again (a lost answer), the same booking and no second refund.
        assertThat(fixture.reservations(cashier).cancelBooking(voidSale.clone().setApprovalToken(approval).build()).getStatus())
                .isEqualTo(BookingStatus.BOOKING_CANCELLED);

        Payment voided = CheckoutTest.payments(backend, hold.getId()).get(0);
        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefundsList()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo(RefundKind.VOID);
            assertThat(r.getApprovedBy()).isEqualTo(managerId);
            assertThat(r.getRequestedBy()).isEqualTo(cashierId);
            assertThat(r.getReason()).isEqualTo("wrong showtime sold");
            assertThat(r.getShiftId()).isEqualTo(shift.getId());
        });
        assertThat(booking(hold.getId()).getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        assertThat(TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), cashier)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build()).getTicketsList())
                .isNotEmpty().allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(TicketStatus.REVOKED));
        var report = payments(cashier).getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build());
        assertThat(report.getVoidCount()).isEqualTo(1);
        assertThat(report.getVoids().getAmountMinor()).isEqualTo(hold.getTotal().getAmountMinor());
        assertThat(report.getShift().getExpectedCash().getAmountMinor()).isEqualTo(10000);
        assertMoneyBalanced(backend, hold.getId());
    }

    @Test
    void aRefundKeyUsedOnAnotherPaymentDoesNotStopACancellationsRefund() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String owner = fixture.customer();
        Booking sold = fixture.hold(owner, showtime, "A1", "A2");
        fixture.reservations(owner).checkout(checkout(sold, card(APPROVE), UUID.randomUUID().toString()));
        // Someone else pays for a hold of their own and refunds a cent of it under the key the
        // cancellation of the first booking will use.
        String other = fixture.customer();
        Booking theirs = fixture.hold(other, showtime, "A5");
        Payment theirPayment = payments(other).charge(ChargeRequest.newBuilder().setBookingId(theirs.getId()).setMethod(card(APPROVE))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        payments(other).refund(RefundRequest.newBuilder().setPaymentId(theirPayment.getId()).setAmountMinor(1)
                .setReason("pre-empting").setIdempotencyKey("cancel-" + sold.getId()).build());

        assertThat(fixture.reservations(owner).cancelBooking(CancelBookingRequest.newBuilder().setBookingId(sold.getId())
                .setReason("cannot come").build()).getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(CheckoutTest.payments(backend, sold.getId())).singleElement()
                    .satisfies(p -> assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED));
            assertMoneyBalanced(backend, sold.getId());
        });
    }

    @Test
    void aCancellationCutBeforeItsRefundIsWithdrawnAndOneCutAfterItIsFinishedByTheReconciler() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String customer = fixture.customer();
        Booking unpaidBack = fixture.hold(customer, showtime, "A1");
        var first = fixture.reservations(customer).checkout(checkout(unpaidBack, card(APPROVE), UUID.randomUUID().toString()));
        Booking paidBack = fixture.hold(customer, showtime, "A2");
        var second = fixture.reservations(customer).checkout(checkout(paidBack, card(APPROVE), UUID.randomUUID().toString()));
        // Two cancellations whose callers went away after step 1 (REQUESTED); the second one's refund went through.
        for (var sale : java.util.List.of(first, second)) {
            backend.count("WITH r AS (INSERT INTO reservations.cancellation (booking_id, payment_id, reason, requested_by, stage,"
                    + " updated_at) VALUES ('" + sale.getBooking().getId() + "', '" + sale.getPaymentId() + "', 'cut', 'someone',"
                    + " 'REQUESTED', now() - interval '1 hour') RETURNING 1) SELECT count(*) FROM r");
        }
        String manager = backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema.getId());
        payments(manager).refund(RefundRequest.newBuilder().setPaymentId(second.getPaymentId()).setReason("cut")
                .setIdempotencyKey("cancel-" + paidBack.getId()).build());

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(booking(paidBack.getId()).getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
            assertThat(backend.count("SELECT count(*) FROM reservations.cancellation WHERE booking_id = '" + unpaidBack.getId() + "'"))
                    .as("the cancellation without a refund is withdrawn").isZero();
        });
        assertThat(booking(unpaidBack.getId()).getStatus()).isEqualTo(BookingStatus.BOOKING_CONFIRMED);
        assertMoneyBalanced(backend, unpaidBack.getId());
        assertMoneyBalanced(backend, paidBack.getId());
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), customer)
                        .getTickets(GetTicketsRequest.newBuilder().setBookingCode(paidBack.getCode()).build()).getTicketsList())
                .allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(TicketStatus.REVOKED)));
    }

    @Test
    void twoCashiersCancellingTheSameSaleAtOnceRefundItOnce() throws Exception {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "D1", "D2");
        fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        var go = new java.util.concurrent.CountDownLatch(1);
        try {
            var calls = new java.util.ArrayList<java.util.concurrent.Future<Booking>>();
            for (int i = 0; i < 4; i++) {
                String cashier = fixture.cashier(cinema.getId());
                calls.add(pool.submit(() -> {
                    go.await();
                    return fixture.reservations(cashier).cancelBooking(CancelBookingRequest.newBuilder().setBookingId(hold.getId())
                            .setReason("double click").build());
                }));
            }
            go.countDown();
            for (var call : calls) {
                try {
                    call.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // A cashier racing another may be told to try again; no money moves twice either way.
                    assertThat(e.getCause()).isInstanceOf(io.grpc.StatusRuntimeException.class);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(booking(hold.getId()).getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
            assertThat(CheckoutTest.payments(backend, hold.getId())).singleElement().satisfies(p -> {
                assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
                assertThat(p.getRefundsList()).hasSize(1);
            });
            assertMoneyBalanced(backend, hold.getId());
        });
    }
}
