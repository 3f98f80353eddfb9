package marquee.payments;

/**
 * The card processor. Every call is idempotent per our reference: asking again with the same
 * reference (after a timeout or a crash) returns the first answer and never charges twice.
 */
interface PaymentGateway {
    /** False when there is no card-not-present processor (cards only at terminals): card-number charges are refused. */
    default boolean takesCardNumbers() {
        return true;
    }

    /** Charges the card; {@code reference} is our payment id. Throws {@link GatewayTimeout} when no answer came in time. */
    GatewayResult charge(String reference, long amountMinor, String currency, Card card);

    /**
     * Pays back part of an approved charge. {@code refundReference} is ours (one per refund) and makes
     * the call idempotent; {@code gatewayReference} is the processor's reference of the charge.
     */
    GatewayResult refund(String refundReference, String gatewayReference, long amountMinor);

    /** What the processor recorded for our reference, if it ever received the call (for reconciliation). */
    java.util.Optional<GatewayResult> lookup(String reference);

    /** The processor's answer. For a decline, {@code declineReason} says why in plain words. */
    record GatewayResult(boolean approved, String gatewayReference, String brand, String last4, String declineReason) {}

    /** The processor did not answer in time: the outcome is unknown until asked again by reference. */
    final class GatewayTimeout extends RuntimeException {
        GatewayTimeout(String message) {
            super(message, null, false, false);
        }
    }
}
