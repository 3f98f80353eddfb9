package marquee.kiosk;

import java.util.ResourceBundle;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.stage.Stage;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.programme.ProgrammeView;
import marquee.kiosk.programme.ProgrammeViewModel;
import marquee.kiosk.seats.SeatSelectionView;
import marquee.kiosk.seats.SeatSelectionViewModel;
import marquee.kiosk.start.SplashView;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.server.Backends;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk window. Starts the embedded backend (or connects to a remote one) off the JavaFX
 * thread while a splash shows progress, then shows today's programme.
 */
public final class KioskApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(KioskApp.class);

    private BackendRuntime embedded;
    private BackendClient client;

    @Override
    public void start(Stage stage) {
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.messages");
        KioskSettings settings = KioskSettings.from(getParameters().getRaw(), Config.fromEnvironment());
        SplashView splash = new SplashView(text);
        Scene scene = new Scene(splash, 1280, 800);
        scene.getStylesheets().add(getClass().getResource("/marquee/kiosk/theme.css").toExternalForm());
        stage.setTitle(text.getString("app.title"));
        stage.setScene(scene);
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
                BackendClient backend = new GrpcBackendClient(target);
                backend.signIn(settings.deviceId(), settings.deviceSecret());
                return backend;
            }
        };
        splash.progressProperty().bind(connect.progressProperty());
        connect.messageProperty().addListener((property, old, message) -> splash.showStep(message));
        connect.setOnSucceeded(done -> {
            client = connect.getValue();
            ProgrammeViewModel model = new ProgrammeViewModel(client);
            ProgrammeView programme = new ProgrammeView(model, text);
            model.onOpen((showtimeId, title) -> {
                SeatSelectionViewModel seats = new SeatSelectionViewModel(client, showtimeId, title, Platform::runLater,
                        java.util.Locale.getDefault());
                scene.setRoot(new SeatSelectionView(seats, text, () -> {
                    seats.close();
                    scene.setRoot(programme);
                }));
                seats.load(failure -> log.warn("Seat map of showtime {} could not be loaded", showtimeId, failure));
            });
            scene.setRoot(programme);
            model.load();
        });
        connect.setOnFailed(failed -> {
            log.error("The kiosk could not reach its backend", connect.getException());
            splash.showFailure(text.getString("error.backend"));
        });
        Thread worker = new Thread(connect, "backend-start");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        if (client != null) client.close();
        if (embedded != null) embedded.close();
        Platform.exit();
    }
}
