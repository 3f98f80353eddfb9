package marquee.kiosk.health;

import java.time.Instant;

/**
 * Why the kiosk cannot sell. {@code code} is what a technician looks up in docs/operations.md;
 * {@code reasonKey} names the plain-words explanation in the resource bundle.
 */
public record Fault(String code, String reasonKey, Instant since) {
    public static final String BACKEND_UNREACHABLE = "MQ-101";
    public static final String BACKEND_REFUSED_DEVICE = "MQ-102";
    public static final String BACKEND_DID_NOT_START = "MQ-103";
    public static final String PRINTER_NOT_READY = "MQ-201";

    public boolean is(String wanted) {
        return code.equals(wanted);
    }
}
