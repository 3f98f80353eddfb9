package marquee.kiosk.cashier;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.stage.Stage;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.pickup.Connectivity;
import marquee.kiosk.pickup.PickupService;
import marquee.kiosk.pickup.Reconnector;
import marquee.kiosk.printing.PaperFormat;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterSettings;
import marquee.kiosk.work.Async;

import marquee.platform.config.Config;
import marquee.server.EmbeddedBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cashier mode: the same app as a staffed till. Starts (or connects to) the backend behind the
 * sign-in screen; sign-in waits until the backend answers.
 */
public final class CashierApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(CashierApp.class);

    private final ExecutorService work = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "till-work");
        thread.setDaemon(true);
        return thread;
    });
    private EmbeddedBackend embedded;
    private GrpcBackendClient client;
    private TicketCache cache;
    private Reconnector reconnector;
    private marquee.kiosk.offline.OfflineSelling offlineSelling;
    private volatile CashierViewModel model;

    @Override
    public void start(Stage stage) {
        // Training (--training): a backend of its own on training data, whatever backend is configured; prints say TRAINING.
        boolean training = marquee.kiosk.training.TrainingMode.requested(getParameters().getRaw(), Config.fromEnvironment());
        Config config = marquee.kiosk.training.TrainingMode.configFor(getParameters().getRaw(), Config.fromEnvironment());
        if (training) marquee.kiosk.terminal.CardTerminals.trainingOnly();
        CashierSettings settings = CashierSettings.from(getParameters().getRaw(), config);
        Printer configured = settings.printer()
                .map(spec -> PrinterSettings.parse(spec, PaperFormat.THERMAL_80MM))
                .orElseGet(() -> PrinterSettings.from(config).printer());
        Printer printer = training ? marquee.kiosk.training.TrainingMode.marking(configured) : configured;
        String target = training ? null : settings.remoteBackend().orElse(null);
        if (target != null) client = new GrpcBackendClient(target, config);
        Task<GrpcBackendClient> connect = new Task<>() {
            @Override
            protected GrpcBackendClient call() {
                if (client != null) return client;
                embedded = EmbeddedBackend.start(config, (step, of, what) -> { });
                return new GrpcBackendClient(embedded.inProcessTarget());
            }
        };
        // The client exists before the backend does only for a remote backend; the embedded one is
        // started first, so the view-models are built when the connection is there.
        connect.setOnSucceeded(done -> {
            client = connect.getValue();
            cache = TicketCache.openOrFallback(settings.dataDir().resolve("till-" + settings.stationId() + (training ? "-training" : "") + ".sqlite"));
            Async async = new Async(work, Platform::runLater);
            CashierContext context = new CashierContext(client, client.cashier(), printer, async, settings);
            Connectivity connectivity = new Connectivity();
            GrpcBackendClient backend = client;
            java.util.function.Supplier<PickupService> pickup = () -> new PickupService(backend, cache, printer, connectivity,
                    context.cinema().name(), context.zone(), settings.language());
            // Offline selling from seats set aside (issue 14): not in training (no real seats there).
            if (!training) {
                var keys = marquee.kiosk.offline.TerminalKeys.loadOrCreate(
                        marquee.kiosk.offline.TerminalKeys.location(settings.dataDir(), settings.stationId()));
                offlineSelling = new marquee.kiosk.offline.OfflineSelling(backend.offline(), new marquee.kiosk.cache.OfflineStore(cache),
                        keys, settings.stationId(), connectivity, java.time.Clock.systemUTC());
            }
            CashierViewModel built = new CashierViewModel(context, pickup, offlineSelling);
            connectivity.addListener(state -> Platform.runLater(() -> built.connectivity(state.online(), state.offlineSince())));
            // The till's offline copy follows the cinema of whoever signs in; one sync loop per till.
            context.useCachedProgramme(cache::loadProgramme);
            built.onSignedIn(() -> {
                if (reconnector == null) {
                    // Each successful sync also refreshes the cached programme when it is older than 10 minutes.
                    reconnector = new Reconnector(backend, cache, context.cinema().id(), connectivity, Duration.ofSeconds(2),
                            Duration.ofMinutes(1), Duration.ofMinutes(1), synced -> refreshProgramme(backend, context));
                    reconnector.start();
                }
                if (offlineSelling != null) {
                    // At sign-in and every few minutes: key, upload, return, fresh allocations.
                    offlineSelling.onlyWhen(() -> context.staff() != null);
                    offlineSelling.start(Duration.ofSeconds(config.getInt("marquee.kiosk.offline.refresh.seconds", 180)),
                            Duration.ofSeconds(config.getInt("marquee.kiosk.offline.retry.seconds", 5)));
                }
            });
            stage.getScene().setRoot(training ? marquee.kiosk.training.TrainingMode.withBanner(new CashierView(built),
                    java.util.ResourceBundle.getBundle("marquee.kiosk.door.door", settings.language()).getString("training.banner"))
                    : new CashierView(built));
            built.login().backendReady();
            model = built;
            log.info("Till {} ready, printer {}", settings.stationId(), printer.name());
        });
        javafx.scene.control.Label starting = new javafx.scene.control.Label(
                java.util.ResourceBundle.getBundle("marquee.kiosk.cashier.cashier", settings.language()).getString("starting"));
        connect.setOnFailed(failed -> {
            log.error("The backend did not start", connect.getException());
            starting.setText(java.text.MessageFormat.format(java.util.ResourceBundle.getBundle("marquee.kiosk.cashier.cashier",
                    settings.language()).getString("error.backend"), String.valueOf(connect.getException().getMessage())));
            starting.getStyleClass().setAll("error");
        });
        starting.getStyleClass().add("splash-title");
        javafx.scene.layout.StackPane splash = new javafx.scene.layout.StackPane(starting);
        splash.getStyleClass().add("kiosk");
        Scene scene = new Scene(splash, settings.width(), settings.height());
        scene.getStylesheets().add(getClass().getResource("/marquee/kiosk/theme.css").toExternalForm());
        scene.getStylesheets().add(getClass().getResource("/marquee/kiosk/cashier/cashier.css").toExternalForm());
        stage.setTitle(java.util.ResourceBundle.getBundle("marquee.kiosk.cashier.cashier", settings.language()).getString("app.title")
                + (training ? " – " + marquee.kiosk.training.TrainingMode.MARK : ""));
        stage.setScene(scene);
        stage.show();
        Thread worker = new Thread(connect, "backend-start");
        worker.setDaemon(true);
        worker.start();
    }

    private volatile java.time.Instant programmeSavedAt = java.time.Instant.EPOCH;

    /** Saves the programme of today and tomorrow in the offline copy (called after syncs, at most every 10 minutes). */
    private void refreshProgramme(GrpcBackendClient backend, CashierContext context) {
        if (context.cinema() == null || java.time.Duration.between(programmeSavedAt, java.time.Instant.now()).toMinutes() < 10) return;
        try {
            cache.saveProgramme(marquee.kiosk.cache.ProgrammeFetcher.fetch(backend, context.cinema(), 2, java.time.Clock.systemUTC()));
            programmeSavedAt = java.time.Instant.now();
        } catch (RuntimeException e) {
            log.warn("The programme could not be saved for offline use: {}", e.getMessage());
        }
    }

    /** The till once connected; null before. For tests and screenshots. */
    public CashierViewModel model() {
        return model;
    }

    @Override
    public void stop() {
        CashierViewModel current = model;
        if (current != null) current.sale().close();
        work.shutdownNow();
        if (client != null) client.close();
        if (reconnector != null) reconnector.close();
        if (offlineSelling != null) offlineSelling.close();
        if (cache != null) cache.close();
        if (embedded != null) embedded.close();
    }
}
