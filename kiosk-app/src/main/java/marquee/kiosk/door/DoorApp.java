package marquee.kiosk.door;

import marquee.kiosk.backend.GrpcDoorClient;
import marquee.kiosk.backend.DoorBackend;
import java.time.Clock;
import java.util.ResourceBundle;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.training.TrainingMode;
import marquee.platform.config.Config;
import marquee.server.EmbeddedBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Door mode ({@code --mode door}): a ticket scanner at the auditorium door. Connects to the
 * configured backend (or starts the embedded one; in training mode always a training backend of
 * its own), opens the door's journal and offline copy, and shows the sign-in.
 */
public final class DoorApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(DoorApp.class);

    private EmbeddedBackend embedded;
    private DoorBackend client;
    private ScanJournal journal;
    private TicketCache cache;
    private DoorDesk desk;
    private volatile DoorViewModel model;

    @Override
    public void start(Stage stage) {
        Config base = Config.fromEnvironment();
        DoorSettings settings = DoorSettings.from(getParameters().getRaw(), base);
        Config config = settings.training() ? TrainingMode.backendConfig(base) : base;
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.door.door", settings.language());
        Label starting = new Label(text.getString("app.title") + " …");
        starting.getStyleClass().add("splash-title");
        StackPane splash = new StackPane(starting);
        splash.getStyleClass().add("kiosk");
        Scene scene = new Scene(splash, settings.width(), settings.height());
        scene.getStylesheets().add(getClass().getResource("/marquee/kiosk/theme.css").toExternalForm());
        stage.setTitle(text.getString("app.title") + (settings.training() ? " – " + TrainingMode.MARK : ""));
        stage.setScene(scene);
        if (settings.fullScreen()) {
            stage.setFullScreenExitHint("");
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreen(true);
        }
        stage.show();

        Task<DoorBackend> connect = new Task<>() {
            @Override
            protected DoorBackend call() {
                String target;
                if (settings.remoteBackend().isPresent() && !settings.training()) {
                    target = settings.remoteBackend().get();
                } else {
                    embedded = EmbeddedBackend.start(config, (step, of, what) -> { });
                    target = embedded.inProcessTarget();
                }
                return new GrpcDoorClient(target, config, settings.checkInDeadline());
            }
        };
        connect.setOnSucceeded(done -> {
            client = connect.getValue();
            journal = ScanJournal.open(settings.journalFile());
            cache = TicketCache.openOrFallback(settings.cacheFile());
            desk = new DoorDesk(client, journal, cache, settings.stationId(), settings.admitBefore(), Clock.systemUTC());
            desk.start(settings.syncInterval());
            DoorViewModel built = new DoorViewModel(desk, Platform::runLater, settings.language(), settings.training(),
                    (int) settings.admitBefore().toMinutes());
            scene.setRoot(new DoorView(built));
            model = built;
            log.info("Door {} ready (journal {}, {})", settings.stationId(), journal.file(),
                    settings.training() ? "TRAINING" : "live");
        });
        connect.setOnFailed(failed -> {
            log.error("The door could not reach or start its backend", connect.getException());
            starting.setText(String.valueOf(connect.getException().getMessage()));
            starting.getStyleClass().setAll("error");
        });
        Thread worker = new Thread(connect, "backend-start");
        worker.setDaemon(true);
        worker.start();
    }

    /** The door once connected; null before. For tests and screenshots. */
    public DoorViewModel model() {
        return model;
    }

    @Override
    public void stop() {
        if (model != null) model.close();
        if (desk != null) desk.close();
        if (client != null) client.close();
        if (journal != null) journal.close();
        if (cache != null) cache.close();
        if (embedded != null) embedded.close();
    }
}
