package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.backend.DoorBackend;
import marquee.kiosk.model.ScanResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.DoorModel.DoorStaff;
import marquee.kiosk.model.DoorModel.JournalEntry;
import marquee.kiosk.model.DoorModel.JournalStats;
import marquee.kiosk.model.DoorModel.UploadResult;
import marquee.kiosk.model.DoorModel.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One door: checks a scan online (CheckIn) or, with the backend away, on its own
 * ({@link OfflineCheck}); journals every scan before answering; keeps the offline copy of the
 * cinema's tickets and the verification key current; uploads the journal and reports itself
 * whenever the backend answers. No JavaFX here: the view-model puts it on screen.
 */
public final class DoorDesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DoorDesk.class);
    static final String KEY_SETTING = "verification_key";
    /** Registered terminal keys (tickets sold offline, "MQ2"): one "key_id base64-DER" per line. */
    static final String TERMINAL_KEYS_SETTING = "terminal_keys";
    static final String DUPLICATES_SETTING = "duplicates_today";
    static final int UPLOAD_BATCH = 1000;

    /** What the screen shows besides the verdict. */
    public record Status(boolean online, Optional<Instant> offlineSince, JournalStats journal, long duplicatesToday) {}

    private final DoorBackend backend;
    private final ScanJournal journal;
    private final TicketCache cache;
    private final String deviceId;
    private final Duration admitBefore;
    private final Clock clock;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "door-sync");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DoorStaff staff;
    private volatile boolean online = true;
    private volatile Instant offlineSince;
    private volatile OfflineCheck check;
    private Duration syncInterval = Duration.ofSeconds(15);
    private int failures;
    private ScheduledFuture<?> next;
    private volatile boolean closed;

    public DoorDesk(DoorBackend backend, ScanJournal journal, TicketCache cache, String deviceId, Duration admitBefore, Clock clock) {
        this.backend = backend;
        this.journal = journal;
        this.cache = cache;
        this.deviceId = deviceId;
        this.admitBefore = admitBefore;
        this.clock = clock;
        journal.setting(KEY_SETTING).ifPresent(key -> check = new OfflineCheck(Base64.getDecoder().decode(key),
                terminalKeys(journal.setting(TERMINAL_KEYS_SETTING).orElse(""))));
    }

    /** The terminal keys as the journal keeps them ("key_id base64" lines). */
    static java.util.Map<String, byte[]> terminalKeys(String stored) {
        java.util.Map<String, byte[]> keys = new java.util.LinkedHashMap<>();
        for (String line : stored.split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) keys.put(parts[0], Base64.getDecoder().decode(parts[1]));
        }
        return keys;
    }

    public String deviceId() {
        return deviceId;
    }

    public Optional<DoorStaff> staff() {
        return Optional.ofNullable(staff);
    }

    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
    }

    /**
     * Staff sign-in. Online the backend checks the PIN, and the door keeps a BCrypt hash of it (with
     * the staff member's name and cinema) in its journal; during an outage the door checks a PIN
     * against that hash, so staff who signed in here before can sign in again after a restart, and
     * it signs them in with the backend as soon as it answers. Starts syncing.
     */
    public DoorStaff signIn(String login, String pin) {
        String key = STAFF_SETTING + login.strip().toLowerCase(java.util.Locale.ROOT);
        DoorStaff signedIn;
        try {
            signedIn = backend.signIn(login, pin);
            journal.setting(key, String.join("\n", org.springframework.security.crypto.bcrypt.BCrypt.hashpw(pin,
                            org.springframework.security.crypto.bcrypt.BCrypt.gensalt(10)), signedIn.login(), signedIn.name(),
                    signedIn.cinemaId(), signedIn.cinemaName(), signedIn.zone().getId()));
            pendingSignIn = null;
            markOnline();
        } catch (BackendUnavailableException e) {
            String[] known = journal.setting(key).map(v -> v.split("\n", -1)).orElse(null);
            if (known == null || known.length != 6 || !org.springframework.security.crypto.bcrypt.BCrypt.checkpw(pin, known[0])) {
                throw e;
            }
            signedIn = new DoorStaff(known[1], known[2], known[3], known[4], java.time.ZoneId.of(known[5]));
            // Signed in on this door's word; the backend hears of it when it is back.
            pendingSignIn = new String[] {login, pin};
            markOffline(e.getMessage());
            log.info("{} signed in offline at door {} (PIN checked against this door's copy)", signedIn.login(), deviceId);
        }
        staff = signedIn;
        schedule(Duration.ZERO);
        return signedIn;
    }

    static final String STAFF_SETTING = "staff:";
    /** Login and PIN of an offline sign-in, until the backend confirms it; memory only. */
    private volatile String[] pendingSignIn;

    public void signOut() {
        staff = null;
        pendingSignIn = null;
        backend.signOut();
    }

    public List<DoorModel.ShowtimeChoice> showtimesToday() {
        DoorStaff current = staff;
        return current == null || !online ? List.of() : backend.showtimesToday(current);
    }

    /**
     * Checks one scan and journals it (durably) before returning what to show. Online first; with
     * the backend unreachable, on its own — and it stays offline (no waiting on a dead network per
     * scan) until the background sync finds the backend again.
     */
    public Verdict scan(String code, String doorShowtimeId) {
        String qr = code == null ? "" : code.strip();
        Instant now = clock.instant();
        Verdict verdict = null;
        if (online) {
            try {
                verdict = backend.checkIn(qr, doorShowtimeId, (int) admitBefore.toMinutes(), deviceId);
            } catch (BackendUnavailableException e) {
                markOffline(e.getMessage());
            } catch (marquee.kiosk.backend.RejectedException e) {
                // The backend refused the door itself (staff disabled, signed out elsewhere): not a ticket's verdict.
                throw e;
            } catch (marquee.kiosk.backend.BackendException e) {
                // A fault on the backend's side: decide this one scan on our own rather than hold up the queue.
                log.warn("Check-in failed ({}); checking this scan offline", e.getMessage());
            }
        }
        if (verdict == null) verdict = offline(qr, doorShowtimeId, now);
        String ticketId = verdict.ticket() == null ? null : verdict.ticket().ticketId();
        ScanJournal.Recorded recorded = journal.record(new JournalEntry(0, UUID.randomUUID().toString(), qr,
                doorShowtimeId == null ? "" : doorShowtimeId, now, verdict.result(), verdict.offline()), ticketId);
        if (recorded.result() != verdict.result()) {
            verdict = new Verdict(recorded.result(), verdict.ticket(), recorded.firstAdmittedAt(), verdict.offline(), "");
        }
        return verdict;
    }

    private Verdict offline(String qr, String doorShowtimeId, Instant now) {
        OfflineCheck current = check;
        if (current == null) {
            // Never synced: nothing to check a signature with. Refuse rather than admit blind.
            return new Verdict(ScanResult.FORGED, null, null, true, "no verification key on this door yet");
        }
        return current.decide(qr, claims -> cache.ticketsByCode(claims.bookingCode()).stream()
                        .filter(t -> t.ticket().id().equalsIgnoreCase(claims.ticketId().toString())).findFirst(),
                doorShowtimeId, admitBefore, now);
    }

    /** Syncs every {@code interval} while online; retries sooner (with backoff) while offline. */
    public synchronized void start(Duration interval) {
        this.syncInterval = interval;
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration delay) {
        if (closed) return;
        if (next != null) next.cancel(false);
        next = scheduler.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Duration delay = syncInterval;
        try {
            if (syncOnce()) {
                synchronized (this) {
                    failures = 0;
                }
            }
        } catch (BackendUnavailableException e) {
            markOffline(e.getMessage());
            synchronized (this) {
                long base = Math.min(syncInterval.toMillis(), 250L << Math.min(failures++, 10));
                delay = Duration.ofMillis(Math.max(100, base));
            }
        } catch (RuntimeException e) {
            log.warn("Door sync failed", e);
        }
        schedule(delay);
    }

    /**
     * One round with the backend: verification key, the ticket changes, the journal upload, the
     * device report. Returns false when nobody is signed in.
     */
    public boolean syncOnce() {
        // One sync at a time: the background loop and a caller (sign-in, tests) must not page the feed at once.
        synchronized (syncLock) {
            return syncNow();
        }
    }

    private final Object syncLock = new Object();

    private boolean syncNow() {
        DoorStaff current = staff;
        if (current == null) return false;
        if (!online) backend.reconnectNow();
        String[] pending = pendingSignIn;
        if (pending != null) {
            backend.signIn(pending[0], pending[1]);
            pendingSignIn = null;
        }
        var keys = backend.verificationKeys(current.cinemaId());
        byte[] key = keys.backendKey();
        String encoded = Base64.getEncoder().encodeToString(key);
        if (!journal.setting(KEY_SETTING).map(encoded::equals).orElse(false)) journal.setting(KEY_SETTING, encoded);
        StringBuilder terminals = new StringBuilder();
        keys.terminalKeys().forEach((id, der) -> terminals.append(id).append(' ').append(Base64.getEncoder().encodeToString(der)).append('\n'));
        String terminalText = terminals.toString();
        if (!journal.setting(TERMINAL_KEYS_SETTING).map(terminalText::equals).orElse(false)) {
            journal.setting(TERMINAL_KEYS_SETTING, terminalText);
        }
        check = new OfflineCheck(key, keys.terminalKeys());
        cache.sync(current.cinemaId(), backend::syncPage);
        markOnline();
        uploadNow();
        backend.report(deviceId, true, journal.stats());
        notifyListeners();
        return true;
    }

    /** Uploads the whole journal backlog in batches; returns the duplicates found. */
    public int upload() {
        synchronized (syncLock) {
            return uploadNow();
        }
    }

    private int uploadNow() {
        int duplicates = 0;
        boolean first = true;
        while (true) {
            List<JournalEntry> batch = journal.unsynced(UPLOAD_BATCH);
            // An empty first batch still asks: another door's upload may have found a duplicate since.
            if (batch.isEmpty() && !first) break;
            first = false;
            UploadResult result = backend.upload(deviceId, batch);
            journal.markUploaded(batch, clock.instant());
            journal.setting(DUPLICATES_SETTING, Long.toString(result.duplicatesToday()));
            duplicates += result.duplicatesFound();
            if (result.duplicatesFound() > 0) {
                log.warn("{} ticket(s) admitted here were also admitted at another door during the outage", result.duplicatesFound());
            }
            if (batch.isEmpty()) break;
        }
        return duplicates;
    }

    public Status status() {
        long duplicates = journal.setting(DUPLICATES_SETTING).map(Long::parseLong).orElse(0L);
        return new Status(online, Optional.ofNullable(offlineSince), journal.stats(), duplicates);
    }

    public boolean online() {
        return online;
    }

    private void markOffline(String reason) {
        if (!online) return;
        online = false;
        offlineSince = clock.instant();
        log.warn("Backend unreachable ({}); the door checks tickets on its own", reason);
        notifyListeners();
        schedule(Duration.ofMillis(100));
    }

    private void markOnline() {
        if (online) return;
        online = true;
        offlineSince = null;
        log.info("Backend reachable again; uploading the door journal");
        notifyListeners();
    }

    private void notifyListeners() {
        Status status;
        try {
            status = status();
        } catch (RuntimeException e) {
            log.warn("Door status unavailable", e);
            return;
        }
        for (Consumer<Status> listener : listeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                log.warn("A door listener failed", e);
            }
        }
    }

    /** After a scan: tell the screen the journal grew. */
    public void scanned() {
        notifyListeners();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) next.cancel(false);
        scheduler.shutdownNow();
    }
}
