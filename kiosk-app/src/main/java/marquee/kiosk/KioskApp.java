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
import marquee.kiosk.start.SplashView;
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
        SplashView splash = new SplashView(text);
        Scene scene = new Scene(splash, settings.width(), settings.height());
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

        Task<BackendClient> connect = new Task<>() {
            @Override
            protected BackendClient call() {
                String target;
                if (settings.remoteBackend().isPresent()) {
                    target = settings.remoteBackend().get();
                } else {
                    embedded = Backends.startAllInOne(Config.fromEnvironment(),
                            (step, of, what) -> {
                                updateProgress(step, of);
                                updateMessage(what);
                            });
                    target = embedded.inProcessTarget();
                }
                return new GrpcBackendClient(target);
            }
        };
        splash.progressProperty().bind(connect.progressProperty());
        connect.messageProperty().addListener((property, old, message) -> splash.showStep(message));
        connect.setOnSucceeded(done -> {
            client = connect.getValue();
            flow = new KioskFlow(client, () -> client.signIn(settings.deviceId(), settings.deviceSecret()), work, Platform::runLater, ticker, Clock.systemUTC(), settings.idleTimeout(),
                    settings.idleGrace(), settings.language(), TicketPrinter.NONE);
            scene.setRoot(new KioskShell(flow, settings.deviceId()));
            flow.start();
        });
        connect.setOnFailed(failed -> {
            log.error("The kiosk could not reach its backend", connect.getException());
            splash.showFailure(text.getString("error.backend"));
        });
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
