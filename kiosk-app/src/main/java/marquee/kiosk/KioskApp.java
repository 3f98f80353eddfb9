package marquee.kiosk;

import java.time.Clock;
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
import marquee.kiosk.flow.KioskFlow;
import marquee.kiosk.flow.TicketPrinter;
import marquee.kiosk.shell.KioskShell;
import java.lang.management.ManagementFactory;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.server.Backends;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk window. Starts the embedded backend (or connects to a remote one) off the JavaFX
 * thread while a splash shows progress, then hands the window to the customer flow.
 */
public final class KioskApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(KioskApp.class);

    private BackendRuntime embedded;
    private BackendClient client;
    private KioskFlow flow;
    private final ExecutorService work = Executors.newCachedThreadPool(daemon("kiosk-work"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("kiosk-ticker"));

    @Override
    public void start(Stage stage) {
        KioskSettings settings = KioskSettings.from(getParameters().getRaw(), Config.fromEnvironment());
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.messages", settings.language());
        flow = new KioskFlow(work, Platform::runLater, ticker, Clock.systemUTC(), settings.idleTimeout(),
                settings.idleGrace(), settings.language(), TicketPrinter.NONE);
        Scene scene = new Scene(new KioskShell(flow, settings.deviceId()), settings.width(), settings.height());
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
        flow.start();
        log.info("Start screen shown {} ms after the JVM started", ManagementFactory.getRuntimeMXBean().getUptime());

        // The start screen is there at once; the (embedded) backend comes up behind it.
        Task<BackendClient> connect = new Task<>() {
            @Override
            protected BackendClient call() {
                String target;
                if (settings.remoteBackend().isPresent()) {
                    target = settings.remoteBackend().get();
                } else {
                    embedded = Backends.startAllInOne(Config.fromEnvironment(),
                            (step, of, what) -> Platform.runLater(() -> flow.startingUp((double) step / of, what)));
                    target = embedded.inProcessTarget();
                }
                return new GrpcBackendClient(target);
            }
        };
        connect.setOnSucceeded(done -> {
            client = connect.getValue();
            flow.startingUp(1, "");
            flow.connect(client, () -> client.signIn(settings.deviceId(), settings.deviceSecret()))
                    .whenComplete((ok, failure) -> log.info("Kiosk ready to sell {} ms after the JVM started ({})",
                            ManagementFactory.getRuntimeMXBean().getUptime(), failure == null ? "programme loaded" : "out of order"));
        });
        connect.setOnFailed(failed -> flow.startupFailed(connect.getException()));
        Thread worker = new Thread(connect, "backend-start");
        worker.setDaemon(true);
        worker.start();
    }

    /** The customer flow once the backend is connected; null before. For tests and screenshots. */
    public KioskFlow flow() {
        return flow;
    }

    @Override
    public void stop() {
        if (flow != null) flow.close();
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
