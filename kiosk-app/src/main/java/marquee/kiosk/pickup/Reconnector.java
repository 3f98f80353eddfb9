package marquee.kiosk.pickup;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.cache.TicketCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the offline cache current and notices outages and recoveries. Online it syncs every
 * {@code syncInterval}; once a call fails with the backend unreachable it retries with
 * exponential backoff (capped, with jitter so a lobby full of kiosks does not knock in step on a
 * backend that is just coming back), and the first successful retry is itself the resync.
 */
public final class Reconnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconnector.class);

    private final BackendClient backend;
    private final TicketCache cache;
    private final String cinemaId;
    private final Connectivity connectivity;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration syncInterval;
    private final ScheduledExecutorService scheduler;
    private final java.util.function.Consumer<TicketCache.SyncResult> onSync;
    private int failures;
    private ScheduledFuture<?> next;
    private volatile boolean closed;

    public Reconnector(BackendClient backend, TicketCache cache, String cinemaId, Connectivity connectivity, Duration initialDelay,
                       Duration maxDelay, Duration syncInterval) {
        this(backend, cache, cinemaId, connectivity, initialDelay, maxDelay, syncInterval, result -> {});
    }

    public Reconnector(BackendClient backend, TicketCache cache, String cinemaId, Connectivity connectivity, Duration initialDelay,
                       Duration maxDelay, Duration syncInterval, java.util.function.Consumer<TicketCache.SyncResult> onSync) {
        this.backend = backend;
        this.cache = cache;
        this.cinemaId = cinemaId;
        this.connectivity = connectivity;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.syncInterval = syncInterval;
        this.onSync = onSync;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kiosk-cache-sync");
            thread.setDaemon(true);
            return thread;
        });
        // A pickup that finds the backend gone should not wait for the next planned sync to start retrying.
        connectivity.addListener(state -> {
            if (!state.online()) nudge();
        });
    }

    /** Syncs now, then keeps going on its own. */
    public void start() {
        schedule(Duration.ZERO);
    }

    /** Tries now (e.g. after a pickup saw the backend fail) instead of at the next planned time. */
    public synchronized void nudge() {
        if (closed) return;
        if (next != null && next.getDelay(TimeUnit.MILLISECONDS) <= initialDelay.toMillis()) return;
        schedule(initialDelay);
    }

    private synchronized void schedule(Duration delay) {
        if (closed) return;
        if (next != null) next.cancel(false);
        next = scheduler.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Duration delay;
        try {
            if (!connectivity.online()) backend.reconnectNow();
            TicketCache.SyncResult result = cache.sync(cinemaId, backend::syncTickets);
            connectivity.markOnline();
            uploadOfflinePrints();
            synchronized (this) {
                failures = 0;
            }
            onSync.accept(result);
            delay = syncInterval;
        } catch (BackendUnavailableException e) {
            connectivity.markOffline(e.getMessage());
            delay = backoff();
        } catch (RuntimeException e) {
            // Not an outage (a refused call, a cache fault): log, and try again later without declaring the kiosk offline.
            log.warn("Background sync failed", e);
            delay = backoff();
        }
        schedule(delay);
    }

    /**
     * Tells the backend about tickets printed while it was away, each once (its print id is the
     * idempotency key): a first print records the originals, a duplicate counts a reprint.
     */
    private void uploadOfflinePrints() {
        for (TicketCache.PendingPrint print : cache.pendingPrints()) {
            try {
                backend.printTickets(print.bookingCode(), "offline-print-" + print.id());
            } catch (RejectedException e) {
                // Cancelled or unknown by now: nothing left to count.
                log.info("Offline print {} of booking {} not counted: {}", print.id(), print.bookingCode(), e.getMessage());
            }
            cache.printUploaded(print.id());
        }
    }

    private synchronized Duration backoff() {
        long base = initialDelay.toMillis() << Math.min(failures, 20);
        failures++;
        long capped = Math.min(maxDelay.toMillis(), Math.max(1, base));
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - jitter);
    }

    /** The delay the next retry would use (tests). */
    synchronized int failures() {
        return failures;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) next.cancel(false);
        scheduler.shutdownNow();
    }
}
