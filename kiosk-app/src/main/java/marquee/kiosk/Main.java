package marquee.kiosk;

import javafx.application.Application;

/**
 * Entry point. A plain class (not the {@link Application}) so the app starts from the class path.
 * Options: {@code --backend host:port} to use a remote backend instead of the embedded one;
 * {@code --mode cashier} (or {@code MARQUEE_KIOSK_MODE=cashier}) starts the staffed till instead of the kiosk.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        boolean cashier = marquee.kiosk.cashier.CashierSettings.cashierMode(java.util.List.of(args),
                marquee.platform.config.Config.fromEnvironment());
        Application.launch(cashier ? marquee.kiosk.cashier.CashierApp.class : KioskApp.class, args);
    }
}
