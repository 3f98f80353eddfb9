package marquee.tickets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import marquee.platform.auth.Principal;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doors' journals: scans uploaded when a door is online again, each stored once by its scan
 * id. An offline admission checks the ticket in unless another door got there first; then two
 * people may have entered on one ticket, which is recorded, logged and counted
 * ({@code marquee_door_duplicate_admissions_total}).
 */
final class DoorScans {
    private static final Logger log = LoggerFactory.getLogger(DoorScans.class);
    static final int MAX_SCANS_PER_UPLOAD = 1000;
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{3,64}");

    enum Outcome { RECORDED, ADMITTED, DUPLICATE_ADMISSION, ADMITTED_AFTER_REVOCATION, NOT_A_TICKET }

    /** One scan as the door journaled it; {@code result} is what the door showed (a VerificationResult name). */
    record Scan(UUID scanId, String qrPayload, UUID showtimeId, Instant scannedAt, String result, boolean offline) {}

    /** What became of one scan; {@code firstDeviceId}/{@code firstAdmittedAt} only for a duplicate. */
    record Receipt(UUID scanId, Outcome outcome, UUID ticketId, String firstDeviceId, Instant firstAdmittedAt) {}

    record Upload(List<Receipt> receipts, int newScans, long duplicatesToday) {}

    private final DoorScanStore store;
    private final QrCodec codec;
    private final Counter duplicates;
    private final Counter afterRevocation;

    /** Terminals' keys, for "MQ2" tickets sold offline (null in tests that build door scans without them). */
    private TerminalKeys terminalKeys;

    DoorScans withTerminalKeys(TerminalKeys keys) {
        this.terminalKeys = keys;
        return this;
    }

    DoorScans(DoorScanStore store, QrCodec codec, MeterRegistry meters) {
        this.store = store;
        this.codec = codec;
        this.duplicates = Counter.builder("marquee.door.duplicate.admissions")
                .description("Tickets admitted at two doors during an outage, found when the second door uploaded its journal")
                .register(meters);
        this.afterRevocation = Counter.builder("marquee.door.admissions.after.revocation")
                .description("Tickets admitted offline after they had been refunded or cancelled (the door had not synced yet)")
                .register(meters);
    }

    static String deviceId(String raw) {
        String id = raw == null ? "" : raw.strip();
        if (!DEVICE_ID.matcher(id).matches()) {
            throw new InvalidArgumentException("device_id must be 3–64 letters, digits, '.', '-' or '_'");
        }
        return id;
    }

    Upload upload(Principal caller, String rawDevice, List<Scan> scans) {
        if (!caller.is(Role.DOOR, Role.CASHIER, Role.MANAGER)) {
            throw new PermissionDeniedException("door journals are uploaded by DOOR staff (or a CASHIER or MANAGER) of the cinema");
        }
        if (caller.cinema().isEmpty()) {
            throw new PermissionDeniedException("a door belongs to a cinema; upload signed in as staff of that cinema");
        }
        UUID cinema = UUID.fromString(caller.cinemaId());
        String device = deviceId(rawDevice);
        if (scans.size() > MAX_SCANS_PER_UPLOAD) {
            // No scans at all is fine: the door only asks for the duplicate count.
            throw new InvalidArgumentException("scans must hold at most " + MAX_SCANS_PER_UPLOAD + " scans, got " + scans.size());
        }
        List<DoorScanStore.Checked> checked = new ArrayList<>(scans.size());
        for (Scan scan : scans) {
            if (scan.result() == null || scan.result().isEmpty()) throw new InvalidArgumentException("every scan needs its result");
            if (scan.scannedAt() == null) throw new InvalidArgumentException("every scan needs scanned_at");
            // Signatures are checked outside the transaction: the costly part holds no lock.
            String text = scan.qrPayload() == null ? "" : scan.qrPayload().strip();
            if (terminalKeys != null && text.startsWith(marquee.platform.auth.TerminalQr.PREFIX)) {
                // Sold offline by a terminal of this cinema ("MQ2", its registered key).
                Optional<QrCodec.Claims> claims = terminalKeys.verify(text).filter(v -> v.key().cinemaId().equals(cinema))
                        .map(TerminalKeys.Verified::asQr);
                checked.add(new DoorScanStore.Checked(scan, claims.orElse(null), claims.isPresent()));
                continue;
            }
            Optional<QrCodec.Claims> claims = codec.verify(text);
            checked.add(new DoorScanStore.Checked(scan, claims.orElse(null)));
        }
        DoorScanStore.Stored stored = store.upload(cinema, device, caller.userId(), checked);
        long newDuplicates = stored.fresh().stream().filter(r -> r.outcome() == Outcome.DUPLICATE_ADMISSION).count();
        long newAfterRevocation = stored.fresh().stream().filter(r -> r.outcome() == Outcome.ADMITTED_AFTER_REVOCATION).count();
        duplicates.increment(newDuplicates);
        afterRevocation.increment(newAfterRevocation);
        for (Receipt r : stored.fresh()) {
            if (r.outcome() == Outcome.DUPLICATE_ADMISSION) {
                log.warn("Ticket {} admitted at door {} was already admitted at {} ({})", r.ticketId(), device,
                        r.firstDeviceId().isEmpty() ? "an online check-in" : r.firstDeviceId(), r.firstAdmittedAt());
            } else if (r.outcome() == Outcome.ADMITTED_AFTER_REVOCATION) {
                log.warn("Ticket {} was admitted offline at door {} after it had been revoked", r.ticketId(), device);
            }
        }
        log.info("Door {} uploaded {} scan(s), {} new, {} duplicate admission(s)", device, scans.size(), stored.fresh().size(),
                newDuplicates);
        return new Upload(stored.receipts(), stored.fresh().size(), stored.duplicatesToday());
    }

    /** An online check-in at a named door: remembered, so the door's own upload of it is no duplicate. */
    void admittedOnline(Ticket ticket, String rawDevice) {
        if (rawDevice == null || rawDevice.isBlank()) return;
        store.rememberAdmission(ticket.id(), deviceId(rawDevice));
    }

    static UUID scanId(String raw) {
        return Check.uuid("scan_id", raw);
    }
}
