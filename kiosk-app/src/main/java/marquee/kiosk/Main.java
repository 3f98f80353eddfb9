package marquee.kiosk;

import javafx.application.Application;

/**
 * Entry point. A plain class (not the {@link Application}) so the app starts from the class path.
 * Options: {@code --backend host:port} to use a remote backend instead of the embedded one.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Application.launch(KioskApp.class, args);
    }
}
