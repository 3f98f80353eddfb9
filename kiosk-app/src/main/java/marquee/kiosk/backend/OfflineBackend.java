package marquee.kiosk.backend;

import java.util.List;
import marquee.kiosk.model.OfflineModel.Allocations;
import marquee.kiosk.model.OfflineModel.Receipt;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.OfflineModel.Stats;

/**
 * What offline selling needs from the backend (reservations' {@code OfflineSalesService}, the
 * tickets service's {@code RegisterTerminalKey}, the device report), in the app's own terms.
 * Blocking calls, {@code BackendException}s; {@code BackendUnavailableException} when the backend
 * cannot be reached.
 */
public interface OfflineBackend {
    /** Tops up and returns this terminal's allocations (idempotent). */
    Allocations takeAllocations(String deviceId);

    /** Gives allocations back to general sale (all of them when {@code allocationIds} is empty). */
    Allocations returnAllocations(String deviceId, List<String> allocationIds);

    /** Uploads offline sales (at most 500), idempotent by sale id; one receipt per sale, in order. */
    List<Receipt> upload(String deviceId, List<Sale> sales);

    /** Registers the terminal's public key (X.509 DER, base64); answers the key id the backend recorded. */
    String registerTerminalKey(String deviceId, String publicKeyBase64);

    /** Reports a till station's state with its offline journal and allocation. */
    void reportTerminal(String deviceId, boolean online, Stats stats);
}
