package marquee.kiosk.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import marquee.kiosk.Screenshots;
import marquee.kiosk.door.DoorApp;
import marquee.kiosk.door.DoorViewModel;
import marquee.kiosk.printing.PaperFormat;
import marquee.kiosk.printing.PdfFilePrinter;
import marquee.kiosk.printing.PrintJob;
import marquee.kiosk.printing.SampleTickets;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Training mode: separate data whatever the installation points at, TRAINING on every print and screen. */
class TrainingModeTest {
    @TempDir
    Path dir;

    @Test
    void theTrainingBackendNeverReachesTheRealDatabaseKeysOrServices() {
        Config real = Config.withOverrides(Map.of("marquee.data.dir", dir.toString(),
                "marquee.db.url", "jdbc:postgresql://db.cinema.example/marquee", "marquee.tickets.db.url", "jdbc:postgresql://x/y",
                "marquee.keys.dir", "/etc/marquee/keys", "marquee.payments.address", "payments.example:9095",
                "marquee.demo.data", "false"));
        Config training = TrainingMode.configFor(List.of("--mode", "cashier", "--training"), real);

        assertThat(training.find("marquee.db.url")).isEmpty();
        assertThat(training.find("marquee.tickets.db.url")).isEmpty();
        assertThat(training.find("marquee.payments.address")).isEmpty();
        assertThat(training.dataDir()).isEqualTo(dir.resolve("training"));
        assertThat(training.keysDir()).isEqualTo(dir.resolve("training").resolve("keys"));
        assertThat(training.getBoolean("marquee.demo.data", false)).isTrue();
        assertThat(TrainingMode.configFor(List.of("--mode", "cashier"), real)).isSameAs(real);
    }

    @Test
    void everyTicketAndReceiptPrintedInTrainingSaysTraining() {
        var printer = TrainingMode.marking(new PdfFilePrinter(dir.resolve("prints"), PaperFormat.THERMAL_80MM));
        PrintJob job = printer.print(List.of(SampleTickets.ticket(12, false, Locale.ENGLISH)));
        String text = SampleTickets.text(job.file().orElseThrow());
        assertThat(text).contains("TRAINING");
        assertThat(printer.name()).endsWith("(training)");
    }

    @Test
    void theDoorInTrainingShowsTheBannerAndRunsOnItsOwnTrainingBackend() throws Exception {
        System.setProperty("marquee.data.dir", dir.toString());
        DoorApp app = null;
        try {
            Stage stage = FxToolkit.registerPrimaryStage();
            app = (DoorApp) FxToolkit.setupApplication(DoorApp.class, "--mode", "door", "--training", "--backend", "localhost:1",
                    "--station", "door-training-test");
            DoorApp started = app;
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> started.model() != null);
            FxRobot robot = new FxRobot();
            assertThat(((Label) robot.lookup("#training-banner").query()).getText()).startsWith("TRAINING");
            assertThat(stage.getTitle()).contains("TRAINING");
            // The configured backend (localhost:1) is ignored: demo door staff sign in on the training backend.
            robot.clickOn("#door-login").write("door01");
            robot.clickOn("#door-pin").write("2468").type(javafx.scene.input.KeyCode.ENTER);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> started.model().screenProperty().get() == DoorViewModel.Screen.SCAN);
            assertThat(dir.resolve("training").resolve("postgres")).isDirectory();
            assertThat(dir.resolve("door-door-training-test-training.sqlite")).exists();
            Screenshots.save(stage.getScene(), "door-10-training");
        } finally {
            if (app != null) FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            System.clearProperty("marquee.data.dir");
        }
    }
}
