package marquee.kiosk.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import marquee.terminal.TerminalResult;
import marquee.terminal.sim.ZvtSimulator;
import marquee.terminal.zvt.ZvtSettings;
import marquee.terminal.zvt.ZvtTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refunds and voids of card-present sales go back at the terminal, so its end-of-day matches the shift. */
class TerminalPayOutTest {
    private ZvtSimulator sim;
    private ZvtTerminal till;
    private TerminalCheckout checkout;

    @BeforeEach
    void start() throws Exception {
        sim = ZvtSimulator.start();
        sim.stepDelay(Duration.ofMillis(10));
        till = new ZvtTerminal(ZvtSettings.of("127.0.0.1", sim.port(), "000000", "EUR"));
        checkout = new TerminalCheckout(till);
    }

    @AfterEach
    void stop() {
        checkout.close();
        sim.close();
    }

    @Test
    void aVoidedSaleIsReversedByItsReceiptNumber() throws Exception {
        TerminalResult sale = till.pay(1000, t -> { });
        assertThat(TerminalPayOut.payOut(checkout, sale.receiptNumber(), 1000, 1000)).isEmpty();
        assertThat(sim.batch()).singleElement().satisfies(b -> assertThat(b.reversed()).isTrue());
        assertThat(sim.batchTotal()).isZero();
    }

    @Test
    void aPartialRefundIsARefundToTheCard() throws Exception {
        TerminalResult sale = till.pay(2000, t -> { });
        assertThat(TerminalPayOut.payOut(checkout, sale.receiptNumber(), 500, 2000)).isEmpty();
        assertThat(sim.batchTotal()).isEqualTo(1500);
    }

    @Test
    void aSaleNoLongerInTheBatchIsRefundedInstead() throws Exception {
        TerminalResult sale = till.pay(1200, t -> { });
        till.endOfDay();
        assertThat(TerminalPayOut.payOut(checkout, sale.receiptNumber(), 1200, 1200)).isEmpty();
        assertThat(sim.batchTotal()).isEqualTo(-1200);
    }
}
