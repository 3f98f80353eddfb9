package marquee.reservations;

import java.util.List;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.auth.Approvals;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TokenVerifier;
import marquee.users.v1.OverrideAction;
import marquee.users.v1.Role;

/**
 * The cashier refund limit applied to cancellations: a cancellation refunds what was paid, so a
 * cashier cancelling above the limit needs the same manager approval as a refund. Checked before
 * anything changes, because a cancellation cannot be taken back once its seats are free.
 */
final class CancelApproval {
    private final TokenVerifier verifier;
    private final long cashierLimitMinor;

    CancelApproval(TokenVerifier verifier, long cashierLimitMinor) {
        this.verifier = verifier;
        this.cashierLimitMinor = cashierLimitMinor;
    }

    void check(Principal caller, BookingRecord booking, String approvalToken, PaymentsPort payments) {
        if (!caller.is(Role.CASHIER) || caller.is(Role.MANAGER) || booking.paymentId() == null) return;
        long refundable = refundable(payments.paymentsOf(booking.id().toString()));
        if (refundable <= cashierLimitMinor) return;
        Approvals.require(verifier, approvalToken, caller, OverrideAction.REFUND, booking.paymentId(), booking.cinemaId().toString(),
                "cancelling booking " + booking.code() + " refunds " + minor(refundable) + " " + booking.currency()
                        + ", above the cashier limit of " + minor(cashierLimitMinor) + ", and needs a manager's approval");
    }

    /** What a cancellation would still pay back: approved payments less what was refunded already. */
    static long refundable(List<Payment> payments) {
        long total = 0;
        for (Payment payment : payments) {
            if (payment.getStatus() != PaymentStatus.APPROVED) continue;
            total += payment.getAmount().getAmountMinor() - payment.getRefunded().getAmountMinor();
        }
        return Math.max(0, total);
    }

    private static String minor(long amount) {
        return java.math.BigDecimal.valueOf(amount, 2).toPlainString();
    }
}
