package marquee.kiosk.backend;

/** A backend call failed; subclasses say why in terms a kiosk screen can act on. */
public class BackendException extends RuntimeException {
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
