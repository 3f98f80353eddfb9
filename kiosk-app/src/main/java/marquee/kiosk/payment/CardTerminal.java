package marquee.kiosk.payment;

import java.util.function.Consumer;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.Hold;

/**
 * A real card terminal beside the kiosk (issue 16), as the checkout screens see it: it is asked for
 * a hold's total and the backend gets its approval; the kiosk never sees the card. Implemented by
 * {@code marquee.kiosk.terminal.TerminalCheckout} and wired in by the app, so the screen packages do
 * not depend on the terminal package.
 */
public interface CardTerminal {
    /** Pays the hold at the terminal and records the approval. Blocking: call from a worker thread. */
    CheckoutResult payHold(Hold hold, Consumer<String> customerText, BackendClient backend);

    /** Stops a payment running at the terminal; nothing happens when none is. */
    void abort();
}
