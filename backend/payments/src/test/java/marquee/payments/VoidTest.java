package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.UUID;
import marquee.payments.v1.CloseShiftRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.RefundKind;
import marquee.payments.v1.ShiftReport;
import marquee.payments.v1.VoidPaymentRequest;
import marquee.reservations.v1.BookingStatus;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Voids: cancel the booking, refund in full, record who asked, who approved and why, in the shift. */
class VoidTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    private static VoidPaymentRequest.Builder voidOf(String paymentId) {
        return VoidPaymentRequest.newBuilder().setPaymentId(paymentId).setReason("wrong showtime sold").setIdempotencyKey(key());
    }

    @Test
    void aCashierVoidsASaleOfTheShiftWithAManagersApproval() {
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);
        var shift = fixture.openShift(cashier, 10000);
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1500);
        Payment sale = fixture.charge(cashier, booking, cash(2000), key());
        fixture.setStatus(booking, BookingStatus.BOOKING_CONFIRMED);

        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "voiding a sale needs a manager's approval",
                () -> fixture.payments(cashier).voidPayment(voidOf(sale.getId()).build()));
        String managerId = UUID.randomUUID().toString();
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "is for REFUND, not VOID", () -> fixture.payments(cashier)
                .voidPayment(voidOf(sale.getId()).setApprovalToken(fixture.approval(managerId, "REFUND", sale.getId(), cashierId)).build()));

        VoidPaymentRequest request = voidOf(sale.getId())
                .setApprovalToken(fixture.approval(managerId, "VOID", sale.getId(), cashierId)).build();
        Payment voided = fixture.payments(cashier).voidPayment(request);

        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefundsList()).hasSize(1);
        var refund = voided.getRefunds(0);
        assertThat(refund.getKind()).isEqualTo(RefundKind.VOID);
        assertThat(refund.getReason()).isEqualTo("wrong showtime sold");
        assertThat(refund.getRequestedBy()).isEqualTo(cashierId);
        assertThat(refund.getApprovedBy()).isEqualTo(managerId);
        assertThat(refund.getShiftId()).isEqualTo(shift.getId());
        assertThat(fixture.reservations.bookings.get(booking).getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        // A retry with the same key answers the same and refunds nothing more.
        assertThat(fixture.payments(cashier).voidPayment(request)).isEqualTo(voided);
        assertThat(fixture.count("SELECT count(*) FROM payments.refunds WHERE payment_id = '" + sale.getId() + "'")).isEqualTo(1);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "REFUNDED", () -> fixture.payments(cashier).voidPayment(
                voidOf(sale.getId()).setApprovalToken(fixture.approval(managerId, "VOID", sale.getId(), cashierId)).build()));

        ShiftReport report = fixture.payments(cashier).closeShift(CloseShiftRequest.newBuilder().setShiftId(shift.getId())
                .setCountedMinor(10000).setIdempotencyKey(key()).build());
        assertThat(report.getVoidCount()).isEqualTo(1);
        assertThat(report.getVoids().getAmountMinor()).isEqualTo(1500);
        assertThat(report.getRefundCount()).isZero();
        assertThat(report.getCashRefunds().getAmountMinor()).isEqualTo(1500);
        assertThat(report.getTicketsSold()).isZero();
        assertThat(report.getShift().getExpectedCash().getAmountMinor()).isEqualTo(10000);
        assertThat(report.getShift().getVariance().getAmountMinor()).isZero();
    }

    @Test
    void aManagerVoidsWithoutAnApprovalAndACashierOnlyTheirOwnShiftsSales() {
        String cashier = fixture.cashierOnShift();
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 2000);
        Payment sale = fixture.charge(cashier, booking, card(Fixture.VISA), key());
        fixture.setStatus(booking, BookingStatus.BOOKING_CONFIRMED);

        String otherId = UUID.randomUUID().toString();
        String other = fixture.cashier(otherId);
        fixture.openShift(other, 0);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "their own open shift", () -> fixture.payments(other)
                .voidPayment(voidOf(sale.getId()).setApprovalToken(fixture.approval(UUID.randomUUID().toString(), "VOID",
                        sale.getId(), otherId)).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "CASHIER or MANAGER",
                () -> fixture.payments(fixture.customer(UUID.randomUUID().toString())).voidPayment(voidOf(sale.getId()).build()));

        String managerId = UUID.randomUUID().toString();
        Payment voided = fixture.payments(fixture.backend.tokens().token(Role.MANAGER, managerId, fixture.cinemaId))
                .voidPayment(voidOf(sale.getId()).build());
        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefunds(0).getKind()).isEqualTo(RefundKind.VOID);
        assertThat(voided.getRefunds(0).getApprovedBy()).isEqualTo(managerId);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE kind = 'REFUND' AND reference LIKE 'refund:"
                + sale.getId() + ":%'")).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        String manager = fixture.manager();
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "payment_id",
                () -> fixture.payments(manager).voidPayment(voidOf("nope").build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no payment",
                () -> fixture.payments(manager).voidPayment(voidOf(UUID.randomUUID().toString()).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "reason",
                () -> fixture.payments(manager).voidPayment(voidOf(UUID.randomUUID().toString()).setReason("").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "idempotency_key",
                () -> fixture.payments(manager).voidPayment(voidOf(UUID.randomUUID().toString()).setIdempotencyKey("x").build()));
        // A booking that is not sold cannot be cancelled: the void is taken back, nothing refunded.
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 900);
        Payment held = fixture.paidByCard(UUID.randomUUID().toString(), 900);
        fixture.reservations.bookings.remove(held.getBookingId());
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no booking",
                () -> fixture.payments(manager).voidPayment(voidOf(held.getId()).build()));
        assertThat(booking).isNotEmpty();
    }
}
