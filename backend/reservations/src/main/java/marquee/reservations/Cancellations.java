package marquee.reservations;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import marquee.payments.v1.Payment;
import marquee.platform.auth.Principal;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of cancellation money. Every cancellation with money back — refund and cancel at
 * the till, a void, a customer's own cancellation, the reconciler finishing one — goes through
 * here, in this order:
 * <ol>
 *   <li>under the booking's row lock: it is sold, and its cancellation is recorded as REQUESTED;</li>
 *   <li>payments refunds what is left of its payment (a void: all of it, as kind VOID). Staff ask
 *       with their own token, so payments decides exactly as for a refund they make themselves —
 *       their cinema, the cashier limit counted over everything refunded on the payment, the
 *       manager's approval, their shift's drawer. When payments refuses, the request is withdrawn
 *       and nothing has changed;</li>
 *   <li>the seats are freed and the booking CANCELLED, then the tickets are revoked.</li>
 * </ol>
 * The refund key is {@code cancel-<booking id>}, scoped by payments to the payment, so a retry
 * (or a second cashier pressing the same button) never refunds twice and nobody can pre-empt it.
 * A cut call leaves the request REQUESTED: a retry continues it; the reconciler finishes it when
 * the payment shows the money is back, or withdraws it when it is not (the booking stays sold).
 */
final class Cancellations {
    private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

    private final BookingStore bookings;
    private final Sales sales;
    private final CheckoutStore store;
    private final PaymentsPort payments;
    private final TicketsPort tickets;

    Cancellations(BookingStore bookings, Sales sales, CheckoutStore store, PaymentsPort payments, TicketsPort tickets) {
        this.bookings = bookings;
        this.sales = sales;
        this.store = store;
        this.payments = payments;
        this.tickets = tickets;
    }

    /**
     * Refunds, cancels and revokes (see the class comment). Who may cancel at all is checked by the
     * caller before (staff of the cinema, or the customer before the showtime); a void is for
     * staff only. Returns the booking afterwards.
     */
    BookingRecord cancel(Principal caller, UUID bookingId, String reason, boolean isVoid, String approvalToken) {
        if (isVoid && !caller.isStaff()) throw new PermissionDeniedException("only a CASHIER or MANAGER voids a sale");
        BookingRecord booking = sales.requestCancellation(bookingId, reason, caller.userId(), isVoid);
        if (booking.status() == BookingRecord.Status.CANCELLED) return booking;
        String paymentId = booking.paymentId();
        if (paymentId != null && !paymentId.isEmpty()) refund(caller, booking, paymentId, reason, isVoid, approvalToken);
        sales.cancel(bookingId, reason, caller.userId());
        try {
            tickets.revoke(bookingId.toString(), reason);
            store.cancellationDone(bookingId);
        } catch (RuntimeException e) {
            // The money is back and the seats are free; the reconciler revokes the tickets.
            log.warn("Ticket revocation of cancelled booking {} deferred to the reconciler", booking.code(), e);
        }
        return bookings.load(bookingId).orElseThrow();
    }

    private void refund(Principal caller, BookingRecord booking, String paymentId, String reason, boolean isVoid,
                        String approvalToken) {
        Payment payment = payments.payment(paymentId);
        boolean moneyLeft = payment.getAmount().getAmountMinor() > payment.getRefunded().getAmountMinor();
        if (!moneyLeft && !isVoid) return; // refunded in full already (e.g. at the till): nothing to give back
        String why = reason; // recorded on the refund as the person gave it (a VOID's reason is the void's)
        try {
            if (caller.isStaff()) {
                payments.refundAsCaller(paymentId, why, key(booking.id()), approvalToken, isVoid);
            } else {
                payments.refundAll(paymentId, why, key(booking.id()), caller.isService() ? null : caller.userId());
            }
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.INTERNAL
                    || code == Status.Code.UNKNOWN) {
                // Whether the refund was made is not known: the request stays; a retry or the reconciler finds out.
                throw new UnavailableException("booking " + booking.code() + " could not be cancelled yet (" + e.getStatus().getDescription()
                        + "); try again: nothing will be refunded twice");
            }
            // Refused (needs a manager, not this cinema, already voided ...): nothing changed.
            store.withdrawCancellation(booking.id());
            throw e;
        }
    }

    /** The refund key of a booking's cancellation; payments scopes it to the payment. */
    static String key(UUID bookingId) {
        return "cancel-" + bookingId;
    }

    /** The reconciler's part: finishes a cancellation whose caller went away. Safe to repeat. */
    void resume(CheckoutStore.PendingCancellation pending) {
        if (pending.requested()) {
            // The refund was asked for and the seats are still sold. The payment tells what happened:
            // nothing left on it means the money is back (finish); money left means the refund was not
            // made, and without the person and their approval it is not made now (withdraw).
            if (pending.paymentId() != null && !pending.paymentId().isEmpty()) {
                Payment payment = payments.payment(pending.paymentId());
                if (payment.getAmount().getAmountMinor() > payment.getRefunded().getAmountMinor()) {
                    store.withdrawCancellation(pending.bookingId());
                    log.warn("Cancellation of booking {} withdrawn: its refund was not made; the booking stays sold",
                            pending.bookingId());
                    return;
                }
            }
            sales.cancel(pending.bookingId(), pending.reason(), pending.requestedBy());
        }
        tickets.revoke(pending.bookingId().toString(), pending.reason());
        if (pending.paymentId() != null && !pending.paymentId().isEmpty()) {
            try {
                // Replays the refund under its key (finishing a card pay-out the gateway did not
                // confirm); cancellations recorded before refunds came first are refunded here.
                payments.refundAll(pending.paymentId(), pending.reason(), key(pending.bookingId()),
                        pending.requestedBy());
            } catch (StatusRuntimeException e) {
                // Nothing left on the payment: the money is back already.
                if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) throw e;
            }
        }
        store.cancellationDone(pending.bookingId());
    }
}
