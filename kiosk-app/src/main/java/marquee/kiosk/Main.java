package marquee.kiosk;

import javafx.application.Application;
import marquee.kiosk.boot.ConfigFile;
import marquee.kiosk.boot.DesktopCheck;
import marquee.kiosk.boot.SelfTest;

/**
 * Entry point. A plain class (not the {@link Application}) so the app starts from the class path.
 * Options: {@code --backend host:port} to use a remote backend instead of the embedded one;
 * {@code --mode cashier} (or {@code MARQUEE_KIOSK_MODE=cashier}) starts the staffed till instead of the kiosk;
 * {@code --mode door} the ticket scanner at the door; {@code --training} a till or door in training mode;
 * {@code --self-test} checks the installation without a screen and exits (0 = fine).
 * Settings in {@code /etc/marquee/kiosk.conf} apply unless the environment or a {@code -D} property sets them.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ConfigFile.Result file = ConfigFile.loadDefault();
        file.problems().forEach(problem -> System.err.println("Marquee kiosk: ignored " + problem));
        java.util.List<String> arguments = java.util.List.of(args);
        if (arguments.contains("--self-test")) {
            System.exit(SelfTest.run(arguments, System.out));
        }
        java.util.Optional<String> problem = DesktopCheck.problem();
        if (problem.isPresent()) {
            System.err.println(problem.get());
            System.exit(3);
        }
        boolean cashier = marquee.kiosk.cashier.CashierSettings.cashierMode(arguments,
                marquee.platform.config.Config.fromEnvironment());
        boolean door = marquee.kiosk.door.DoorSettings.doorMode(arguments, marquee.platform.config.Config.fromEnvironment());
        try {
            Application.launch(door ? marquee.kiosk.door.DoorApp.class
                    : cashier ? marquee.kiosk.cashier.CashierApp.class : KioskApp.class, args);
        } catch (RuntimeException e) {
            java.util.Optional<String> explained = DesktopCheck.explain(e);
            if (explained.isEmpty()) throw e;
            System.err.println(explained.get());
            System.exit(3);
        }
    }
}
