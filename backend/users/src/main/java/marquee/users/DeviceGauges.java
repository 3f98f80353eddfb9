package marquee.users;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import marquee.users.v1.DeviceOperatingState;
import marquee.users.v1.PrinterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the device census: {@code marquee_devices{state}} and {@code marquee_printers{state}}
 * count the devices heard from within the stale time by their last report, and
 * {@code marquee_devices_stale} those not heard from for longer. Every instance of users reads
 * the same table, so every instance exports the same numbers (alert on {@code max}). The census
 * is one grouped query, run at most once per {@code refresh} however often Prometheus scrapes.
 */
final class DeviceGauges {
    private static final Logger log = LoggerFactory.getLogger(DeviceGauges.class);

    private final Devices devices;
    private final long refreshNanos;
    private Devices.Census census = new Devices.Census(java.util.Map.of(), java.util.Map.of(), 0);
    private long readAt;
    private boolean read;

    DeviceGauges(Devices devices, Duration refresh) {
        this.devices = devices;
        this.refreshNanos = refresh.toNanos();
    }

    void bindTo(MeterRegistry registry) {
        for (DeviceOperatingState state : DeviceOperatingState.values()) {
            if (state == DeviceOperatingState.DEVICE_STATE_UNSPECIFIED || state == DeviceOperatingState.UNRECOGNIZED) continue;
            Gauge.builder("marquee.devices", this, g -> g.current().states().getOrDefault(state, 0L))
                    .tag("state", state.name())
                    .description("Kiosks and cashier stations heard from within the stale time, by their last reported state")
                    .strongReference(true) // nothing else holds this object
                    .register(registry);
        }
        for (PrinterState printer : PrinterState.values()) {
            if (printer == PrinterState.PRINTER_STATE_UNSPECIFIED || printer == PrinterState.UNRECOGNIZED) continue;
            Gauge.builder("marquee.printers", this, g -> g.current().printers().getOrDefault(printer, 0L))
                    .tag("state", printer.name())
                    .description("Ticket printers of devices heard from within the stale time, by their last reported state")
                    .strongReference(true) // nothing else holds this object
                    .register(registry);
        }
        Gauge.builder("marquee.devices.stale", this, g -> g.current().stale())
                .description("Devices not heard from within the stale time (switched off, crashed or offline)")
                .strongReference(true) // nothing else holds this object
                    .register(registry);
    }

    private synchronized Devices.Census current() {
        long now = System.nanoTime();
        if (!read || now - readAt >= refreshNanos) {
            try {
                census = devices.census();
            } catch (RuntimeException e) {
                // A scrape must not fail because the database hiccuped; the last numbers stand.
                log.warn("Device census failed; the gauges keep their last values: {}", e.getMessage());
            }
            readAt = now;
            read = true;
        }
        return census;
    }
}
