package marquee.kiosk.terminal;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.Sale;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.CashierBackend;
import marquee.terminal.EndOfDayTotals;
import marquee.terminal.PaymentTerminal;
import marquee.terminal.TerminalException;
import marquee.terminal.TerminalResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sale paid at the card terminal: the terminal is asked for the hold's total, and its approval
 * (never card data) is sent to the backend as a card-present payment. No money twice and no money
 * without a ticket:
 * <ul>
 * <li>an approval the backend has not confirmed yet (backend away) is kept and sent again with the
 *     same idempotency key on the next try; the card is not charged again;</li>
 * <li>a terminal that disappeared mid-payment (outcome unknown) is asked for its last result before
 *     the next payment of the same hold;</li>
 * <li>an approval the backend cannot use (hold gone, seats taken, amount changed) is reversed at the
 *     terminal at once (ZVT 06 30 with its receipt number), so the customer gets the money back.</li>
 * </ul>
 * Blocking: call from a worker thread. Customer texts ("insert card", "enter PIN") arrive on the
 * terminal's I/O thread.
 */
public final class TerminalCheckout implements AutoCloseable, marquee.kiosk.payment.CardTerminal {
    private static final Logger log = LoggerFactory.getLogger(TerminalCheckout.class);

    private final PaymentTerminal terminal;
    /** An approval for this hold that the backend has not confirmed yet. */
    private String pendingHold;
    private TerminalResult pendingApproval;
    /** A payment for this hold whose outcome the terminal could not tell. */
    private String unknownHold;
    private long unknownAmount;
    private String lastSeenTrace = "";

    public TerminalCheckout(PaymentTerminal terminal) {
        this.terminal = Objects.requireNonNull(terminal);
    }

    /** The backend call that records an approval, returning the checkout result. */
    @FunctionalInterface
    public interface Recorder<T> {
        T record(TerminalResult approval, String idempotencyKey);
    }

    /** The kiosk's payment step. */
    @Override
    public CheckoutResult payHold(Hold hold, Consumer<String> customerText, BackendClient backend) {
        return payHold(hold, customerText, (approval, key) -> backend.checkoutCardPresent(hold.id(), approval, key), r -> r,
                (outcome, message) -> new CheckoutResult(outcome, message, hold, List.of()));
    }

    /** The till's card sale. */
    public Sale payHoldAtTill(Hold hold, Consumer<String> customerText, CashierBackend backend) {
        return payHold(hold, customerText, (approval, key) -> backend.checkoutCardPresentAtTill(hold.id(), approval, key),
                Sale::result,
                (outcome, message) -> new Sale(new CheckoutResult(outcome, message, hold, List.of()), "",
                        new Money(0, hold.total().currency())));
    }

    private interface Unpaid<T> {
        T of(CheckoutOutcome outcome, String message);
    }

    private synchronized <T> T payHold(Hold hold, Consumer<String> customerText, Recorder<T> recorder,
                                       java.util.function.Function<T, CheckoutResult> resultOf, Unpaid<T> unpaid) {
        long amount = hold.total().amountMinor();
        TerminalResult approval = null;
        if (hold.id().equals(pendingHold) && pendingApproval != null) {
            approval = pendingApproval; // paid at the terminal already: only the backend has to hear of it
            log.info("Hold {}: sending the terminal approval (trace {}) again", hold.id(), approval.traceNumber());
        } else if (hold.id().equals(unknownHold) && unknownAmount == amount) {
            approval = recoverUnknown(amount);
        }
        if (approval == null) {
            TerminalResult result;
            try {
                result = terminal.pay(amount, customerText == null ? t -> { } : customerText);
            } catch (TerminalException e) {
                if (e.outcomeUnknown()) {
                    unknownHold = hold.id();
                    unknownAmount = amount;
                    log.warn("Hold {}: the card terminal's answer was lost; it is asked for its last result before paying again", hold.id());
                    throw new BackendUnavailableException("The card terminal stopped answering. We check with it before you pay again,"
                            + " so you are not charged twice.", e);
                }
                throw new BackendException("The card terminal is not available: " + e.getMessage(), e);
            }
            if (!result.traceNumber().isEmpty()) lastSeenTrace = result.traceNumber();
            if (!result.approved()) {
                log.info("Hold {}: terminal answered {} ({})", hold.id(), result.outcome(), result.message());
                return unpaid.of(CheckoutOutcome.DECLINED, result.outcome() == TerminalResult.Outcome.ABORTED
                        ? "aborted: " + result.message() : result.message());
            }
            approval = result;
        }
        unknownHold = null;
        pendingHold = hold.id();
        pendingApproval = approval;
        String key = "zvt-" + approval.terminalId() + "-" + approval.traceNumber() + "-" + approval.receiptNumber();
        T recorded;
        try {
            recorded = recorder.record(approval, key);
        } catch (BackendUnavailableException e) {
            // kept: the next try sends the same approval with the same key
            throw e;
        } catch (RuntimeException e) {
            log.warn("Hold {}: the backend refused the terminal payment ({}); reversing it at the terminal", hold.id(), e.getMessage());
            reverse(approval);
            throw new BackendException("The payment could not be used and was cancelled at the card terminal; you have not been"
                    + " charged. " + e.getMessage(), e);
        }
        CheckoutResult result = resultOf.apply(recorded);
        if (result.outcome() != CheckoutOutcome.COMPLETED) {
            // The seats could not be sold: the backend recorded a refund; the terminal gives the money back.
            reverse(approval);
        } else {
            pendingHold = null;
            pendingApproval = null;
        }
        return recorded;
    }

    /** After a lost answer: the terminal's last transaction, if it is a new approval of this amount. */
    private TerminalResult recoverUnknown(long amount) {
        try {
            var last = terminal.recoverLastResult();
            unknownHold = null;
            if (last.isPresent() && last.get().approved() && last.get().amountMinor() == amount
                    && !last.get().traceNumber().equals(lastSeenTrace)) {
                log.info("The lost terminal payment went through (trace {}); recording it instead of charging again",
                        last.get().traceNumber());
                lastSeenTrace = last.get().traceNumber();
                return last.get();
            }
            return null;
        } catch (TerminalException e) {
            throw new BackendUnavailableException("The card terminal still does not answer; please wait a moment and try again."
                    + " You will not be charged twice.", e);
        }
    }

    private void reverse(TerminalResult approval) {
        pendingHold = null;
        pendingApproval = null;
        try {
            TerminalResult reversed = terminal.reverse(approval.receiptNumber(), t -> { });
            if (reversed.approved()) {
                log.info("Terminal payment trace {} (receipt {}) reversed", approval.traceNumber(), approval.receiptNumber());
            } else {
                log.error("Terminal payment trace {} (receipt {}) could NOT be reversed ({}): refund it at the till",
                        approval.traceNumber(), approval.receiptNumber(), reversed.message());
            }
        } catch (TerminalException e) {
            log.error("Terminal payment trace {} (receipt {}) could NOT be reversed ({}): refund it at the till",
                    approval.traceNumber(), approval.receiptNumber(), e.getMessage());
        }
    }

    /**
     * An offline sale at the till (issue 14): the terminal approves on its own (within the cinema's
     * floor limit); the caller journals the sale and calls {@link #cancelOffline} if it cannot.
     */
    public synchronized TerminalResult payOffline(long amountMinor, Consumer<String> customerText) {
        try {
            TerminalResult result = terminal.pay(amountMinor, customerText == null ? t -> { } : customerText);
            if (!result.traceNumber().isEmpty()) lastSeenTrace = result.traceNumber();
            return result;
        } catch (TerminalException e) {
            throw new BackendException("The card terminal is not available: " + e.getMessage(), e);
        }
    }

    /** Gives an offline approval back (the sale could not be journaled). */
    public synchronized void cancelOffline(TerminalResult approval) {
        reverse(approval);
    }

    /** The customer walked away or the kiosk went idle: stop a running payment. */
    @Override
    public void abort() {
        terminal.abort();
    }

    TerminalResult reverse(String receipt) throws TerminalException {
        return terminal.reverse(receipt, t -> { });
    }

    TerminalResult refund(long amountMinor) throws TerminalException {
        return terminal.refund(amountMinor, t -> { });
    }

    /** The terminal's end-of-day (for the shift close). */
    public EndOfDayTotals endOfDay() {
        try {
            return terminal.endOfDay();
        } catch (TerminalException e) {
            throw new BackendException("The card terminal's end-of-day failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        terminal.close();
    }
}
