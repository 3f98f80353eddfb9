package marquee.kiosk.terminal;

import java.time.Duration;
import java.util.Optional;
import marquee.platform.config.Config;
import marquee.terminal.zvt.ZvtSettings;

/**
 * The card terminal beside this kiosk or till, from the kiosk config file or the environment:
 * {@code MARQUEE_KIOSK_TERMINAL_HOST} (no host: no terminal, the built-in simulator cards as before),
 * {@code _PORT} (20007), {@code _PASSWORD} (the terminal's six-digit ECR password, 000000),
 * {@code _CURRENCY} (EUR), {@code _TIMEOUT} (how long a customer may take at the terminal, PT3M).
 */
public record TerminalSettings(String host, int port, String password, String currency, Duration timeout) {
    public static final String HOST = "marquee.kiosk.terminal.host";

    public static Optional<TerminalSettings> from(Config config) {
        Optional<String> host = config.find(HOST).map(String::strip).filter(h -> !h.isEmpty());
        if (host.isEmpty()) return Optional.empty();
        String password = config.get("marquee.kiosk.terminal.password", "000000").strip();
        if (!password.matches("\\d{6}")) {
            throw new IllegalArgumentException(Config.envName("marquee.kiosk.terminal.password") + " must be six digits");
        }
        return Optional.of(new TerminalSettings(host.get(), config.getInt("marquee.kiosk.terminal.port", ZvtSettings.DEFAULT_PORT),
                password, config.get("marquee.kiosk.terminal.currency", "EUR").strip(),
                config.getDuration("marquee.kiosk.terminal.timeout", Duration.ofMinutes(3))));
    }

    public ZvtSettings zvt() {
        ZvtSettings base = ZvtSettings.of(host, port, password, currency);
        return base.withTimeouts(base.ackTimeout(), timeout, base.abortGrace());
    }

    @Override
    public String toString() {
        return "TerminalSettings[" + host + ":" + port + ", " + currency + "]"; // never the password
    }
}
