package marquee.kiosk.payment;

import java.util.List;

/**
 * The card terminal beside the screen. Marquee ships a simulated one: the customer taps one of the
 * payment gateway simulator's test cards on screen, the way a card would be presented to a real
 * terminal, so no keyboard is needed. A real terminal integration reads the card itself.
 */
public final class PaymentTerminal {
    private PaymentTerminal() {}

    /** A card as the terminal read it; {@code labelKey} names it on the simulator's buttons. */
    public record Card(String labelKey, String number, int expiryMonth, int expiryYear, String cvc) {
        public String last4() {
            return number.substring(number.length() - 4);
        }
    }

    /** The simulated gateway's documented test cards (see the payments service). */
    public static final List<Card> TEST_CARDS = List.of(
            new Card("terminal.card.visa", "4242424242424242", 12, 2030, "123"),
            new Card("terminal.card.mastercard", "5555555555554444", 12, 2030, "123"),
            new Card("terminal.card.declined", "4000000000000002", 12, 2030, "123"),
            new Card("terminal.card.funds", "4000000000009995", 12, 2030, "123"),
            new Card("terminal.card.timeout", "4000000000000119", 12, 2030, "123"));
}
