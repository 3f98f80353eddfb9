package marquee.kiosk.backend;

/** The backend refused the request (a sales rule, an expired hold, not allowed); the message is the server's. */
public class RejectedException extends BackendException {
    public RejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
