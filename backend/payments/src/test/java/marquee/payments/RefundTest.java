package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static marquee.payments.Fixture.refund;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.RefundRequest;
import marquee.reservations.v1.BookingStatus;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RefundTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void aFullRefundGivesEverythingBackThroughTheGateway() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 2400);

        Payment refunded = fixture.payments(fixture.manager()).refund(refund(paid.getId(), 0).build());

        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.getRefunded().getAmountMinor()).isEqualTo(2400);
        assertThat(refunded.getRefundsList()).hasSize(1);
        assertThat(refunded.getRefunds(0).getAmount().getAmountMinor()).isEqualTo(2400);
        assertThat(refunded.getRefunds(0).getReason()).isEqualTo("customer asked");
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE kind = 'REFUND' AND reference LIKE 'refund:"
                + paid.getId() + ":%'")).isEqualTo(1);
    }

    @Test
    void partialRefundsAddUpAndTheLastOneEmptiesThePayment() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 3000);
        String manager = fixture.manager();

        Payment partly = fixture.payments(manager).refund(refund(paid.getId(), 1000).build());
        assertThat(partly.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(partly.getRefunded().getAmountMinor()).isEqualTo(1000);

        Payment rest = fixture.payments(manager).refund(refund(paid.getId(), 0).build());
        assertThat(rest.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(rest.getRefunded().getAmountMinor()).isEqualTo(3000);
        assertThat(rest.getRefundsList()).extracting(r -> r.getAmount().getAmountMinor()).containsExactly(1000L, 2000L);
    }

    @Test
    void moreThanWhatIsLeftIsRefused() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 3000);
        fixture.payments(fixture.manager()).refund(refund(paid.getId(), 2000).build());
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "refund of 15.00 is more than the 10.00 left",
                () -> fixture.payments(fixture.manager()).refund(refund(paid.getId(), 1500).build()));
        fixture.payments(fixture.manager()).refund(refund(paid.getId(), 0).build());
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "already refunded in full",
                () -> fixture.payments(fixture.manager()).refund(refund(paid.getId(), 0).build()));
    }

    @Test
    void theSameRefundKeyTwicePaysOutOnce() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 3000);
        RefundRequest request = refund(paid.getId(), 500).build();
        String manager = fixture.manager();
        Payment first = fixture.payments(manager).refund(request);
        Payment again = fixture.payments(manager).refund(request);
        assertThat(again).isEqualTo(first);
        assertThat(again.getRefunded().getAmountMinor()).isEqualTo(500);
        assertThat(fixture.count("SELECT count(*) FROM payments.refunds WHERE payment_id = '" + paid.getId() + "'")).isEqualTo(1);

        // Keys are scoped to their payment: the same key on another payment is that payment's own refund,
        // so nobody can take in advance the key someone else's refund will use.
        Payment other = fixture.paidByCard(UUID.randomUUID().toString(), 3000);
        Payment otherRefunded = fixture.payments(manager).refund(request.toBuilder().setPaymentId(other.getId()).build());
        assertThat(otherRefunded.getRefunded().getAmountMinor()).isEqualTo(500);
        assertThat(fixture.payments(manager).refund(request)).isEqualTo(first);
    }

    @Test
    void aDeclinedPaymentHasNothingToRefund() {
        String user = UUID.randomUUID().toString();
        Payment declined = fixture.charge(fixture.customer(user), fixture.heldBooking(user, 900), card(Fixture.DECLINED), key());
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "no money was taken",
                () -> fixture.payments(fixture.manager()).refund(refund(declined.getId(), 0).build()));
    }

    @Test
    void parallelRefundsNeverExceedThePaidAmount() throws Exception {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 10000);
        String service = fixture.service();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Status.Code>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        fixture.payments(service).refund(refund(paid.getId(), 1500).build());
                        return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            go.countDown();
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) codes.add(outcome.get(60, TimeUnit.SECONDS));
            // 6 × 15.00 = 90.00 fits into 100.00; a seventh would not.
            assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(6);
            assertThat(codes).filteredOn(c -> c != Status.Code.OK).containsOnly(Status.Code.FAILED_PRECONDITION);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("SELECT sum(amount_minor) FROM payments.refunds WHERE payment_id = '" + paid.getId() + "'"))
                .isEqualTo(9000);
        assertThat(fixture.count("SELECT refunded_minor FROM payments.payments WHERE id = '" + paid.getId() + "'")).isEqualTo(9000);
    }

    @Test
    void aCashierRefundAboveTheLimitNeedsAManagersApproval() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 8000);
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);
        String managerId = UUID.randomUUID().toString();

        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "needs a manager's approval",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 6000).build()));
        // A manager's access token is not an approval; nor is a cashier's, or garbage.
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "needs a manager's approval",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 6000).setApproverToken(fixture.manager()).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "needs a manager's approval",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 6000).setApproverToken(fixture.cashier()).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "needs a manager's approval",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 6000).setApproverToken("not-a-token").build()));
        String otherCinema = fixture.backend.tokens().approval(managerId, UUID.randomUUID().toString(), "REFUND", paid.getId(),
                cashierId, java.time.Duration.ofMinutes(2));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "not a manager of this cinema",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 6000).setApproverToken(otherCinema).build()));
        // An approval is for one action, one subject and one cashier, for two minutes.
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "is for REPRINT, not REFUND", () -> fixture.payments(cashier)
                .refund(refund(paid.getId(), 6000).setApproverToken(fixture.approval(managerId, "REPRINT", paid.getId(), cashierId)).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "for another payment", () -> fixture.payments(cashier)
                .refund(refund(paid.getId(), 6000).setApproverToken(fixture.approval(managerId, "REFUND", UUID.randomUUID().toString(),
                        cashierId)).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "given to someone else", () -> fixture.payments(cashier)
                .refund(refund(paid.getId(), 6000).setApproverToken(fixture.approval(managerId, "REFUND", paid.getId(),
                        UUID.randomUUID().toString())).build()));
        String expired = fixture.backend.tokens().approval(managerId, fixture.cinemaId, "REFUND", paid.getId(), cashierId,
                java.time.Duration.ofSeconds(-30));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "expired",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 6000).setApproverToken(expired).build()));

        Payment approved = fixture.payments(cashier).refund(refund(paid.getId(), 6000)
                .setApproverToken(fixture.approval(managerId, "REFUND", paid.getId(), cashierId)).build());

        assertThat(approved.getRefunded().getAmountMinor()).isEqualTo(6000);
        assertThat(approved.getRefunds(0).getApprovedBy()).isEqualTo(managerId);
        assertThat(approved.getRefunds(0).getRequestedBy()).isEqualTo(cashierId);
        assertThat(fixture.count("SELECT count(*) FROM payments.refunds WHERE payment_id = '" + paid.getId()
                + "' AND approved_by = '" + managerId + "' AND requested_by = '" + cashierId + "'")).isEqualTo(1);
    }

    @Test
    void aCashierRefundWithinTheLimitNeedsNoApproval() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 8000);
        Payment refunded = fixture.payments(fixture.cashier()).refund(refund(paid.getId(), 5000).build());
        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(refunded.getRefunds(0).getApprovedBy()).isEqualTo(refunded.getRefunds(0).getRequestedBy());
    }

    @Test
    void aCashPaymentIsRefundedOutOfTheTillWithoutTheGateway() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1250);
        Payment paid = fixture.charge(fixture.cashierOnShift(), booking, cash(2000), key());
        Payment refunded = fixture.payments(fixture.cashierOnShift()).refund(refund(paid.getId(), 0).build());
        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.getRefunded().getAmountMinor()).isEqualTo(1250);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE reference LIKE 'refund:" + paid.getId()
                + "%'")).isZero();
    }

    @Test
    void theCustomerCannotRefundAConfirmedBooking() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1800);
        Payment paid = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key());
        fixture.setStatus(booking, BookingStatus.BOOKING_CONFIRMED);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "the booking is confirmed",
                () -> fixture.payments(fixture.customer(user)).refund(refund(paid.getId(), 0).build()));
    }

    @Test
    void theCustomerCannotRefundWhileACheckoutOfTheBookingIsUnfinished() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1800);
        Payment paid = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key());
        fixture.reservations.bookings.computeIfPresent(booking, (id, b) -> b.toBuilder().setCheckoutOpen(true).build());
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "checkout of this booking is still under way",
                () -> fixture.payments(fixture.customer(user)).refund(refund(paid.getId(), 0).build()));
    }

    @Test
    void theCustomerGetsTheMoneyBackForSeatsTheyDidNotGet() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1800);
        Payment paid = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key());
        fixture.setStatus(booking, BookingStatus.BOOKING_EXPIRED);
        Payment refunded = fixture.payments(fixture.customer(user)).refund(refund(paid.getId(), 0).build());
        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void anotherCustomerOrStaffOfAnotherCinemaCannotRefund() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 1800);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only staff of the payment's cinema",
                () -> fixture.payments(fixture.customer(UUID.randomUUID().toString())).refund(refund(paid.getId(), 0).build()));
        String elsewhere = fixture.backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only staff of the payment's cinema",
                () -> fixture.payments(elsewhere).refund(refund(paid.getId(), 0).build()));
    }

    @Test
    void aRefundNeedsAReasonAndAKey() {
        Payment paid = fixture.paidByCard(UUID.randomUUID().toString(), 1800);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "reason is required",
                () -> fixture.payments(fixture.manager()).refund(refund(paid.getId(), 0).setReason(" ").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "reason must have at most 200",
                () -> fixture.payments(fixture.manager()).refund(refund(paid.getId(), 0).setReason("x".repeat(201)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "idempotency_key",
                () -> fixture.payments(fixture.manager()).refund(refund(paid.getId(), 0).setIdempotencyKey("k").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "must not be negative",
                () -> fixture.payments(fixture.manager()).refund(refund(paid.getId(), -1).build()));
    }
}
