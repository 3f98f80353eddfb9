package marquee.users;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per device, what its offline journal reported: {@code marquee_device_unsynced_journal{device}}
 * (entries not uploaded yet), {@code marquee_device_oldest_unsynced_age_seconds{device}} (0 when
 * none: alert when it stays above N minutes) and {@code marquee_device_last_sync_age_seconds{device}}.
 * Devices come and go, so the rows are read from the table every {@code refresh} on a background
 * thread and the gauges replaced as a set; every users instance exports the same numbers.
 */
final class JournalGauges {
    private static final Logger log = LoggerFactory.getLogger(JournalGauges.class);

    private final Devices devices;
    private final Duration refresh;

    JournalGauges(Devices devices, Duration refresh) {
        this.devices = devices;
        this.refresh = refresh;
    }

    void bindTo(MeterRegistry registry) {
        MultiGauge unsynced = MultiGauge.builder("marquee.device.unsynced.journal")
                .description("Entries of a device's offline journal (door scans, offline sales) not yet uploaded, as last reported")
                .register(registry);
        MultiGauge oldest = MultiGauge.builder("marquee.device.oldest.unsynced.age.seconds")
                .description("Age of the oldest journal entry a device has not uploaded yet (0 when none)")
                .register(registry);
        MultiGauge lastSync = MultiGauge.builder("marquee.device.last.sync.age.seconds")
                .description("Time since a device last synced its journal, as last reported")
                .register(registry);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "device-journal-gauges");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                Map<String, Devices.Journal> journals = devices.journals();
                Instant now = Instant.now();
                List<MultiGauge.Row<?>> u = new ArrayList<>();
                List<MultiGauge.Row<?>> o = new ArrayList<>();
                List<MultiGauge.Row<?>> l = new ArrayList<>();
                journals.forEach((device, journal) -> {
                    Tags tags = Tags.of("device", device);
                    u.add(MultiGauge.Row.of(tags, journal.unsynced()));
                    o.add(MultiGauge.Row.of(tags, journal.oldestUnsyncedAt() == null || journal.unsynced() == 0 ? 0
                            : Math.max(0, Duration.between(journal.oldestUnsyncedAt(), now).toSeconds())));
                    if (journal.lastSyncAt() != null) {
                        l.add(MultiGauge.Row.of(tags, Math.max(0, Duration.between(journal.lastSyncAt(), now).toSeconds())));
                    }
                });
                unsynced.register(u, true);
                oldest.register(o, true);
                lastSync.register(l, true);
            } catch (RuntimeException e) {
                // A scrape keeps the last numbers; the database may just be restarting.
                log.warn("Reading device journals for the gauges failed: {}", e.getMessage());
            }
        }, Math.max(200, refresh.toMillis()), Math.max(200, refresh.toMillis()), TimeUnit.MILLISECONDS);
    }
}
