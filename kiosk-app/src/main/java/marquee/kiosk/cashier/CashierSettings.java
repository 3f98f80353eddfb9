package marquee.kiosk.cashier;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import marquee.kiosk.KioskSettings;
import marquee.platform.config.Config;

/**
 * How a till runs. Options first, then configuration ({@code MARQUEE_KIOSK_*} / {@code -Dmarquee.kiosk.*}), then defaults.
 *
 * @param remoteBackend {@code --backend host:port}, else the embedded backend
 * @param stationId     {@code --station} / {@code marquee.kiosk.station.id}: the till's id, recorded on every shift
 * @param printer       {@code --printer} / {@code marquee.kiosk.printer}: see {@code PrinterSettings}; empty for the configured default
 * @param dataDir       {@code --data-dir} / {@code marquee.data.dir}: where the offline cache and shift reports live
 * @param currency      {@code marquee.kiosk.currency}: the drawer's currency (default EUR)
 * @param cinemaName    {@code marquee.kiosk.cinema.name}: shown on the sign-in screen before anyone signs in; the
 *                      cinema the backend names at sign-in replaces it
 */
public record CashierSettings(Optional<String> remoteBackend, String stationId, Optional<String> printer, Path dataDir,
                              String currency, Locale language, int width, int height, String cinemaName) {

    public static CashierSettings from(List<String> args, Config config) {
        KioskSettings kiosk = KioskSettings.from(args, config);
        String size = option(args, "--size").orElse(config.get("marquee.kiosk.cashier.size", "1920x1080"));
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        return new CashierSettings(kiosk.remoteBackend(),
                option(args, "--station").orElse(config.get("marquee.kiosk.station.id", "till-riverside-1")),
                option(args, "--printer").or(() -> config.find("marquee.kiosk.printer")),
                option(args, "--data-dir").map(Path::of).orElse(config.dataDir()),
                config.get("marquee.kiosk.currency", "EUR"), kiosk.language(),
                Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()),
                option(args, "--cinema-name").orElse(config.get("marquee.kiosk.cinema.name", "")));
    }

    /** True when the app should start as a till: {@code --mode cashier} or {@code MARQUEE_KIOSK_MODE=cashier}. */
    public static boolean cashierMode(List<String> args, Config config) {
        return option(args, "--mode").orElse(config.get("marquee.kiosk.mode", "kiosk")).equalsIgnoreCase("cashier");
    }

    private static Optional<String> option(List<String> args, String name) {
        Optional<String> found = Optional.empty();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) found = Optional.of(args.get(i + 1));
        }
        return found;
    }
}
