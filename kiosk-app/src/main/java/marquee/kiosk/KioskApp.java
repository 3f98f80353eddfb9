package marquee.kiosk;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.pickup.Connectivity;
import marquee.kiosk.pickup.PickupService;
import marquee.kiosk.pickup.Reconnector;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterSettings;
import marquee.kiosk.shell.Kiosk;
import marquee.kiosk.shell.KioskShell;
import marquee.kiosk.work.Async;

import marquee.platform.config.Config;
import marquee.server.EmbeddedBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk window. Starts the embedded backend (or connects to a remote one) off the JavaFX
 * thread while the start screen shows progress, then hands the window to the customer.
 */
public final class KioskApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(KioskApp.class);

    private EmbeddedBackend embedded;
    private BackendClient client;
    private Kiosk kiosk;
    private TicketCache cache;
    private Reconnector reconnector;
    private marquee.kiosk.offline.OfflineSelling offlineSelling;
    private volatile Runnable signInAsDevice;
    private volatile marquee.kiosk.cache.Programme programme;
    private final java.util.concurrent.atomic.AtomicBoolean savingProgramme = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.time.Instant programmeSavedAt = java.time.Instant.EPOCH;
    private final ExecutorService work = Executors.newCachedThreadPool(daemon("kiosk-work"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("kiosk-ticker"));

    @Override
    public void start(Stage stage) {
        log.info("JavaFX up {} ms after the JVM started", ManagementFactory.getRuntimeMXBean().getUptime());
        KioskSettings settings = KioskSettings.from(getParameters().getRaw(), Config.fromEnvironment());
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.messages", settings.language());
        Config config = Config.fromEnvironment();
        Printer printer = PrinterSettings.from(config).printer();
        log.info("Tickets print on {}", printer.name());
        kiosk = new Kiosk(new Async(work, Platform::runLater, ticker), Clock.systemUTC(), settings.idleTimeout(),
                settings.idleGrace(), settings.language(), KioskSettings.LANGUAGES, printer, settings.deviceId());
        marquee.kiosk.terminal.CardTerminals.configured().ifPresent(kiosk.checkout()::useCardTerminal); // issue 16
        // Once the cinema is known: the offline copy that keeps pickup printing when the backend is away.
        kiosk.health().readyProperty().addListener((property, was, ready) -> {
            if (ready && cache == null) startOfflineCopy(config, settings, printer);
        });
        Scene scene = new Scene(new KioskShell(kiosk), settings.width(), settings.height());
        scene.getStylesheets().add(getClass().getResource("/marquee/kiosk/theme.css").toExternalForm());
        stage.setTitle(text.getString("app.title"));
        stage.setScene(scene);
        if (settings.fullScreen()) {
            // A lobby kiosk: no window frame, no "press Esc to exit" hint, Esc does not leave.
            stage.setFullScreenExitHint("");
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreen(true);
        }
        stage.show();
        kiosk.start();
        log.info("Start screen shown {} ms after the JVM started", ManagementFactory.getRuntimeMXBean().getUptime());

        // The start screen is there at once; the (embedded) backend comes up behind it.
        Task<BackendClient> connect = new Task<>() {
            @Override
            protected BackendClient call() {
                String target;
                if (settings.remoteBackend().isPresent()) {
                    target = settings.remoteBackend().get();
                } else {
                    embedded = EmbeddedBackend.start(Config.fromEnvironment(),
                            (step, of, what) -> Platform.runLater(() -> kiosk.health().startingUp((double) step / of, what)));
                    target = embedded.inProcessTarget();
                }
                return new GrpcBackendClient(target);
            }
        };
        connect.setOnSucceeded(done -> {
            client = connect.getValue();
            kiosk.health().startingUp(1, "");
            signInAsDevice = () -> client.signIn(settings.deviceId(), settings.deviceSecret());
            kiosk.health().connect(client, signInAsDevice)
                    .whenComplete((ok, failure) -> log.info("Kiosk ready to sell {} ms after the JVM started ({})",
                            ManagementFactory.getRuntimeMXBean().getUptime(), failure == null ? "in service" : "out of order"));
        });
        connect.setOnFailed(failed -> kiosk.health().startupFailed(connect.getException()));
        Thread worker = new Thread(connect, "backend-start");
        worker.setDaemon(true);
        worker.start();
    }

    private void startOfflineCopy(Config config, KioskSettings settings, Printer printer) {
        CinemaInfo cinema = kiosk.health().cinemaProperty().get();
        try {
            cache = TicketCache.openOrFallback(TicketCache.defaultLocation(config));
            Connectivity connectivity = new Connectivity();
            reconnector = new Reconnector(client, cache, cinema.id(), connectivity, Duration.ofSeconds(2), Duration.ofMinutes(1),
                    Duration.ofMinutes(1));
            reconnector.start();
            kiosk.pickup().use(new PickupService(client, cache, printer, connectivity, cinema.name(), ZoneId.of(cinema.timeZone()),
                    settings.language()));
            log.info("Offline copy of {}'s tickets in {}", cinema.name(), cache.file());
            startOfflineSelling(config, settings, printer, cinema, connectivity);
        } catch (RuntimeException e) {
            log.warn("No offline copy: pickup works only while the backend is reachable", e);
        }
    }

    /**
     * Offline selling from seats set aside (issue 14): only a kiosk with a card terminal (a kiosk
     * takes no cash), and only while the cinema lets kiosks sell offline — {@link
     * marquee.kiosk.offline.OfflineSelling#forKiosk} registers the key and keeps allocations only then.
     */
    private void startOfflineSelling(Config config, KioskSettings settings, Printer printer, CinemaInfo cinema, Connectivity connectivity) {
        if (!(client instanceof GrpcBackendClient grpc)) return;
        if (marquee.kiosk.terminal.CardTerminals.configured().isEmpty()) {
            log.info("No card terminal: this kiosk does not sell offline");
            return;
        }
        try {
            var keys = marquee.kiosk.offline.TerminalKeys.loadOrCreate(
                    marquee.kiosk.offline.TerminalKeys.location(cache.file().toAbsolutePath().getParent(), settings.deviceId()));
            offlineSelling = new marquee.kiosk.offline.OfflineSelling(grpc.offline(), new marquee.kiosk.cache.OfflineStore(cache), keys,
                    settings.deviceId(), connectivity, Clock.systemUTC());
            offlineSelling.forKiosk();
            // The kiosk learns of an outage from its offline rounds too, not only from a customer's next tap: out of
            // order at once, where the out-of-order screen offers the seats set aside.
            connectivity.addListener(state -> {
                Platform.runLater(() -> {
                    var fault = kiosk.health().faultProperty().get();
                    if (!state.online() && fault == null) {
                        kiosk.health().backendFailed(new marquee.kiosk.backend.BackendUnavailableException(
                                "The ticket system cannot be reached", null));
                    } else if (state.online() && fault != null && fault.is(marquee.kiosk.health.Fault.BACKEND_UNREACHABLE)
                            && signInAsDevice != null) {
                        // Back without waiting for the health's next retry.
                        kiosk.health().connect(client, signInAsDevice);
                    }
                });
            });
            grpc.reportOfflineWith(offlineSelling::stats);
            programme = cache.loadProgramme().orElse(null);
            offlineSelling.addListener(stats -> saveProgramme(grpc, cinema));
            kiosk.offlineSale().use(offlineSelling, printer, marquee.kiosk.terminal.CardTerminals::configured, this::hallOf);
            offlineSelling.start(Duration.ofSeconds(config.getInt("marquee.kiosk.offline.refresh.seconds", 180)),
                    Duration.ofSeconds(config.getInt("marquee.kiosk.offline.retry.seconds", 5)));
            log.info("Offline selling from seats set aside is on for kiosk {}", settings.deviceId());
        } catch (RuntimeException e) {
            log.warn("No offline selling at this kiosk", e);
        }
    }

    /** A showtime's hall from the saved programme, or null (then drawn from the seats set aside). */
    private marquee.kiosk.seatmap.HallLayout hallOf(String showtimeId) {
        var saved = programme;
        var map = saved == null ? null : saved.seatMaps().get(showtimeId);
        return map == null ? null : marquee.kiosk.seats.SeatSelectionViewModel.toLayout(map);
    }

    /** Saves today's and tomorrow's programme for the offline seat map (while online, at most every 10 minutes). */
    private void saveProgramme(GrpcBackendClient grpc, CinemaInfo cinema) {
        if (offlineSelling == null || !offlineSelling.online()
                || Duration.between(programmeSavedAt, java.time.Instant.now()).toMinutes() < 10 || !savingProgramme.compareAndSet(false, true)) {
            return;
        }
        work.execute(() -> {
            try {
                var fetched = marquee.kiosk.cache.ProgrammeFetcher.fetch(grpc, cinema, 2, Clock.systemUTC());
                cache.saveProgramme(fetched);
                programme = fetched;
                programmeSavedAt = java.time.Instant.now();
            } catch (RuntimeException e) {
                log.warn("The programme could not be saved for offline use: {}", e.getMessage());
            } finally {
                savingProgramme.set(false);
            }
        });
    }

    /** The kiosk's navigator, health and screen view-models; null before the window is up. For tests and screenshots. */
    public Kiosk kiosk() {
        return kiosk;
    }

    @Override
    public void stop() {
        if (kiosk != null) kiosk.close();
        if (offlineSelling != null) offlineSelling.close();
        if (reconnector != null) reconnector.close();
        if (cache != null) cache.close();
        if (client != null) client.close();
        if (embedded != null) embedded.close();
        work.shutdownNow();
        ticker.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
