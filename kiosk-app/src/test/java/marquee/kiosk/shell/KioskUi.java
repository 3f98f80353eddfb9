package marquee.kiosk.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import marquee.kiosk.KioskApp;
import marquee.kiosk.Screenshots;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.films.ProgrammeViewModel;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatInfo;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.SeatRow;
import marquee.kiosk.model.SeatStatus;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.pickup.PickupViewModel;
import marquee.kiosk.purchase.CheckoutViewModel;
import marquee.kiosk.seatmap.SeatMapView;
import marquee.kiosk.seats.ChooseSeatsViewModel;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real kiosk app (KioskApp, its window and flow) the way a customer does: taps on the
 * buttons and seats, waits for what the screen shows. Shared by the kiosk's UI tests.
 */
final class KioskUi {
    final FxRobot robot = new FxRobot();
    final KioskApp app;
    final Stage stage;

    private KioskUi(KioskApp app, Stage stage) {
        this.app = app;
        this.stage = stage;
    }

    static KioskUi launch(String... args) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        KioskApp app = (KioskApp) FxToolkit.setupApplication(KioskApp.class, args);
        KioskUi ui = new KioskUi(app, stage);
        ui.waitUntil("the kiosk started", Duration.ofSeconds(60), () -> app.kiosk() != null);
        return ui;
    }

    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    Navigator nav() {
        return app.kiosk().navigator();
    }

    DeviceHealth health() {
        return app.kiosk().health();
    }

    ProgrammeViewModel programme() {
        return app.kiosk().programme();
    }

    ChooseSeatsViewModel seats() {
        return app.kiosk().seats();
    }

    CheckoutViewModel checkout() {
        return app.kiosk().checkout();
    }

    PickupViewModel pickup() {
        return app.kiosk().pickup();
    }

    Scene scene() {
        return stage.getScene();
    }

    void waitForScreen(Screen screen) {
        waitUntil("the " + screen + " screen", Duration.ofSeconds(30), () -> nav().screenProperty().get() == screen);
    }

    void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    static boolean onFx(BooleanSupplier condition) {
        try {
            return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs something on the JavaFX thread and waits for it. */
    void onFxRun(Runnable action) {
        try {
            WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    <T extends Node> T node(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).query();
    }

    String text(String query) {
        Node node = node(query);
        return ((Labeled) node).getText();
    }

    void tap(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(query);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Taps a seat on the map, scrolled into view first (the map opens zoomed in on the best area of a big hall). */
    void tapSeat(String seatId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            SeatMapView map = node("#seat-map");
            onFxRun(() -> map.showSeats(List.of(seatId)));
            Bounds bounds = map.seatBounds(seatId);
            Point2D centre = map.localToScreen(bounds.getCenterX(), bounds.getCenterY());
            robot.clickOn(centre);
            WaitForAsyncUtils.waitForFxEvents();
            if (onFx(() -> seats().selectionProperty().get().seatMapProperty().get().selectedSeats().contains(seatId))) return;
            if (bounds.getWidth() >= 44) return;
        }
    }

    /** Free seats of one row, side by side, of a category, from the seat map the kiosk loaded. */
    List<String> freeSeatsTogether(SeatCategory category, int count) {
        SeatMap map = seats().selectionProperty().get().loadedProperty().get();
        for (SeatRow row : map.rows()) {
            List<String> run = new ArrayList<>();
            SeatInfo previous = null;
            for (SeatInfo seat : row.seats()) {
                boolean free = seat.category() == category && !seat.blocked() && map.status(seat.id()) == SeatStatus.FREE;
                boolean adjacent = previous != null && seat.x() == previous.x() + previous.width();
                if (!free || !adjacent) run.clear();
                if (free) run.add(seat.id());
                if (run.size() == count) return run;
                previous = seat;
            }
        }
        throw new AssertionError("no " + count + " free " + category + " seats together");
    }

    /** Start → films → the first film → its first showtime → the seat map, loaded. */
    ShowtimeInfo toSeatMap(String shotPrefix) {
        waitForScreen(Screen.ATTRACT);
        waitUntil("the programme", Duration.ofSeconds(30), () -> !programme().films().isEmpty());
        shot(shotPrefix, "01-start");
        tap("#start");
        waitForScreen(Screen.FILMS);
        shot(shotPrefix, "02-films");
        String filmId = programme().films().get(0).id();
        tap("#film-" + filmId);
        waitUntil("showtimes", Duration.ofSeconds(30), () -> !programme().showtimes().isEmpty());
        shot(shotPrefix, "03-showtimes");
        ShowtimeInfo show = programme().showtimes().get(0);
        tap("#showtime-" + show.id());
        waitForScreen(Screen.SEATS);
        waitUntil("the seat map", Duration.ofSeconds(30), () -> seats().selectionProperty().get() != null
                && seats().selectionProperty().get().seatMapProperty().get() != null);
        return show;
    }

    void shot(String prefix, String name) {
        if (prefix == null) return;
        Path file = Screenshots.save(scene(), prefix + "-" + name);
        assertThat(file).exists();
    }
}
