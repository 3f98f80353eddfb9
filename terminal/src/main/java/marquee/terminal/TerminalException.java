package marquee.terminal;

/**
 * The terminal could not be used: not reachable, refused the command, or stopped answering.
 * {@link #outcomeUnknown()} says that money may have been taken: the app must ask
 * {@link PaymentTerminal#recoverLastResult()} before it charges again.
 */
public class TerminalException extends Exception {
    private final boolean outcomeUnknown;

    public TerminalException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public TerminalException(String message) {
        this(message, false, null);
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
