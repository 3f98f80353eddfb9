package marquee.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's periodic work (sweepers, reconcilers) on daemon threads. A failing round is logged
 * and the next one runs anyway: an exception would otherwise cancel a fixed-delay schedule for good.
 */
public final class BackgroundJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final String name;
    private final ScheduledExecutorService executor;

    public BackgroundJobs(String name, int threads) {
        this.name = name;
        this.executor = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code job} every {@code interval}, first after one interval. */
    public void every(Duration interval, String what, Runnable job) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("{} failed; the next round tries again", what, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) log.warn("Background jobs of {} did not stop in time", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
