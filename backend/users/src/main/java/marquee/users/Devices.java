package marquee.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import marquee.platform.auth.Principal;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.DeviceKind;
import marquee.users.v1.DeviceOperatingState;
import marquee.users.v1.PrinterState;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kiosks and cashier stations last reported about themselves, so a stopped kiosk or a
 * printer out of paper is visible centrally. The database decides who owns a device id (the
 * upsert below only overwrites a row of the same kind and cinema), so two instances of users
 * cannot let a cinema take over another's station. Times are the database's clock, the same for
 * every instance.
 */
final class Devices {
    private static final Logger log = LoggerFactory.getLogger(Devices.class);
    static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(3);
    private static final Pattern ERROR_CODE = Pattern.compile("^[A-Za-z0-9._-]{0,64}$");

    record Report(String deviceId, DeviceOperatingState state, PrinterState printer, String errorCode, String message,
                  String appVersion) {}

    record Device(String deviceId, DeviceKind kind, UUID cinemaId, DeviceOperatingState state, PrinterState printer,
                  String errorCode, String message, String appVersion, UUID reportedBy, Instant lastSeen, Instant stateSince,
                  boolean stale, Journal journal) {}

    /**
     * A device's offline journal as it reported it: entries not yet uploaded, when the oldest was
     * made, and its last successful sync (null: none / never).
     */
    record Journal(int unsynced, Instant oldestUnsyncedAt, Instant lastSyncAt) {
        static final Journal NONE = new Journal(0, null, null);
    }

    /** Devices by state, for the gauges: only devices heard from within the stale time count by state. */
    record Census(java.util.Map<DeviceOperatingState, Long> states, java.util.Map<PrinterState, Long> printers, long stale) {}

    private final DataSource db;
    private final Duration staleAfter;

    Devices(DataSource db, Duration staleAfter) {
        if (staleAfter.isNegative() || staleAfter.isZero()) throw new IllegalArgumentException("stale time must be positive");
        this.db = db;
        this.staleAfter = staleAfter;
    }

    Duration staleAfter() {
        return staleAfter;
    }

    Device report(Principal caller, Report report) {
        // Input first: a bad report is refused the same way whoever sends it.
        DeviceOperatingState state = report.state();
        if (state == null || state == DeviceOperatingState.DEVICE_STATE_UNSPECIFIED || state == DeviceOperatingState.UNRECOGNIZED) {
            throw new InvalidArgumentException("state is required: IN_SERVICE, OUT_OF_ORDER, OFFLINE_SYNCING, MAINTENANCE, STARTING"
                    + " or SHUTTING_DOWN");
        }
        PrinterState printer = report.printer();
        if (printer == null || printer == PrinterState.PRINTER_STATE_UNSPECIFIED || printer == PrinterState.UNRECOGNIZED) {
            throw new InvalidArgumentException("printer is required: PRINTER_READY, PRINTER_PAPER_LOW, PRINTER_PAPER_OUT,"
                    + " PRINTER_FAULT or PRINTER_UNKNOWN");
        }
        String errorCode = report.errorCode() == null ? "" : report.errorCode().strip();
        if (!ERROR_CODE.matcher(errorCode).matches()) {
            throw new InvalidArgumentException("error_code must be at most 64 letters, digits, '.', '-' or '_'");
        }
        String message = optionalText("message", report.message(), 500);
        String version = optionalText("app_version", report.appVersion(), 64);
        String requested = report.deviceId() == null ? "" : report.deviceId().strip();

        UUID reporter = caller.isService() ? null : parseAccount(caller);
        String deviceId;
        DeviceKind kind;
        UUID cinema;
        if (caller.is(Role.KIOSK)) {
            KioskAccount kiosk = kioskAccount(reporter).orElseThrow(() ->
                    new PermissionDeniedException("this kiosk account has no device id; sign in with DeviceLogin"));
            if (!requested.isEmpty() && !requested.equals(kiosk.deviceId())) {
                throw new PermissionDeniedException("a kiosk reports only its own state (device " + kiosk.deviceId() + ")");
            }
            deviceId = kiosk.deviceId();
            kind = DeviceKind.SELF_SERVICE_KIOSK;
            cinema = kiosk.cinemaId();
        } else if (caller.is(Role.DOOR)) {
            if (requested.isEmpty()) throw new InvalidArgumentException("device_id is required: the id of this door scanner");
            deviceId = CredentialPolicy.deviceId(requested);
            if (caller.cinema().isEmpty()) throw new PermissionDeniedException("door staff report the doors of their own cinema");
            if (kioskAccountByDevice(deviceId)) {
                throw new PermissionDeniedException("device " + deviceId + " is a kiosk; only the kiosk itself reports its state");
            }
            kind = DeviceKind.DOOR_STATION;
            cinema = UUID.fromString(caller.cinemaId());
        } else if (caller.isStaff()) {
            if (requested.isEmpty()) throw new InvalidArgumentException("device_id is required: the id of this cashier station");
            deviceId = CredentialPolicy.deviceId(requested);
            if (caller.cinema().isEmpty()) {
                throw new PermissionDeniedException("a cashier station belongs to a cinema; report it signed in as staff of that cinema");
            }
            if (kioskAccountByDevice(deviceId)) {
                throw new PermissionDeniedException("device " + deviceId + " is a kiosk; only the kiosk itself reports its state");
            }
            kind = DeviceKind.CASHIER_STATION;
            cinema = UUID.fromString(caller.cinemaId());
        } else {
            throw new PermissionDeniedException("only a KIOSK, or a CASHIER or MANAGER at a cashier station, reports a device state");
        }

        Device stored = upsert(deviceId, kind, cinema, state, printer, errorCode, message, version, reporter)
                .orElseThrow(() -> new PermissionDeniedException("device " + deviceId + " belongs to another cinema or is of another kind"));
        if (state != DeviceOperatingState.IN_SERVICE || printer != PrinterState.PRINTER_READY) {
            log.info("Device {} reports {} / {} {}", deviceId, state, printer, errorCode);
        }
        return stored;
    }

    List<Device> list(Principal caller, String rawCinema) {
        UUID filter = rawCinema == null || rawCinema.isBlank() ? null : Check.uuid("cinema_id", rawCinema);
        if (caller.is(Role.MANAGER)) {
            if (caller.cinema().isPresent()) {
                UUID own = UUID.fromString(caller.cinemaId());
                if (filter != null && !filter.equals(own)) {
                    throw new PermissionDeniedException("you can only list the devices of your own cinema");
                }
                filter = own;
            }
        } else if (!caller.isService()) {
            throw new PermissionDeniedException("device states are for a MANAGER (or a monitoring service)");
        }
        String sql = SELECT + (filter == null ? "" : " WHERE cinema_id = ?") + " ORDER BY cinema_id, device_id";
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, staleAfter.toMillis());
            if (filter != null) q.setObject(2, filter);
            List<Device> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) out.add(device(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read device states", e);
        }
    }

    /** Counts for the gauges: fresh devices by last state and printer state, and how many are stale. */
    Census census() {
        var states = new java.util.EnumMap<DeviceOperatingState, Long>(DeviceOperatingState.class);
        var printers = new java.util.EnumMap<PrinterState, Long>(PrinterState.class);
        long stale = 0;
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT state, printer, last_seen < now() - ? * interval '1 millisecond' AS stale, count(*)
                  FROM device_state GROUP BY 1, 2, 3""")) {
            q.setLong(1, staleAfter.toMillis());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(4);
                    if (rs.getBoolean(3)) {
                        stale += count;
                        continue;
                    }
                    states.merge(DeviceOperatingState.valueOf(rs.getString(1)), count, Long::sum);
                    printers.merge(PrinterState.valueOf(rs.getString(2)), count, Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count device states", e);
        }
        return new Census(states, printers, stale);
    }

    private static final String SELECT = """
            SELECT device_id, kind, cinema_id, state, printer, error_code, message, app_version, reported_by, last_seen,
                   state_since, last_seen < now() - ? * interval '1 millisecond' AS stale,
                   unsynced_journal, oldest_unsynced_at, last_sync_at
              FROM device_state""";

    /** Stores what the device says about its offline journal (after {@link #report} accepted the device). */
    Device journal(Device device, Journal journal) {
        if (journal.unsynced() < 0) throw new InvalidArgumentException("unsynced_journal must not be negative");
        try (Connection c = db.getConnection(); PreparedStatement u = c.prepareStatement(
                "UPDATE device_state SET unsynced_journal = ?, oldest_unsynced_at = ?, last_sync_at = ? WHERE device_id = ?")) {
            u.setInt(1, journal.unsynced());
            u.setTimestamp(2, journal.oldestUnsyncedAt() == null ? null : java.sql.Timestamp.from(journal.oldestUnsyncedAt()));
            u.setTimestamp(3, journal.lastSyncAt() == null ? null : java.sql.Timestamp.from(journal.lastSyncAt()));
            u.setString(4, device.deviceId());
            u.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the journal of device " + device.deviceId(), e);
        }
        return new Device(device.deviceId(), device.kind(), device.cinemaId(), device.state(), device.printer(), device.errorCode(),
                device.message(), device.appVersion(), device.reportedBy(), device.lastSeen(), device.stateSince(), device.stale(),
                journal);
    }

    /** Every device's journal, for the per-device gauges. */
    java.util.Map<String, Journal> journals() {
        var out = new java.util.TreeMap<String, Journal>();
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT device_id, unsynced_journal, oldest_unsynced_at, last_sync_at FROM device_state")) {
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new Journal(rs.getInt(2), instant(rs, 3), instant(rs, 4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read device journals", e);
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private Optional<Device> upsert(String deviceId, DeviceKind kind, UUID cinema, DeviceOperatingState state, PrinterState printer,
                                    String errorCode, String message, String version, UUID reporter) {
        // A device of the same kind and cinema is updated; anything else (another cinema's station,
        // a station id that is some kiosk's) is left alone and returns no row.
        try (Connection c = db.getConnection(); PreparedStatement upsert = c.prepareStatement("""
                WITH stored AS (
                    INSERT INTO device_state AS d (device_id, kind, cinema_id, state, printer, error_code, message, app_version,
                                                   reported_by, last_seen, state_since)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())
                    ON CONFLICT (device_id) DO UPDATE
                       SET state = excluded.state, printer = excluded.printer, error_code = excluded.error_code,
                           message = excluded.message, app_version = excluded.app_version, reported_by = excluded.reported_by,
                           last_seen = excluded.last_seen,
                           state_since = CASE WHEN d.state = excluded.state AND d.printer = excluded.printer
                                              THEN d.state_since ELSE excluded.last_seen END
                     WHERE d.kind = excluded.kind AND d.cinema_id = excluded.cinema_id
                    RETURNING *)
                SELECT device_id, kind, cinema_id, state, printer, error_code, message, app_version, reported_by, last_seen,
                       state_since, false, unsynced_journal, oldest_unsynced_at, last_sync_at FROM stored""")) {
            int i = 1;
            upsert.setString(i++, deviceId);
            upsert.setString(i++, kind.name());
            upsert.setObject(i++, cinema);
            upsert.setString(i++, state.name());
            upsert.setString(i++, printer.name());
            upsert.setString(i++, errorCode);
            upsert.setString(i++, message);
            upsert.setString(i++, version);
            upsert.setObject(i, reporter);
            try (ResultSet rs = upsert.executeQuery()) {
                return rs.next() ? Optional.of(device(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the state of device " + deviceId, e);
        }
    }

    private record KioskAccount(String deviceId, UUID cinemaId) {}

    private Optional<KioskAccount> kioskAccount(UUID account) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT device_id, cinema_id FROM account WHERE id = ? AND role = 'KIOSK' AND device_id IS NOT NULL")) {
            q.setObject(1, account);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new KioskAccount(rs.getString(1), rs.getObject(2, UUID.class))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the kiosk account", e);
        }
    }

    private boolean kioskAccountByDevice(String deviceId) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM account WHERE device_id = ?")) {
            q.setString(1, deviceId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read kiosk accounts", e);
        }
    }

    private static UUID parseAccount(Principal caller) {
        try {
            return UUID.fromString(caller.userId());
        } catch (IllegalArgumentException e) {
            throw new PermissionDeniedException("only a device or staff account reports a device state");
        }
    }

    private static String optionalText(String field, String value, int max) {
        String text = value == null ? "" : value.strip();
        if (text.length() > max) throw new InvalidArgumentException(field + " must have at most " + max + " characters");
        if (text.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n')) {
            throw new InvalidArgumentException(field + " must not contain control characters");
        }
        return text;
    }

    private static Device device(ResultSet rs) throws SQLException {
        return new Device(rs.getString(1), DeviceKind.valueOf(rs.getString(2)), rs.getObject(3, UUID.class),
                DeviceOperatingState.valueOf(rs.getString(4)), PrinterState.valueOf(rs.getString(5)), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getObject(9, UUID.class), rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11).toInstant(), rs.getBoolean(12), new Journal(rs.getInt(13), instant(rs, 14), instant(rs, 15)));
    }
}
