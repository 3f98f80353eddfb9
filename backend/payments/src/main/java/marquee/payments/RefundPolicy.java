package marquee.payments;

import marquee.platform.auth.Approvals;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.OverrideAction;
import marquee.users.v1.Role;

/**
 * Who may give money back, and when a manager must approve it: the one place the cashier refund
 * limit ({@code marquee.payments.cashier.refund.limit}) is read and enforced. Every refund — at the
 * till, by a cancellation, by a void — is decided here while the payment's row is locked, so the
 * limit counts everything refunded on that payment, however many calls arrive at once.
 */
final class RefundPolicy {
    private final TokenVerifier verifier;
    private final long cashierLimitMinor;

    RefundPolicy(TokenVerifier verifier, long cashierLimitMinor) {
        this.verifier = verifier;
        this.cashierLimitMinor = cashierLimitMinor;
    }

    /** Staff of the payment's cinema, or a manager of the whole chain. */
    static boolean isStaffOf(Principal caller, Payment payment) {
        if (caller.is(Role.MANAGER) && caller.cinema().isEmpty()) return true;
        return caller.isStaff() && caller.cinemaId().equals(payment.cinemaId().toString());
    }

    /**
     * The staff member's refund of {@code amountMinor} on the locked payment; returns who approved
     * it (the caller, or the manager whose approval was given). A CASHIER needs a manager's REFUND
     * approval for this payment when what was refunded on it already plus this refund is above the
     * limit.
     */
    String approveRefund(Principal caller, Payment locked, long amountMinor, String approvalToken) {
        if (!caller.is(Role.CASHIER)) return caller.userId();
        long total = locked.refundedMinor() + amountMinor;
        if (total <= cashierLimitMinor) return caller.userId();
        String already = locked.refundedMinor() == 0 ? ""
                : " (" + Money.format(locked.refundedMinor(), locked.currency()) + " " + locked.currency() + " refunded already)";
        String needs = "a refund of " + Money.format(amountMinor, locked.currency()) + " brings the refunds of this payment to "
                + Money.format(total, locked.currency()) + already + ", above the cashier limit of "
                + Money.format(cashierLimitMinor, locked.currency()) + ", and needs a manager's approval";
        return Approvals.require(verifier, approvalToken, caller, OverrideAction.REFUND, locked.id().toString(),
                locked.cinemaId().toString(), needs).approverId();
    }

    /**
     * A void by staff: a MANAGER needs nobody; a CASHIER always needs a manager's VOID approval for
     * this payment, whatever the amount (the VOID approval covers the refund limit too).
     */
    String approveVoid(Principal caller, Payment locked, String approvalToken) {
        if (!caller.isStaff()) throw new PermissionDeniedException("only a CASHIER or MANAGER voids a sale");
        if (!caller.is(Role.CASHIER)) return caller.userId();
        return Approvals.require(verifier, approvalToken, caller, OverrideAction.VOID, locked.id().toString(),
                locked.cinemaId().toString(), "voiding a sale needs a manager's approval").approverId();
    }
}
