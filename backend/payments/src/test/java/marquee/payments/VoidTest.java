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
import marquee.payments.v1.RefundRequest;
import marquee.payments.v1.ShiftReport;
import marquee.reservations.v1.BookingStatus;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The money side of a void: the refund of kind VOID that ReservationsService/CancelBooking
 * (void_sale) asks for with the staff member's own token. Refunded in full, who asked, who approved
 * and why recorded, in the shift; payments itself never changes a booking.
 */
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

    private static RefundRequest.Builder voidOf(String paymentId) {
        return RefundRequest.newBuilder().setPaymentId(paymentId).setReason("wrong showtime sold").setKind(RefundKind.VOID)
                .setIdempotencyKey("cancel-" + UUID.randomUUID());
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
                () -> fixture.payments(cashier).refund(voidOf(sale.getId()).build()));
        String managerId = UUID.randomUUID().toString();
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "is for REFUND, not VOID", () -> fixture.payments(cashier)
                .refund(voidOf(sale.getId()).setApproverToken(fixture.approval(managerId, "REFUND", sale.getId(), cashierId)).build()));

        RefundRequest request = voidOf(sale.getId()).setApproverToken(fixture.approval(managerId, "VOID", sale.getId(), cashierId))
                .build();
        Payment voided = fixture.payments(cashier).refund(request);

        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefundsList()).hasSize(1);
        var refund = voided.getRefunds(0);
        assertThat(refund.getKind()).isEqualTo(RefundKind.VOID);
        assertThat(refund.getReason()).isEqualTo("wrong showtime sold");
        assertThat(refund.getRequestedBy()).isEqualTo(cashierId);
        assertThat(refund.getApprovedBy()).isEqualTo(managerId);
        assertThat(refund.getShiftId()).isEqualTo(shift.getId());
        // A retry with the same key answers the same and refunds nothing more.
        assertThat(fixture.payments(cashier).refund(request)).isEqualTo(voided);
        assertThat(fixture.count("SELECT count(*) FROM payments.refunds WHERE payment_id = '" + sale.getId() + "'")).isEqualTo(1);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "REFUNDED", () -> fixture.payments(cashier).refund(
                voidOf(sale.getId()).setApproverToken(fixture.approval(managerId, "VOID", sale.getId(), cashierId)).build()));

        ShiftReport report = fixture.payments(cashier).closeShift(CloseShiftRequest.newBuilder().setShiftId(shift.getId())
                .setCountedMinor(10000).setIdempotencyKey(key()).build());
        assertThat(report.getVoidCount()).isEqualTo(1);
        assertThat(report.getVoids().getAmountMinor()).isEqualTo(1500);
        assertThat(report.getRefundCount()).isZero();
        assertThat(report.getCashRefunds().getAmountMinor()).isEqualTo(1500);
        assertThat(report.getTicketsSold()).isZero();
        assertThat(report.getShift().getExpectedCash().getAmountMinor()).isEqualTo(10000);
        assertThat(report.getShift().getVariance().getAmountMinor()).isZero();
        assertThat(fixture.reservations.methods).as("payments only reads bookings").containsOnly("GetBooking");
    }

    @Test
    void aVoidAboveTheRefundLimitNeedsOnlyTheVoidApproval() {
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);
        fixture.openShift(cashier, 0);
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 20000);
        Payment sale = fixture.charge(cashier, booking, cash(20000), key());
        fixture.setStatus(booking, BookingStatus.BOOKING_CONFIRMED);
        String managerId = UUID.randomUUID().toString();

        Payment voided = fixture.payments(cashier).refund(voidOf(sale.getId())
                .setApproverToken(fixture.approval(managerId, "VOID", sale.getId(), cashierId)).build());

        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefunds(0).getAmount().getAmountMinor()).isEqualTo(20000);
        assertThat(voided.getRefunds(0).getApprovedBy()).isEqualTo(managerId);
    }

    @Test
    void aManagerVoidsWithoutAnApprovalAndACashierOnlyTheirOwnShiftsUntouchedSales() {
        String cashier = fixture.cashierOnShift();
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 2000);
        Payment sale = fixture.charge(cashier, booking, card(Fixture.VISA), key());
        fixture.setStatus(booking, BookingStatus.BOOKING_CONFIRMED);

        String otherId = UUID.randomUUID().toString();
        String other = fixture.cashier(otherId);
        fixture.openShift(other, 0);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "their own open shift", () -> fixture.payments(other)
                .refund(voidOf(sale.getId()).setApproverToken(fixture.approval(UUID.randomUUID().toString(), "VOID",
                        sale.getId(), otherId)).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "CASHIER or MANAGER",
                () -> fixture.payments(fixture.customer(UUID.randomUUID().toString())).refund(voidOf(sale.getId()).build()));

        String managerId = UUID.randomUUID().toString();
        String manager = fixture.backend.tokens().token(Role.MANAGER, managerId, fixture.cinemaId);
        Payment voided = fixture.payments(manager).refund(voidOf(sale.getId()).build());
        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(voided.getRefunds(0).getKind()).isEqualTo(RefundKind.VOID);
        assertThat(voided.getRefunds(0).getApprovedBy()).isEqualTo(managerId);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE kind = 'REFUND' AND reference LIKE 'refund:"
                + sale.getId() + ":%'")).isEqualTo(1);

        // A sale refunded in part is no longer voided (it is refunded and cancelled instead).
        String second = fixture.heldBooking(UUID.randomUUID().toString(), 3000);
        Payment partly = fixture.charge(cashier, second, card(Fixture.VISA), key());
        fixture.setStatus(second, BookingStatus.BOOKING_CONFIRMED);
        fixture.payments(manager).refund(Fixture.refund(partly.getId(), 500).build());
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "not refunded at all",
                () -> fixture.payments(manager).refund(voidOf(partly.getId()).build()));
    }
}
