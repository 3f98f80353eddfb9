package marquee.kiosk.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.Money;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.terminal.TerminalResult;
import marquee.terminal.sim.ZvtSimulator;
import marquee.terminal.zvt.ZvtSettings;
import marquee.terminal.zvt.ZvtTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kiosk's side of a card-present sale against the ZVT simulator over TCP, with the backend's
 * answers scripted: an approval is never paid for twice, and never kept when it cannot be used.
 */
class TerminalCheckoutTest {
    private ZvtSimulator sim;
    private TerminalCheckout checkout;
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<TerminalResult> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = ZvtSimulator.start();
        sim.stepDelay(Duration.ofMillis(10));
        checkout = new TerminalCheckout(new ZvtTerminal(ZvtSettings.of("127.0.0.1", sim.port(), "000000", "EUR")));
    }

    @AfterEach
    void stop() {
        checkout.close();
        sim.close();
    }

    private static Hold hold(long totalMinor) {
        return new Hold("hold-" + System.nanoTime(), "ABC234", "show", marquee.kiosk.model.HoldStatus.HELD, List.of(), new Money(0, "EUR"),
                new Money(totalMinor, "EUR"), Instant.now().plusSeconds(480));
    }

    /** A backend whose checkoutCardPresent answers as {@code answer} says; nothing else is called. */
    private BackendClient backend(BiFunction<TerminalResult, Integer, CheckoutResult> answer) {
        return (BackendClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BackendClient.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("checkoutCardPresent")) throw new UnsupportedOperationException(method.getName());
                    TerminalResult approval = (TerminalResult) args[1];
                    sent.add(approval);
                    keys.add((String) args[2]);
                    return answer.apply(approval, sent.size());
                });
    }

    @Test
    void anApprovalTheBackendDidNotConfirmIsSentAgainWithTheSameKeyAndTheCardIsNotChargedAgain() {
        Hold hold = hold(2350);
        BackendClient backend = backend((approval, call) -> {
            if (call == 1) throw new BackendUnavailableException("backend away", null);
            return new CheckoutResult(CheckoutOutcome.COMPLETED, "", hold, List.of());
        });
        assertThatThrownBy(() -> checkout.payHold(hold, t -> { }, backend)).isInstanceOf(BackendUnavailableException.class);
        CheckoutResult result = checkout.payHold(hold, t -> { }, backend);
        assertThat(result.outcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(sim.authorizations()).isEqualTo(1);
        assertThat(keys).hasSize(2).allMatch(k -> k.equals(keys.get(0)));
        assertThat(sent.get(1).traceNumber()).isEqualTo(sent.get(0).traceNumber());
        assertThat(sim.approvedPayments()).hasSize(1);
    }

    @Test
    void anApprovalTheBackendRefusesIsReversedAtTheTerminal() {
        Hold hold = hold(1000);
        BackendClient backend = backend((approval, call) -> {
            throw new BackendException("hold expired", null);
        });
        assertThatThrownBy(() -> checkout.payHold(hold, t -> { }, backend)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cancelled at the card terminal");
        assertThat(sim.authorizations()).isEqualTo(1);
        assertThat(sim.approvedPayments()).as("reversed: the customer keeps the money").isEmpty();
        assertThat(sim.batchTotal()).isZero();
    }

    @Test
    void seatsGoneAfterThePaymentMeanTheTerminalPaymentIsReversed() {
        Hold hold = hold(1500);
        BackendClient backend = backend((approval, call) -> new CheckoutResult(CheckoutOutcome.REFUNDED, "seats gone", hold, List.of()));
        assertThat(checkout.payHold(hold, t -> { }, backend).outcome()).isEqualTo(CheckoutOutcome.REFUNDED);
        assertThat(sim.approvedPayments()).isEmpty();
    }

    @Test
    void aDeclineOrAnAbortAtTheTerminalNeverReachesTheBackend() {
        Hold hold = hold(1500);
        BackendClient backend = backend((approval, call) -> new CheckoutResult(CheckoutOutcome.COMPLETED, "", hold, List.of()));
        sim.next(ZvtSimulator.Scenario.DECLINE, ZvtSimulator.Scenario.CUSTOMER_ABORT);
        assertThat(checkout.payHold(hold, t -> { }, backend).outcome()).isEqualTo(CheckoutOutcome.DECLINED);
        CheckoutResult aborted = checkout.payHold(hold, t -> { }, backend);
        assertThat(aborted.outcome()).isEqualTo(CheckoutOutcome.DECLINED);
        assertThat(aborted.message()).startsWith("aborted");
        assertThat(sent).isEmpty();
    }
}
