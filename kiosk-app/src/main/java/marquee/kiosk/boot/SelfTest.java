package marquee.kiosk.boot;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import marquee.kiosk.KioskSettings;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.FilmInfo;

import marquee.platform.config.Config;
import marquee.server.EmbeddedBackend;

/**
 * {@code marquee-kiosk --self-test}: checks an installation without a screen. Boots the embedded
 * backend (or connects to the configured one), signs in as the configured device, loads the
 * programme of the next seven days, opens the offline cache, and exits 0 — or prints what failed
 * and exits 1. IT runs it after installing; the installer tests run it on the installed package.
 */
public final class SelfTest {
    private SelfTest() {}

    public static int run(List<String> args, PrintStream out) {
        long started = System.nanoTime();
        EmbeddedBackend embedded = null;
        BackendClient client = null;
        try {
            Config config = Config.fromEnvironment();
            KioskSettings settings = KioskSettings.from(args, config);
            boolean cashier = marquee.kiosk.cashier.CashierSettings.cashierMode(args, config);
            boolean door = marquee.kiosk.door.DoorSettings.doorMode(args, config);
            out.println("Marquee kiosk self-test, mode: " + (door ? "door" : cashier ? "cashier" : "kiosk") + " (Java " + Runtime.version() + ", "
                    + System.getProperty("java.home") + ")");
            Class.forName("javafx.scene.control.Button", false, SelfTest.class.getClassLoader());
            out.println("  JavaFX on the class path; desktop: " + DesktopCheck.problem().orElse("ok"));
            String target;
            if (settings.remoteBackend().isPresent()) {
                target = settings.remoteBackend().get();
                out.println("  backend: " + target);
            } else {
                embedded = EmbeddedBackend.start(config, (step, of, what) -> {});
                target = embedded.inProcessTarget();
                out.println("  embedded backend started (data in " + config.dataDir() + ")");
            }
            client = new GrpcBackendClient(target);
            client.signIn(settings.deviceId(), settings.deviceSecret());
            CinemaInfo cinema = client.cinema();
            LocalDate today = LocalDate.now(ZoneId.of(cinema.timeZone()));
            List<FilmInfo> films = client.films(cinema.id(), today, 7);
            int showtimes = 0;
            for (int day = 0; day < 7; day++) showtimes += client.showtimes(cinema.id(), today.plusDays(day)).size();
            out.println("  signed in as " + settings.deviceId() + " at " + cinema.name() + ": " + films.size() + " films, "
                    + showtimes + " showtimes in the next 7 days");
            if (films.isEmpty() || showtimes == 0) {
                out.println("Self-test FAILED: the programme of " + cinema.name() + " is empty");
                return 1;
            }
            try (TicketCache cache = TicketCache.open(TicketCache.defaultLocation(config))) {
                out.println("  offline cache: " + cache.file());
            }
            out.println("Self-test passed in " + (System.nanoTime() - started) / 1_000_000 + " ms (JVM up "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms)");
            return 0;
        } catch (Exception | LinkageError e) {
            out.println("Self-test FAILED: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) out.println("  caused by: " + cause);
            return 1;
        } finally {
            if (client != null) client.close();
            if (embedded != null) embedded.close();
        }
    }
}
