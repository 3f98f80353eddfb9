package marquee.kiosk.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.input.KeyCode;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.model.Hold;
import marquee.terminal.sim.ZvtSimulator;
import marquee.terminal.sim.ZvtSimulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The till with a card terminal (the ZVT simulator over TCP): card sales go through the terminal,
 * a connection cut after the approval charges once, a decline keeps the seats, and the shift close
 * reconciles the terminal's end-of-day with the shift's card takings.
 */
class TillTerminalUiTest {
    private static EmbeddedTestBackend backend;
    private static GrpcBackendClient office;
    private static ZvtSimulator sim;
    private static CashierApp app;
    private static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("till-terminal");
        backend = EmbeddedTestBackend.start(dir);
        sim = ZvtSimulator.start();
        sim.stepDelay(Duration.ofMillis(100));
        System.setProperty("marquee.kiosk.terminal.host", "127.0.0.1");
        System.setProperty("marquee.kiosk.terminal.port", String.valueOf(sim.port()));
        System.setProperty("marquee.kiosk.terminal.password", "000000");
        FxToolkit.registerPrimaryStage();
        app = (CashierApp) FxToolkit.setupApplication(CashierApp.class, "--mode", "cashier", "--backend",
                backend.runtime().inProcessTarget(), "--size", "1920x1080", "--printer", "pdf:" + dir.resolve("prints"),
                "--data-dir", dir.resolve("till").toString(), "--station", "till-terminal-1", "--cinema-name", "Marquee Riverside");
        waitUntil("the till", Duration.ofSeconds(60), () -> app.model() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        for (String key : List.of("host", "port", "password")) System.clearProperty("marquee.kiosk.terminal." + key);
        if (office != null) office.close();
        if (sim != null) sim.close();
        if (backend != null) backend.close();
    }

    private static CashierViewModel till() {
        return app.model();
    }

    @Test
    void cardSalesAtTheTerminalAndTheShiftCloseReconcileWithTheTerminalsEndOfDay() {
        robot.clickOn("#staff-id").write("cash01").type(KeyCode.TAB).write("1234").type(KeyCode.ENTER);
        waitUntil("the open-shift screen", Duration.ofSeconds(30), () -> till().screenProperty().get() == CashierViewModel.Screen.OPEN_SHIFT);
        robot.clickOn("#opening-float").write("150.00").type(KeyCode.ENTER);
        waitUntil("the desk", Duration.ofSeconds(30), () -> till().screenProperty().get() == CashierViewModel.Screen.DESK);
        waitUntil("today's showtimes", Duration.ofSeconds(30), () -> !till().sale().showtimes().isEmpty());
        marquee.kiosk.model.ShowtimeInfo show = till().sale().showtimes().get(0);
        robot.clickOn("#showtime-filter").write(show.movieTitle().substring(0, 6)).type(KeyCode.ENTER);

        // 1: approved at the terminal
        Hold first = holdTwoSeats();
        assertThat(robot.lookup("#card-4242").tryQuery()).as("no test cards beside a real terminal").isEmpty();
        robot.clickOn("#pay-terminal");
        waitUntil("the card sale", Duration.ofSeconds(30), () -> till().sale().completedProperty().get() != null);
        assertThat(till().sale().completedProperty().get().cash()).isFalse();
        assertThat(sim.approvedPayments()).hasSize(1);

        // 2: declined: the seats stay held, nothing taken
        robot.clickOn("#new-sale");
        waitUntil("a new sale", Duration.ofSeconds(20), () -> till().sale().completedProperty().get() == null);
        Hold second = holdTwoSeats();
        sim.next(Scenario.DECLINE);
        robot.clickOn("#pay-terminal");
        waitUntil("the decline", Duration.ofSeconds(30), () -> !till().sale().errorProperty().get().isEmpty());
        assertThat(till().sale().errorProperty().get()).contains("declined");
        assertThat(till().sale().holdProperty().get()).isNotNull();

        // 3: the connection is cut after the terminal approved: the till learns it, charges once
        sim.next(Scenario.CUT_AFTER_APPROVAL);
        robot.clickOn("#pay-terminal");
        waitUntil("the recovered sale", Duration.ofSeconds(60), () -> till().sale().completedProperty().get() != null);
        assertThat(sim.authorizations()).isEqualTo(3);
        assertThat(sim.approvedPayments()).hasSize(2);
        long cardTakings = first.total().amountMinor() + second.total().amountMinor();
        assertThat(sim.batchTotal()).isEqualTo(cardTakings);

        // a void of the first sale (manager approves): reversed at the terminal, so the end-of-day still matches
        String code = first.code();
        robot.type(KeyCode.F4);
        robot.doubleClickOn("#support-code").eraseText(6).write(code).type(KeyCode.ENTER);
        waitUntil("the booking", Duration.ofSeconds(20), () -> till().support().bookingProperty().get() != null
                && till().support().bookingProperty().get().code().equals(code));
        robot.clickOn("#support-reason").write("wrong film");
        robot.clickOn("#void");
        waitUntil("the manager dialog", Duration.ofSeconds(20), () -> till().override().showingProperty().get());
        robot.clickOn("#manager-id").write("mgr01").type(KeyCode.TAB).write("9876").type(KeyCode.ENTER);
        waitUntil("the void", Duration.ofSeconds(60), () -> !till().support().messageProperty().get().isEmpty()
                || !till().support().errorProperty().get().isEmpty() && !till().support().busyProperty().get());
        assertThat(till().support().errorProperty().get()).isEmpty();
        waitUntil("the reversal at the terminal", Duration.ofSeconds(20), () -> sim.batchTotal() == second.total().amountMinor());
        cardTakings = second.total().amountMinor();

        // the close: the terminal's end-of-day against the shift's card takings
        robot.press(KeyCode.ALT).type(KeyCode.S).release(KeyCode.ALT);
        waitUntil("the close dialog", Duration.ofSeconds(20), () -> till().shift().closeShowingProperty().get());
        robot.clickOn("#counted-cash").write("150.00").type(KeyCode.ENTER);
        waitUntil("the report", Duration.ofSeconds(60), () -> till().screenProperty().get() == CashierViewModel.Screen.REPORT);
        var report = till().shift().reportProperty().get();
        assertThat(report.cardSaleCount()).isEqualTo(2);
        assertThat(report.voidCount()).isEqualTo(1);
        assertThat(till().shift().terminalReconciliationLine()).contains("52500001").contains("difference €0.00");
        assertThat(sim.batch()).as("the terminal's batch was closed").isEmpty();
    }

    private static Hold holdTwoSeats() {
        waitUntil("the seat map", Duration.ofSeconds(30), () -> till().sale().seatsProperty().get() != null
                && till().sale().seatsProperty().get().seatMapProperty().get() != null);
        robot.clickOn("#best-seats");
        waitUntil("two best seats", Duration.ofSeconds(20), () -> till().sale().seatsProperty().get().seatMapProperty().get()
                .selectedSeats().size() == 2);
        robot.type(KeyCode.F8);
        waitUntil("the hold", Duration.ofSeconds(20), () -> till().sale().holdProperty().get() != null);
        return till().sale().holdProperty().get();
    }

    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, () -> {
                try {
                    return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what + "; error: " + till().sale().errorProperty().get()
                    + " / " + till().shift().errorProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
