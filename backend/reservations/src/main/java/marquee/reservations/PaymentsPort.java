package marquee.reservations;

import java.util.List;
import marquee.payments.v1.Payment;
import marquee.reservations.v1.PaymentMethod;

/** What checkout and cancellation need from the payments service. */
interface PaymentsPort {
    /**
     * Charges the booking's total for the person checking out ({@code payerToken}, whose rights
     * payments applies). The booking travels with the call as this service sees it now, so payments
     * does not ask for it again; payments believes it only from this service.
     */
    Payment charge(BookingRecord booking, PaymentMethod method, String idempotencyKey, String payerToken);

    /** Refunds what is left of a payment, as this service (compensation). */
    Payment refundAll(String paymentId, String reason, String idempotencyKey);

    /** Refunds what is left, as this service, for the person who asked (who cancelled); recorded as theirs. */
    default Payment refundAll(String paymentId, String reason, String idempotencyKey, String onBehalfOf) {
        return refundAll(paymentId, reason, idempotencyKey);
    }

    /**
     * Refunds what is left (or voids the sale) as the person calling now — their token travels
     * on, so payments decides exactly as for a refund they made themselves: their cinema, the
     * cashier limit with the manager's approval token, their shift's drawer.
     */
    Payment refundAsCaller(String paymentId, String reason, String idempotencyKey, String approvalToken, boolean isVoid);

    /** One payment, as this service. */
    Payment payment(String paymentId);

    /** Every payment of a booking, as this service (reconciliation). */
    List<Payment> paymentsOf(String bookingId);
}
