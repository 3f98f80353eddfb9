package marquee.payments;

import java.util.Optional;

/**
 * A cinema that takes cards only at card terminals beside its kiosks and tills (card-present,
 * ZVT) and sells no tickets online by card: there is no card-not-present processor at all.
 * {@link Payments} refuses a card-number charge before anything is written; refunds of
 * card-present payments never reach a gateway (they are paid out at the terminal).
 */
final class NoCardGateway implements PaymentGateway {
    static final String REFUSAL = "card numbers are not taken here: this cinema takes cards at the card terminal"
            + " of a kiosk or till (no online card processor is set up)";

    @Override
    public boolean takesCardNumbers() {
        return false;
    }

    @Override
    public GatewayResult charge(String reference, long amountMinor, String currency, Card card) {
        throw new IllegalStateException(REFUSAL);
    }

    @Override
    public GatewayResult refund(String refundReference, String gatewayReference, long amountMinor) {
        throw new IllegalStateException(REFUSAL);
    }

    @Override
    public Optional<GatewayResult> lookup(String reference) {
        return Optional.empty();
    }
}
