package marquee.kiosk.backend;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.TicketSyncPage;
import java.util.List;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.DoorModel.DoorStaff;
import marquee.kiosk.model.DoorModel.JournalEntry;
import marquee.kiosk.model.DoorModel.JournalStats;
import marquee.kiosk.model.DoorModel.ShowtimeChoice;
import marquee.kiosk.model.DoorModel.UploadResult;
import marquee.kiosk.model.DoorModel.Verdict;

/**
 * What the door needs from the backend. Failures are the kiosk's {@code BackendException}s:
 * {@code BackendUnavailableException} when the backend cannot be reached (the door then decides
 * offline), {@code RejectedException} for a refused call.
 */
public interface DoorBackend extends AutoCloseable {
    /** Staff login and PIN; later calls carry the token (renewed with the same login when it runs out). */
    DoorStaff signIn(String staffLogin, String pin);

    void signOut();

    /** CheckIn: admits the ticket (once, whichever door asks) or says why not. */
    Verdict checkIn(String qrPayload, String showtimeId, int admitMinutesBefore, String deviceId);

    /** The tickets service's QR verification key (X.509 DER). */
    byte[] verificationKey();

    /**
     * The tickets service's key and the registered terminal keys of the cinema (tickets a till
     * sold offline, "MQ2"), in one call.
     */
    default marquee.kiosk.model.OfflineModel.VerificationKeys verificationKeys(String cinemaId) {
        return new marquee.kiosk.model.OfflineModel.VerificationKeys(verificationKey(), java.util.Map.of());
    }

    /** One page of the cinema's ticket changes, for the offline copy. */
    TicketSyncPage syncPage(String cinemaId, String cursor, int limit);

    /** Uploads journaled scans (at most 1,000); idempotent by scan id. */
    UploadResult upload(String deviceId, List<JournalEntry> entries);

    /** Reports the door as a device with its journal. */
    void report(String deviceId, boolean inService, JournalStats journal);

    /** Today's showtimes of the cinema, for "admitting: …". */
    List<ShowtimeChoice> showtimesToday(DoorStaff staff);

    /** After an outage: try to connect now instead of waiting for gRPC's own backoff. */
    void reconnectNow();

    @Override
    void close();
}
