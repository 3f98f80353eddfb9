package marquee.reservations;

import static marquee.reservations.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.payments.v1.ListPaymentsRequest;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CashDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.SeatStatus;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.Role;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole purchase through real reservations, payments and tickets services on one database. */
class CheckoutTest {
    static final String APPROVE = "4242424242424242";
    static final String DECLINE = "4000000000000002";

    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.reservations.reconcile.interval", "PT1S",
                        "marquee.reservations.reconcile.after", "PT3S", "marquee.payments.gateway.timeout", "PT1S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    static PaymentMethod card(String number) {
        return PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber(number).setExpiryMonth(12)
                .setExpiryYear(2031).setCvc("123").setHolder("A. Customer")).build();
    }

    static CheckoutRequest checkout(Booking hold, PaymentMethod method, String key) {
        return CheckoutRequest.newBuilder().setBookingId(hold.getId()).setPayment(method).setIdempotencyKey(key).build();
    }

    @Test
    void cardCheckoutSellsTheSeatsAndIssuesOneTicketPerSeat() {
        var showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "A1", "A2");

        var result = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));

        assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(result.getBooking().getStatus()).isEqualTo(BookingStatus.BOOKING_CONFIRMED);
        assertThat(result.getTicketIdsList()).hasSize(2);
        var seatMap = fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        assertThat(seatMap.getStatesList()).filteredOn(s -> s.getStatus() == SeatStatus.SEAT_SOLD)
                .extracting(s -> s.getSeatId()).containsExactlyInAnyOrder("A1", "A2");
        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), customer)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build()).getTicketsList();
        assertThat(tickets).extracting(t -> t.getSeatId()).containsExactlyInAnyOrder("A1", "A2");
        assertMoneyBalanced(hold.getId());
    }

    @Test
    void retryingACheckoutWithTheSameKeyChargesOnceAndAnswersTheSame() {
        var showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "D1");
        String key = UUID.randomUUID().toString();

        var first = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), key));
        var second = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), key));

        assertThat(second.getPaymentId()).isEqualTo(first.getPaymentId());
        assertThat(second.getTicketIdsList()).containsExactlyInAnyOrderElementsOf(first.getTicketIdsList());
        assertThat(payments(hold.getId())).hasSize(1);
        assertMoneyBalanced(hold.getId());
    }

    @Test
    void aDeclinedCardKeepsTheHoldSoTheCustomerCanPayAnotherWay() {
        var showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "D3", "D4");

        var declined = fixture.reservations(customer).checkout(checkout(hold, card(DECLINE), UUID.randomUUID().toString()));
        assertThat(declined.getOutcome()).isEqualTo(CheckoutOutcome.PAYMENT_DECLINED);
        assertThat(declined.getMessage()).containsIgnoringCase("declined");
        assertThat(declined.getBooking().getStatus()).isEqualTo(BookingStatus.BOOKING_HELD);

        var paid = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));
        assertThat(paid.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertMoneyBalanced(hold.getId());
    }

    @Test
    void cashAtTheBoxOfficeGivesChangeAndCustomersCannotPayCash() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String cashier = fixture.cashier(cinema.getId());
        Booking hold = fixture.hold(cashier, showtime, "D5");
        PaymentMethod cash = PaymentMethod.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(2000)).build();
        assertFails(Code.FAILED_PRECONDITION, "open a shift first",
                () -> fixture.reservations(cashier).checkout(checkout(hold, cash, UUID.randomUUID().toString())));
        fixture.openShift(cashier);

        var result = fixture.reservations(cashier).checkout(checkout(hold, cash, UUID.randomUUID().toString()));
        assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(result.getChangeDueMinor()).isEqualTo(2000 - hold.getTotal().getAmountMinor());

        String customer = fixture.customer();
        Booking other = fixture.hold(customer, showtime, "D7");
        assertFails(Code.PERMISSION_DENIED, "box office",
                () -> fixture.reservations(customer).checkout(checkout(other, cash, UUID.randomUUID().toString())));
    }

    @Test
    void checkoutOfSomeoneElsesHoldOrWithBadInputIsRefused() {
        var showtime = fixture.showtime();
        Booking hold = fixture.hold(fixture.customer(), showtime, "D9");
        assertFails(Code.NOT_FOUND, "", () -> fixture.reservations(fixture.customer())
                .checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString())));
        String owner = fixture.customer();
        Booking mine = fixture.hold(owner, showtime, "A7");
        assertFails(Code.INVALID_ARGUMENT, "idempotency_key",
                () -> fixture.reservations(owner).checkout(checkout(mine, card(APPROVE), "short")));
        assertFails(Code.INVALID_ARGUMENT, "card", () -> fixture.reservations(owner)
                .checkout(checkout(mine, card("4242424242424241"), UUID.randomUUID().toString())));
        assertFails(Code.INVALID_ARGUMENT, "booking_id", () -> fixture.reservations(owner)
                .checkout(CheckoutRequest.newBuilder().setBookingId("nope").setPayment(card(APPROVE))
                        .setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertThat(payments(mine.getId())).isEmpty();
    }

    @Test
    void cancellingASaleFreesTheSeatsRevokesTheTicketsAndRefunds() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "A3", "A4");
        fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));

        var cancelled = fixture.reservations(fixture.cashier(cinema.getId()))
                .cancelBooking(CancelBookingRequest.newBuilder().setBookingId(hold.getId()).setReason("customer unwell").build());

        assertThat(cancelled.getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        var seatMap = fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        assertThat(seatMap.getStatesList()).extracting(s -> s.getSeatId()).doesNotContain("A3", "A4");
        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), customer)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build()).getTicketsList();
        assertThat(tickets).allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(TicketStatus.REVOKED));
        assertThat(payments(hold.getId())).allSatisfy(p -> assertThat(p.getStatus()).isEqualTo(PaymentStatus.REFUNDED));
        assertMoneyBalanced(hold.getId());
        // The freed seats can be sold again.
        assertThat(fixture.hold(fixture.customer(), showtime, "A3", "A4").getStatus()).isEqualTo(BookingStatus.BOOKING_HELD);
    }

    @Test
    void aCashierCancellingACashSalePaysItOutOfTheirShiftsDrawer() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String sellerToken = fixture.cashier(cinema.getId());
        fixture.openShift(sellerToken);
        Booking hold = fixture.hold(sellerToken, showtime, "D3");
        var sale = fixture.reservations(sellerToken).checkout(checkout(hold,
                PaymentMethod.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(50000)).build(), UUID.randomUUID().toString()));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        var shift = fixture.openShift(cashier);

        fixture.reservations(cashier).cancelBooking(CancelBookingRequest.newBuilder().setBookingId(hold.getId())
                .setReason("customer unwell").build());

        var refund = payments(hold.getId()).get(0).getRefunds(0);
        assertThat(refund.getRequestedBy()).isEqualTo(cashierId);
        assertThat(refund.getShiftId()).isEqualTo(shift.getId());
        assertThat(refund.getKind()).isEqualTo(marquee.payments.v1.RefundKind.REFUND);
        var report = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()), cashier)
                .getShiftReport(marquee.payments.v1.GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build());
        assertThat(report.getRefundCount()).isEqualTo(1);
        assertThat(report.getCashRefunds().getAmountMinor()).isEqualTo(hold.getTotal().getAmountMinor());
        assertThat(report.getShift().getExpectedCash().getAmountMinor()).isEqualTo(10000 - hold.getTotal().getAmountMinor());
        assertThat(sale.getPaymentId()).isEqualTo(payments(hold.getId()).get(0).getId());
        assertMoneyBalanced(hold.getId());
    }

    @Test
    void aCashierCancellingAboveTheRefundLimitNeedsAManagersApprovalForThatPayment() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "D1", "D2", "D3", "D4", "D5");
        assertThat(hold.getTotal().getAmountMinor()).as("above the default limit of 50.00").isGreaterThan(5000);
        var sale = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        fixture.openShift(cashier);
        var request = CancelBookingRequest.newBuilder().setBookingId(hold.getId()).setReason("customer unwell");

        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "needs a manager's approval",
                () -> fixture.reservations(cashier).cancelBooking(request.build()));
        String forAnotherPayment = backend.tokens().approval(UUID.randomUUID().toString(), cinema.getId(), "REFUND",
                UUID.randomUUID().toString(), cashierId, java.time.Duration.ofMinutes(2));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "another payment",
                () -> fixture.reservations(cashier).cancelBooking(request.clone().setApprovalToken(forAnotherPayment).build()));

        String approval = backend.tokens().approval(UUID.randomUUID().toString(), cinema.getId(), "REFUND",
                sale.getPaymentId(), cashierId, java.time.Duration.ofMinutes(2));
        Booking cancelled = fixture.reservations(cashier).cancelBooking(request.clone().setApprovalToken(approval).build());
        assertThat(cancelled.getStatus()).isEqualTo(marquee.reservations.v1.BookingStatus.BOOKING_CANCELLED);
        assertMoneyBalanced(hold.getId());
    }

    @Test
    void cancellationIsRefusedForStrangersBadInputAndUnsoldHolds() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String owner = fixture.customer();
        Booking hold = fixture.hold(owner, showtime, "D8");
        fixture.reservations(owner).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));
        Booking unsold = fixture.hold(owner, showtime, "D10");
        var request = CancelBookingRequest.newBuilder().setBookingId(hold.getId()).setReason("changed plans");

        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "", () -> fixture.reservations(fixture.customer()).cancelBooking(request.build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "another cinema",
                () -> fixture.reservations(fixture.cashier(UUID.randomUUID().toString())).cancelBooking(request.build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "reason",
                () -> fixture.reservations(owner).cancelBooking(request.clone().setReason(" ").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "booking_id",
                () -> fixture.reservations(owner).cancelBooking(request.clone().setBookingId("x").build()));
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "not sold",
                () -> fixture.reservations(owner).cancelBooking(request.clone().setBookingId(unsold.getId()).build()));
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "", () -> fixture.reservations(null).cancelBooking(request.build()));
        // The customer may cancel their own sale before the showtime starts.
        assertThat(fixture.reservations(owner).cancelBooking(request.build()).getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        assertMoneyBalanced(hold.getId());
    }

    @Test
    void aCashierVoidsACashSaleWithAManagersApprovalAndTheShiftShowsIt() {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        var shift = fixture.openShift(cashier);
        Booking hold = fixture.hold(cashier, showtime, "D1", "D2");
        var sale = fixture.reservations(cashier).checkout(checkout(hold,
                PaymentMethod.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(50000)).build(), UUID.randomUUID().toString()));
        assertThat(sale.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        var payments = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()), cashier);
        String managerId = UUID.randomUUID().toString();
        String approval = backend.tokens().approval(managerId, cinema.getId(), "VOID", sale.getPaymentId(), cashierId,
                Duration.ofMinutes(2));

        fixture.reservations(cashier).cancelBooking(CancelBookingRequest.newBuilder().setBookingId(hold.getId())
                .setReason("customer changed their mind").setApprovalToken(approval).setVoidSale(true).build());
        var voided = payments(hold.getId()).get(0);

        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefunds(0).getKind()).isEqualTo(marquee.payments.v1.RefundKind.VOID);
        assertThat(voided.getRefunds(0).getApprovedBy()).isEqualTo(managerId);
        assertThat(voided.getRefunds(0).getRequestedBy()).isEqualTo(cashierId);
        assertThat(voided.getRefunds(0).getReason()).isEqualTo("customer changed their mind");
        assertThat(fixture.reservations(cashier).getBooking(GetBookingRequest.newBuilder().setBookingId(hold.getId()).build())
                .getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        assertThat(TestBackend.as(marquee.tickets.v1.TicketsServiceGrpc.newBlockingStub(backend.channel()), cashier)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build()).getTicketsList())
                .allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(marquee.tickets.v1.TicketStatus.REVOKED));
        assertMoneyBalanced(hold.getId());
        var report = payments.getShiftReport(marquee.payments.v1.GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build());
        assertThat(report.getVoidCount()).isEqualTo(1);
        assertThat(report.getVoids().getAmountMinor()).isEqualTo(hold.getTotal().getAmountMinor());
        assertThat(report.getTicketsSold()).isZero();
        assertThat(report.getShift().getExpectedCash().getAmountMinor()).isEqualTo(10000);
    }

    static java.util.List<marquee.payments.v1.Payment> payments(TestBackend backend, String bookingId) {
        return TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()), backend.tokens().manager())
                .listPayments(ListPaymentsRequest.newBuilder().setBookingId(bookingId).build()).getPaymentsList();
    }

    private static java.util.List<marquee.payments.v1.Payment> payments(String bookingId) {
        return payments(backend, bookingId);
    }

    /** Charges − refunds = the price when sold, 0 otherwise: no money without a ticket, no ticket without money. */
    static void assertMoneyBalanced(TestBackend backend, String bookingId) {
        Booking booking = TestBackend.as(marquee.reservations.v1.ReservationsServiceGrpc.newBlockingStub(backend.channel()),
                backend.tokens().manager()).getBooking(GetBookingRequest.newBuilder().setBookingId(bookingId).build());
        long net = payments(backend, bookingId).stream()
                .filter(p -> p.getStatus() != PaymentStatus.DECLINED && p.getStatus() != PaymentStatus.PENDING)
                .mapToLong(p -> p.getAmount().getAmountMinor() - p.getRefunded().getAmountMinor()).sum();
        long expected = booking.getStatus() == BookingStatus.BOOKING_CONFIRMED ? booking.getTotal().getAmountMinor() : 0;
        assertThat(net).as("charges − refunds of booking " + booking.getCode() + " (" + booking.getStatus() + ")").isEqualTo(expected);
    }

    private static void assertMoneyBalanced(String bookingId) {
        assertMoneyBalanced(backend, bookingId);
    }

    static void awaitStatus(TestBackend backend, String bookingId, BookingStatus status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                TestBackend.as(marquee.reservations.v1.ReservationsServiceGrpc.newBlockingStub(backend.channel()),
                        backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), ""))
                        .getBooking(GetBookingRequest.newBuilder().setBookingId(bookingId).build()).getStatus() == status);
    }
}
