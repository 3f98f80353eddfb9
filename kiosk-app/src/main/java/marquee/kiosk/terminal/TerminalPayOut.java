package marquee.kiosk.terminal;

import java.util.Optional;
import marquee.kiosk.backend.CashierBackend;
import marquee.terminal.TerminalException;
import marquee.terminal.TerminalResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the backend recorded a refund or void of a card-present payment, the money goes back at
 * the till's terminal: a reversal by receipt number while the payment is in the terminal's open
 * batch (same day, the card need not be presented), otherwise a refund to the card presented.
 */
public final class TerminalPayOut {
    private static final Logger log = LoggerFactory.getLogger(TerminalPayOut.class);

    private TerminalPayOut() {}

    /** Pays {@code amountMinor} of payment {@code paymentId} back at the terminal; empty when nothing was to do or it worked. */
    public static Optional<String> payOut(CashierBackend cashier, String paymentId, long amountMinor, long paymentAmountMinor) {
        Optional<TerminalCheckout> terminal = CardTerminals.configured();
        if (terminal.isEmpty() || amountMinor <= 0) return Optional.empty();
        Optional<String> receipt = cashier.cardPresentReceipt(paymentId);
        if (receipt.isEmpty()) return Optional.empty(); // not paid at a terminal
        return payOut(terminal.get(), receipt.get(), amountMinor, paymentAmountMinor);
    }

    static Optional<String> payOut(TerminalCheckout terminal, String receipt, long amountMinor, long paymentAmountMinor) {
        try {
            if (amountMinor == paymentAmountMinor && !receipt.isEmpty()) {
                TerminalResult reversed = terminal.reverse(receipt);
                if (reversed.approved()) {
                    log.info("Card-present payment with receipt {} reversed at the terminal", receipt);
                    return Optional.empty();
                }
                log.info("Reversal of receipt {} not possible ({}); refunding to the card instead", receipt, reversed.message());
            }
            TerminalResult refunded = terminal.refund(amountMinor);
            if (refunded.approved()) return Optional.empty();
            return Optional.of("the card terminal did not refund: " + refunded.message());
        } catch (TerminalException e) {
            log.error("Refund of a card-present payment (receipt {}) could not be paid out at the terminal: {}", receipt, e.getMessage());
            return Optional.of("the card terminal did not answer: " + e.getMessage());
        }
    }
}
