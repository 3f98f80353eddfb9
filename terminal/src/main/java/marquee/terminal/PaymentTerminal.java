package marquee.terminal;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The card terminal beside a kiosk or a till, as the app sees it: it asks for an amount and gets
 * an approval back. The app never sees a card number; the terminal keeps the card data and hands
 * over only what a receipt shows (masked PAN, brand, terminal id, trace and receipt numbers,
 * authorisation code).
 *
 * <p>Every method blocks until the terminal has finished (a payment may take minutes while the
 * customer looks for the card); call them off the UI thread. One transaction at a time per terminal.
 */
public interface PaymentTerminal extends AutoCloseable {

    /**
     * Asks the terminal to take {@code amountMinor} (minor units of the configured currency).
     * Returns APPROVED, DECLINED or ABORTED. Texts for the customer ("insert card", "enter PIN")
     * arrive on {@code customerText} while the terminal works.
     *
     * <p>When the connection is lost or the terminal stops answering mid-payment, this method does
     * not guess: it reconnects and asks the terminal for its last result before it returns. A
     * payment that the terminal approved is returned as APPROVED; one it never completed as
     * ABORTED. Only if the terminal cannot be reached at all does it throw
     * {@link TerminalException} with {@link TerminalException#outcomeUnknown()} set; then call
     * {@link #recoverLastResult} later, never pay again blindly.
     */
    TerminalResult pay(long amountMinor, Consumer<String> customerText) throws TerminalException;

    /** Asks a running {@link #pay} to stop (the customer walked away, idle timeout). Safe to call at any time. */
    void abort();

    /**
     * Reverses (cancels) an earlier payment of this terminal's open batch by its receipt number: the
     * money is not taken at all. APPROVED means reversed.
     */
    TerminalResult reverse(String receiptNumber, Consumer<String> customerText) throws TerminalException;

    /** Gives money back to a card presented at the terminal (a refund after the day's batch was closed). */
    TerminalResult refund(long amountMinor, Consumer<String> customerText) throws TerminalException;

    /** Closes the terminal's batch and returns its totals since the previous end-of-day. */
    EndOfDayTotals endOfDay() throws TerminalException;

    /**
     * The result of the terminal's last transaction, asked from the terminal itself. Used after a
     * lost connection to learn whether a payment went through before anything is retried.
     */
    Optional<TerminalResult> recoverLastResult() throws TerminalException;

    @Override
    void close();
}
