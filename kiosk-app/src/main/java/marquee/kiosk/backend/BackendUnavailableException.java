package marquee.kiosk.backend;

/** The backend could not be reached or did not answer in time; the same request may be retried. */
public final class BackendUnavailableException extends BackendException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
