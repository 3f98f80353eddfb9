package marquee.kiosk.printing;

/** A job could not be printed; the message says why in words fit for staff. */
public class PrinterException extends RuntimeException {
    public PrinterException(String message) {
        super(message);
    }

    public PrinterException(String message, Throwable cause) {
        super(message, cause);
    }
}
