package marquee.kiosk.terminal;

import java.util.Optional;
import marquee.platform.config.Config;
import marquee.terminal.zvt.ZvtTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one card terminal of this device, when one is configured. Kiosk and till screens ask here;
 * the terminal connection is made on first use and kept.
 */
public final class CardTerminals {
    private static final Logger log = LoggerFactory.getLogger(CardTerminals.class);
    private static TerminalSettings current;
    private static TerminalCheckout checkout;

    private static boolean training;

    private CardTerminals() {}

    /**
     * Training mode (--training): the real card terminal beside the till is never used, whatever is
     * configured — card sales go to the training backend's simulated cards, so no money moves.
     */
    public static synchronized void trainingOnly() {
        training = true;
        closeCurrent();
    }

    /** The configured terminal (settings read from the environment now), or empty: then today's simulated cards apply. */
    public static synchronized Optional<TerminalCheckout> configured() {
        if (training) return Optional.empty();
        Optional<TerminalSettings> settings = TerminalSettings.from(Config.fromEnvironment());
        if (settings.isEmpty()) {
            closeCurrent();
            return Optional.empty();
        }
        if (!settings.get().equals(current)) {
            closeCurrent();
            current = settings.get();
            checkout = new TerminalCheckout(new ZvtTerminal(current.zvt()));
            log.info("Card terminal {} takes the card payments of this device", current);
        }
        return Optional.of(checkout);
    }

    private static void closeCurrent() {
        if (checkout != null) checkout.close();
        checkout = null;
        current = null;
    }
}
