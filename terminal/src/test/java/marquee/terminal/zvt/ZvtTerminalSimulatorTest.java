package marquee.terminal.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import marquee.terminal.EndOfDayTotals;
import marquee.terminal.TerminalException;
import marquee.terminal.TerminalResult;
import marquee.terminal.sim.ZvtSimulator;
import marquee.terminal.sim.ZvtSimulator.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ZVT client against the terminal simulator over real TCP: every outcome a kiosk meets. */
class ZvtTerminalSimulatorTest {
    private ZvtSimulator sim;
    private ZvtTerminal terminal;
    private final List<String> texts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sim = ZvtSimulator.start();
        sim.stepDelay(Duration.ofMillis(30));
        terminal = new ZvtTerminal(settings(sim.port(), "000000"));
    }

    private static ZvtSettings settings(int port, String password) {
        return ZvtSettings.of("127.0.0.1", port, password, "EUR")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        terminal.close();
        sim.close();
    }

    @Test
    void approvedPaymentCarriesReceiptDataAndShowsTheCustomerWhatToDo() throws Exception {
        TerminalResult r = terminal.pay(2350, texts::add);
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.APPROVED);
        assertThat(r.amountMinor()).isEqualTo(2350);
        assertThat(r.currency()).isEqualTo("EUR");
        assertThat(r.terminalId()).isEqualTo("52500001");
        assertThat(r.traceNumber()).matches("\\d{6}");
        assertThat(r.receiptNumber()).matches("\\d{4}");
        assertThat(r.authCode()).isNotEmpty();
        assertThat(r.maskedPan()).matches("\\*+\\d{4}");
        assertThat(r.cardBrand()).isNotEmpty();
        assertThat(texts).anyMatch(t -> t.toLowerCase().contains("insert")).anyMatch(t -> t.contains("PIN"));
        assertThat(sim.approvedPayments()).hasSize(1);
    }

    @Test
    void declinedPaymentTakesNothing() throws Exception {
        sim.next(Scenario.DECLINE);
        TerminalResult r = terminal.pay(1000, texts::add);
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.DECLINED);
        assertThat(r.resultCode()).isEqualTo(5);
        assertThat(r.message()).contains("declined");
        assertThat(sim.approvedPayments()).isEmpty();
    }

    @Test
    void aWrongPinIsShownAndTheRetryIsApproved() throws Exception {
        sim.next(Scenario.PIN_RETRY);
        TerminalResult r = terminal.pay(1000, texts::add);
        assertThat(r.approved()).isTrue();
        assertThat(texts).anyMatch(t -> t.contains("Incorrect PIN"));
        assertThat(sim.approvedPayments()).hasSize(1);
    }

    @Test
    void theCustomerAbortsAtTheTerminal() throws Exception {
        sim.next(Scenario.CUSTOMER_ABORT);
        TerminalResult r = terminal.pay(1000, texts::add);
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.ABORTED);
        assertThat(r.resultCode()).isEqualTo(0x6C);
        assertThat(sim.approvedPayments()).isEmpty();
    }

    @Test
    void theAppAbortsWhenTheCustomerWalksAway() throws Exception {
        // the terminal waits for a card that never comes; the kiosk's idle timeout aborts
        ZvtTerminal paying = new ZvtTerminal(settings(sim.port(), "000000").withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1),
                Duration.ofSeconds(2)));
        sim.next(Scenario.TIMEOUT);
        CompletableFuture<TerminalResult> second = CompletableFuture.supplyAsync(() -> {
            try {
                return paying.pay(1000, texts::add);
            } catch (TerminalException e) {
                throw new RuntimeException(e);
            }
        });
        long until = System.currentTimeMillis() + 5000;
        while (texts.stream().noneMatch(t -> t.toLowerCase().contains("insert")) && System.currentTimeMillis() < until) Thread.sleep(20);
        Thread.sleep(200);
        paying.abort();
        TerminalResult r = second.get(10, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.ABORTED);
        assertThat(sim.approvedPayments()).isEmpty();
        paying.close();
    }

    @Test
    void aTerminalThatStaysSilentIsAbortedAfterTheTimeout() throws Exception {
        sim.next(Scenario.TIMEOUT);
        long start = System.nanoTime();
        TerminalResult r = terminal.pay(1000, texts::add);
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.ABORTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
        assertThat(sim.approvedPayments()).isEmpty();
    }

    @Test
    void aConnectionCutAfterTheApprovalIsRecoveredWithoutPayingTwice() throws Exception {
        terminal.pay(500, texts::add); // an earlier payment: the terminal's "last result" before ours
        sim.next(Scenario.CUT_AFTER_APPROVAL);
        TerminalResult r = terminal.pay(1990, texts::add);
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.APPROVED);
        assertThat(r.amountMinor()).isEqualTo(1990);
        assertThat(r.receiptNumber()).isEqualTo(sim.approvedPayments().get(1).receipt());
        assertThat(sim.authorizations()).isEqualTo(2); // recovered by asking, never authorised again
        assertThat(sim.approvedPayments()).hasSize(2);
    }

    @Test
    void aConnectionCutBeforeTheApprovalMeansNothingWasCharged() throws Exception {
        terminal.pay(500, texts::add);
        sim.next(Scenario.CUT_BEFORE_APPROVAL);
        TerminalResult r = terminal.pay(500, texts::add); // same amount as the last approved one: trace tells them apart
        assertThat(r.outcome()).isEqualTo(TerminalResult.Outcome.ABORTED);
        assertThat(r.message()).contains("nothing was charged");
        assertThat(sim.approvedPayments()).hasSize(1);
        assertThat(terminal.pay(500, texts::add).approved()).isTrue(); // and the terminal is usable again
    }

    @Test
    void aFirstPaymentCutAfterApprovalIsRecoveredToo() throws Exception {
        sim.next(Scenario.CUT_AFTER_APPROVAL);
        TerminalResult r = terminal.pay(1200, texts::add);
        assertThat(r.approved()).isTrue();
        assertThat(sim.authorizations()).isEqualTo(1);
    }

    @Test
    void aTerminalThatIsGoneAfterTheCutLeavesTheOutcomeUnknownAndTheResultCanBeAskedLater() throws Exception {
        int port = sim.port();
        terminal.pay(100, texts::add);
        sim.next(Scenario.CUT_AFTER_APPROVAL);
        ZvtSimulator original = sim;
        // the terminal books the payment, then disappears from the network for a while
        Thread cutter = new Thread(() -> {
            try {
                while (original.approvedPayments().size() < 2) Thread.sleep(5);
                original.close();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        cutter.start();
        assertThatThrownBy(() -> terminal.pay(700, texts::add))
                .isInstanceOf(TerminalException.class)
                .satisfies(e -> assertThat(((TerminalException) e).outcomeUnknown()).isTrue());
        cutter.join();
        assertThat(original.approvedPayments()).hasSize(2);
        // nothing to ask while it is gone
        assertThatThrownBy(() -> terminal.recoverLastResult()).isInstanceOf(TerminalException.class);
        assertThat(port).isPositive();
    }

    @Test
    void reversalRefundAndEndOfDayAddUp() throws Exception {
        TerminalResult a = terminal.pay(1000, texts::add);
        TerminalResult b = terminal.pay(2500, texts::add);
        TerminalResult reversed = terminal.reverse(b.receiptNumber(), texts::add);
        assertThat(reversed.approved()).isTrue();
        assertThat(terminal.reverse(b.receiptNumber(), texts::add).outcome()).isEqualTo(TerminalResult.Outcome.DECLINED);
        assertThat(terminal.refund(300, texts::add).approved()).isTrue();
        assertThat(a.approved()).isTrue();
        EndOfDayTotals totals = terminal.endOfDay();
        assertThat(totals.totalMinor()).isEqualTo(1000 - 300);
        assertThat(totals.count()).isEqualTo(2);
        assertThat(totals.terminalId()).isEqualTo("52500001");
        assertThat(sim.batch()).isEmpty();
        assertThat(terminal.endOfDay().totalMinor()).isZero();
    }

    @Test
    void aWrongPasswordIsRefusedAtRegistration() {
        try (ZvtTerminal wrong = new ZvtTerminal(settings(sim.port(), "123456"))) {
            assertThatThrownBy(() -> wrong.pay(100, texts::add)).isInstanceOf(TerminalException.class)
                    .hasMessageContaining("password")
                    .satisfies(e -> assertThat(((TerminalException) e).outcomeUnknown()).isFalse());
        }
        assertThat(sim.authorizations()).isZero();
    }

    @Test
    void anUnreachableTerminalIsSaidPlainlyAndNothingIsUnknown() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (ZvtTerminal nowhere = new ZvtTerminal(settings(free, "000000"))) {
            assertThatThrownBy(() -> nowhere.pay(100, texts::add)).isInstanceOf(TerminalException.class)
                    .hasMessageContaining("not reachable")
                    .satisfies(e -> assertThat(((TerminalException) e).outcomeUnknown()).isFalse());
        }
    }

    @Test
    void statusEnquiryAndRepeatOfTheLastResult() throws Exception {
        assertThat(terminal.statusEnquiry()).isZero();
        assertThat(terminal.recoverLastResult()).isEmpty();
        TerminalResult paid = terminal.pay(4200, texts::add);
        TerminalResult again = terminal.recoverLastResult().orElseThrow();
        assertThat(again.traceNumber()).isEqualTo(paid.traceNumber());
        assertThat(again.receiptNumber()).isEqualTo(paid.receiptNumber());
        assertThat(again.amountMinor()).isEqualTo(4200);
        assertThat(sim.approvedPayments()).hasSize(1);
    }
}
