package marquee.users;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import marquee.platform.errors.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seats set aside for each terminal's offline selling, as the terminal reports them
 * (ReportDeviceStateRequest.allocated_seats): stored with the device state, listed in GET /devices
 * and exported as {@code marquee_device_allocated_seats{device}}.
 */
final class AllocatedSeats {
    private static final Logger log = LoggerFactory.getLogger(AllocatedSeats.class);
    static final int MAX = 100_000;

    private final DataSource db;

    AllocatedSeats(DataSource db) {
        this.db = db;
    }

    void store(String deviceId, int seats) {
        if (seats < 0 || seats > MAX) throw new InvalidArgumentException("allocated_seats must be 0 to " + MAX + ", got " + seats);
        try (Connection c = db.getConnection(); PreparedStatement u = c.prepareStatement(
                "UPDATE device_state SET allocated_seats = ? WHERE device_id = ? AND allocated_seats <> ?")) {
            u.setInt(1, seats);
            u.setString(2, deviceId);
            u.setInt(3, seats);
            u.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the allocated seats of device " + deviceId, e);
        }
    }

    Map<String, Integer> all() {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("SELECT device_id, allocated_seats FROM device_state");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read allocated seats", e);
        }
        return out;
    }

    void bindTo(MeterRegistry registry, Duration refresh) {
        MultiGauge gauge = MultiGauge.builder("marquee.device.allocated.seats")
                .description("Seats set aside for a terminal's offline selling, as it last reported")
                .register(registry);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "device-allocation-gauges");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                List<MultiGauge.Row<?>> rows = new ArrayList<>();
                all().forEach((device, seats) -> rows.add(MultiGauge.Row.of(Tags.of("device", device), seats)));
                gauge.register(rows, true);
            } catch (RuntimeException e) {
                log.warn("Reading allocated seats for the gauges failed: {}", e.getMessage());
            }
        }, Math.max(200, refresh.toMillis()), Math.max(200, refresh.toMillis()), TimeUnit.MILLISECONDS);
    }
}
