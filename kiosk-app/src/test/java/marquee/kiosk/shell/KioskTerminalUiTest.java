package marquee.kiosk.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.model.Hold;
import marquee.kiosk.nav.Screen;
import marquee.terminal.sim.ZvtSimulator;
import marquee.terminal.sim.ZvtSimulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kiosk with a card terminal beside it: the real app and window, the real backend over gRPC,
 * and the ZVT terminal simulator over TCP. The kiosk never sees a card; it asks the terminal for
 * the amount and records the terminal's approval.
 */
class KioskTerminalUiTest {
    private static final String DEVICE = "kiosk-riverside-1";
    private static final String SECRET = "KioskDemo2026";
    private static EmbeddedTestBackend backend;
    private static GrpcBackendClient otherKiosk;
    private static Path kioskData;
    private ZvtSimulator sim;
    private KioskUi ui;

    @BeforeAll
    static void startBackend() throws Exception {
        kioskData = Files.createTempDirectory("kiosk-terminal-data");
        System.setProperty("marquee.data.dir", kioskData.toString());
        backend = EmbeddedTestBackend.start(Files.createTempDirectory("kiosk-terminal"));
        otherKiosk = new GrpcBackendClient(backend.runtime().inProcessTarget());
        otherKiosk.signIn(DEVICE, SECRET);
    }

    @AfterAll
    static void stopBackend() {
        System.clearProperty("marquee.data.dir");
        if (otherKiosk != null) otherKiosk.close();
        if (backend != null) backend.close();
    }

    @BeforeEach
    void startTerminal() throws Exception {
        sim = ZvtSimulator.start();
        sim.stepDelay(Duration.ofMillis(250));
        System.setProperty("marquee.kiosk.terminal.host", "127.0.0.1");
        System.setProperty("marquee.kiosk.terminal.port", String.valueOf(sim.port()));
        System.setProperty("marquee.kiosk.terminal.password", "000000");
        System.setProperty("marquee.kiosk.terminal.currency", "EUR");
        System.setProperty("marquee.kiosk.terminal.timeout", "PT30S");
    }

    @AfterEach
    void stop() throws Exception {
        if (ui != null) ui.close();
        sim.close();
        for (String key : List.of("host", "port", "password", "currency", "timeout")) System.clearProperty("marquee.kiosk.terminal." + key);
    }

    private void toPayment() throws Exception {
        ui = KioskUi.launch("--backend", backend.runtime().inProcessTarget(), "--size", "1920x1080", "--idle-seconds", "600");
        ui.toSeatMap(null);
        ui.tap("#best-seats");
        ui.waitUntil("seats", Duration.ofSeconds(20), () -> !ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().isEmpty());
        ui.tap("#continue");
        ui.waitForScreen(Screen.TICKETS);
        ui.tap("#to-payment");
        ui.waitForScreen(Screen.PAYMENT);
        assertThat(ui.robot.lookup("#card-4242").tryQuery()).as("no simulator cards beside a real terminal").isEmpty();
    }

    @Test
    void theTerminalApprovesAndTheCustomerSeesItsInstructions() throws Exception {
        toPayment();
        Hold hold = ui.checkout().sessionProperty().get().holdProperty().get();
        List<String> shown = new CopyOnWriteArrayList<>();
        ui.checkout().terminalTextProperty().addListener((p, was, now) -> shown.add(now));
        ui.tap("#pay-terminal");
        ui.waitForScreen(Screen.SUCCESS);
        assertThat(shown).anyMatch(t -> t.contains("Insert")).anyMatch(t -> t.contains("PIN"));
        assertThat(sim.approvedPayments()).hasSize(1);
        assertThat(sim.approvedPayments().get(0).amountMinor()).isEqualTo(hold.total().amountMinor());
        var payments = otherKiosk.cashier().payments(hold.id());
        assertThat(payments).hasSize(1);
        assertThat(otherKiosk.tickets(hold.code())).hasSize(hold.lines().size());
        ui.shot("landscape", "07t-paid-at-terminal");
    }

    @Test
    void declineAbortAndAConnectionCutAfterTheApprovalChargeTheCustomerExactlyOnce() throws Exception {
        toPayment();
        Hold hold = ui.checkout().sessionProperty().get().holdProperty().get();

        sim.next(Scenario.DECLINE);
        ui.tap("#pay-terminal");
        ui.waitUntil("the decline", Duration.ofSeconds(20), () -> ui.nav().noticeProperty().get() != null);
        assertThat(ui.text("#payment-problem")).contains("declined").contains("not been charged");
        assertThat(ui.checkout().sessionProperty().get().holdProperty().get()).as("the seats stay held").isNotNull();

        // the customer walks away from the terminal: cancel on screen aborts the terminal (06 B0)
        sim.next(Scenario.TIMEOUT);
        ui.tap("#pay-terminal");
        ui.waitUntil("insert card", Duration.ofSeconds(20), () -> ui.checkout().terminalTextProperty().get().contains("Insert"));
        assertThat(ui.text("#terminal-text")).contains("Insert");
        ui.shot("landscape", "07t-terminal-insert-card");
        ui.tap("#abort-terminal");
        ui.waitUntil("the abort", Duration.ofSeconds(20), () -> ui.nav().noticeProperty().get() != null
                && ui.nav().noticeProperty().get().key().equals("payment.terminal.aborted"));
        assertThat(ui.text("#payment-problem")).contains("cancelled").contains("not been charged");

        // the terminal approves, then the connection is cut before the kiosk hears of it
        sim.next(Scenario.CUT_AFTER_APPROVAL);
        ui.tap("#pay-terminal");
        ui.waitForScreen(Screen.SUCCESS);
        assertThat(sim.authorizations()).as("decline, abort, the cut one: never authorised again").isEqualTo(3);
        assertThat(sim.approvedPayments()).hasSize(1);
        var payments = otherKiosk.cashier().payments(hold.id());
        assertThat(payments).as("one payment recorded").hasSize(1);
        assertThat(payments.get(0).amount().amountMinor()).isEqualTo(hold.total().amountMinor());
        assertThat(otherKiosk.tickets(hold.code())).hasSize(hold.lines().size());
    }
}
