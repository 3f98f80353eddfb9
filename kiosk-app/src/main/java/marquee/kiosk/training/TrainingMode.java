package marquee.kiosk.training;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import marquee.kiosk.printing.PrintJob;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterStatus;
import marquee.kiosk.printing.Receipt;
import marquee.platform.config.Config;

/**
 * Training mode for the till and the door ({@code --training}): the app runs against a backend of
 * its own — the embedded all-in-one backend on a separate PostgreSQL data directory under
 * {@code <data dir>/training}, with the demo programme, demo staff and the simulated card gateway —
 * whatever backend, database or keys the installation is configured with. So no real seat, no real
 * money and no real ticket can be touched: the training backend has no connection to the real one,
 * and its tickets are signed with a key of its own, which a real door refuses as forged.
 * Every screen shows a TRAINING banner and every print says TRAINING.
 */
public final class TrainingMode {
    /** Every service whose database, address or secret a training backend must not take from the real settings. */
    private static final java.util.List<String> SERVICES =
            java.util.List.of("users", "theaters", "movies", "reservations", "payments", "tickets", "notifications");

    public static final String MARK = "TRAINING";

    private TrainingMode() {}

    /** {@code --training} or {@code MARQUEE_KIOSK_TRAINING=true}. */
    public static boolean requested(List<String> args, Config config) {
        return args.contains("--training") || config.getBoolean("marquee.kiosk.training", false);
    }

    /** The configuration the app runs with: the training backend's when training was asked for, else {@code base}. */
    public static Config configFor(List<String> args, Config base) {
        return requested(args, base) ? backendConfig(base) : base;
    }

    /** The screen with the TRAINING banner across its top. */
    public static javafx.scene.Parent withBanner(javafx.scene.Parent screen, String text) {
        javafx.scene.control.Label banner = new javafx.scene.control.Label(text);
        banner.setId("training-banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setStyle("-fx-background-color: #ffd600; -fx-text-fill: black; -fx-font-size: 24px; -fx-font-weight: bold;"
                + " -fx-alignment: center; -fx-padding: 4px;");
        javafx.scene.layout.VBox.setVgrow(screen, javafx.scene.layout.Priority.ALWAYS);
        return new javafx.scene.layout.VBox(banner, screen);
    }

    /** Where training data lives: a directory of its own under the installation's data directory. */
    public static Path dataDir(Config base) {
        return base.dataDir().resolve("training");
    }

    /**
     * The configuration of the training backend: the base configuration with every way to reach real
     * data blanked out (a blank setting counts as unset, its {@code _FILE} variant too).
     */
    public static Config backendConfig(Config base) {
        Map<String, String> o = new HashMap<>();
        Path dir = dataDir(base);
        o.put("marquee.data.dir", dir.toString());
        o.put("marquee.keys.dir", dir.resolve("keys").toString());
        o.put("marquee.db.embedded.dir", dir.resolve("postgres").toString());
        o.put("marquee.demo.data", "true");
        o.put("marquee.payments.simulated.gateway", "allow");
        o.put("marquee.metrics.port", "-1");
        blank(o, "marquee.db.url");
        blank(o, "marquee.db.user");
        blank(o, "marquee.db.password");
        blank(o, "marquee.jwt.public.key");
        for (String service : SERVICES) {
            blank(o, "marquee." + service + ".db.url");
            blank(o, "marquee." + service + ".db.user");
            blank(o, "marquee." + service + ".db.password");
            blank(o, "marquee." + service + ".address");
            blank(o, "marquee." + service + ".service.secret");
        }
        return base.plus(o);
    }

    private static void blank(Map<String, String> overrides, String key) {
        overrides.put(key, "");
        overrides.put(key + ".file", "");
    }

    /** A printer that marks everything it prints TRAINING (cinema line and film title / receipt header). */
    public static Printer marking(Printer printer) {
        return new Printer() {
            @Override
            public String name() {
                return printer.name() + " (training)";
            }

            @Override
            public PrinterStatus status() {
                return printer.status();
            }

            @Override
            public PrintJob print(List<PrintedTicket> tickets) {
                return printer.print(tickets.stream().map(TrainingMode::mark).toList());
            }

            @Override
            public PrintJob print(Receipt r) {
                return printer.print(new Receipt(MARK + " - " + r.cinemaName() + " - " + MARK, r.bookingCode(), r.soldAt(), r.zone(),
                        r.lines(), r.bookingFee(), r.total(), r.paymentMethod(), r.cashTendered(), r.changeDue(), r.duplicate(),
                        r.locale()));
            }
        };
    }

    static PrintedTicket mark(PrintedTicket t) {
        return new PrintedTicket(MARK + " - " + t.cinemaName() + " - " + MARK, MARK + ": " + t.filmTitle(), t.hallName(), t.row(),
                t.seatNumber(), t.category(), t.ticketType(), t.startsAt(), t.zone(), t.price(), t.bookingCode(), t.qrPayload(),
                t.duplicate(), t.locale());
    }
}
