package marquee.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** SQL of the door journals (V7__door_scans.sql). */
final class DoorScanStore {
    /** A scan with the claims of its QR code once the signature was checked (null: not genuine). */
    record Checked(DoorScans.Scan scan, QrCodec.Claims claims, boolean soldOffline) {
        Checked(DoorScans.Scan scan, QrCodec.Claims claims) {
            this(scan, claims, false);
        }
    }

    /** Receipts in request order; {@code fresh} those stored by this call. */
    record Stored(List<DoorScans.Receipt> receipts, List<DoorScans.Receipt> fresh, long duplicatesToday) {}

    /** Scans stored per transaction (a few milliseconds with a transaction id each). */
    static final int CHUNK = 25;

    private final DataSource dataSource;

    DoorScanStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Stored upload(UUID cinema, String device, String uploadedBy, List<Checked> scans) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // The cinema's lock makes two uploads of one cinema take turns, so a retry running
                // beside the first attempt finds its rows instead of racing them. (The kiosk feed no
                // longer needs it: change numbers are stamped with their transaction, see TicketStore.)
                // A journal of up to 1000 scans is stored in chunks of CHUNK, each its own transaction
                // under the lock: a transaction with an id open for the whole journal (seconds) would
                // hold back every seat map and ticket feed on the server (V10 watermarks). A retry after
                // a cut finds the committed chunks' scans by id and returns their receipts.
                List<DoorScans.Receipt> receipts = new ArrayList<>(scans.size());
                List<DoorScans.Receipt> fresh = new ArrayList<>();
                for (int from = 0; from == 0 || from < scans.size(); from += CHUNK) {
                    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, cinema.getMostSignificantBits() ^ cinema.getLeastSignificantBits() ^ 0x7469636b657473L);
                        lock.execute();
                    }
                    for (Checked checked : scans.subList(from, Math.min(scans.size(), from + CHUNK))) {
                        DoorScans.Receipt earlier = stored(c, checked.scan().scanId());
                        if (earlier != null) {
                            receipts.add(earlier);
                            continue;
                        }
                        DoorScans.Receipt receipt = decide(c, cinema, device, checked);
                        insert(c, cinema, device, uploadedBy, checked, receipt);
                        receipts.add(receipt);
                        fresh.add(receipt);
                    }
                    c.commit();
                }
                long duplicates;
                try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM door_scan WHERE cinema_id = ?"
                        + " AND outcome = 'DUPLICATE_ADMISSION' AND uploaded_at > now() - interval '24 hours'")) {
                    q.setObject(1, cinema);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        duplicates = rs.getLong(1);
                    }
                }
                c.commit();
                return new Stored(receipts, fresh, duplicates);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Door journal upload failed: " + e.getMessage(), e);
        }
    }

    private DoorScans.Receipt decide(Connection c, UUID cinema, String device, Checked checked) throws SQLException {
        DoorScans.Scan scan = checked.scan();
        QrCodec.Claims claims = checked.claims();
        if (claims == null) return receipt(scan, DoorScans.Outcome.NOT_A_TICKET, null);
        String status;
        Instant usedAt;
        try (PreparedStatement q = c.prepareStatement("SELECT status, used_at, cinema_id, showtime_id, seat_id, booking_code,"
                + " starts_at FROM ticket WHERE id = ? FOR UPDATE")) {
            q.setObject(1, claims.ticketId());
            try (ResultSet rs = q.executeQuery()) {
                boolean found = rs.next();
                if (!found && checked.soldOffline()) return notUploaded(c, cinema, device, checked);
                if (!found || !cinema.equals(rs.getObject(3, UUID.class)) || !claims.showtimeId().equals(rs.getObject(4, UUID.class))
                        || !claims.seatId().equals(rs.getString(5)) || !claims.bookingCode().equals(rs.getString(6))
                        || claims.startsAtEpochSecond() != rs.getTimestamp(7).toInstant().getEpochSecond()) {
                    return receipt(scan, DoorScans.Outcome.NOT_A_TICKET, null);
                }
                status = rs.getString(1);
                Timestamp used = rs.getTimestamp(2);
                usedAt = used == null ? null : used.toInstant();
            }
        }
        UUID ticket = claims.ticketId();
        if (!scan.offline() || !"ACCEPTED".equals(scan.result())) return receipt(scan, DoorScans.Outcome.RECORDED, ticket);
        try (PreparedStatement q = c.prepareStatement("SELECT device_id, admitted_at FROM door_admission WHERE ticket_id = ?")) {
            q.setObject(1, ticket);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    String first = rs.getString(1);
                    // The door's own admission (an online check-in whose answer it never got) is no duplicate.
                    if (first.equals(device)) return receipt(scan, DoorScans.Outcome.ADMITTED, ticket);
                    return new DoorScans.Receipt(scan.scanId(), DoorScans.Outcome.DUPLICATE_ADMISSION, ticket, first,
                            rs.getTimestamp(2).toInstant());
                }
            }
        }
        switch (status) {
            case "REVOKED":
                return receipt(scan, DoorScans.Outcome.ADMITTED_AFTER_REVOCATION, ticket);
            case "USED":
                // Checked in online by a door or desk that did not name itself.
                return new DoorScans.Receipt(scan.scanId(), DoorScans.Outcome.DUPLICATE_ADMISSION, ticket, "", usedAt);
            default:
                try (PreparedStatement u = c.prepareStatement("UPDATE ticket SET status = 'USED', used_at = ?,"
                        + " change_seq = nextval('ticket_change_seq') WHERE id = ? AND status = 'VALID'")) {
                    u.setTimestamp(1, Timestamp.from(scan.scannedAt()));
                    u.setObject(2, ticket);
                    u.executeUpdate();
                }
                try (PreparedStatement a = c.prepareStatement("INSERT INTO door_admission (ticket_id, device_id, admitted_at, offline)"
                        + " VALUES (?, ?, ?, true)")) {
                    a.setObject(1, ticket);
                    a.setString(2, device);
                    a.setTimestamp(3, Timestamp.from(scan.scannedAt()));
                    a.executeUpdate();
                }
                return receipt(scan, DoorScans.Outcome.ADMITTED, ticket);
        }
    }

    /**
     * An "MQ2" ticket a terminal sold offline whose sale is not uploaded yet (its signature was
     * checked against the terminal's registered key): an offline admission is remembered in
     * offline_ticket like an online one (the upload then issues the ticket USED); a second door's
     * admission of it is a duplicate, an admission of a ticket revoked on upload (CONFLICT) is one
     * after revocation. Runs under the cinema's lock like the issue.
     */
    private DoorScans.Receipt notUploaded(Connection c, UUID cinema, String device, Checked checked) throws SQLException {
        DoorScans.Scan scan = checked.scan();
        QrCodec.Claims claims = checked.claims();
        UUID ticket = claims.ticketId();
        if (!scan.offline() || !"ACCEPTED".equals(scan.result())) return receipt(scan, DoorScans.Outcome.RECORDED, ticket);
        String admittedBy = "door:" + device;
        try (PreparedStatement a = c.prepareStatement("""
                INSERT INTO offline_ticket (ticket_id, device_id, cinema_id, showtime_id, seat_id, booking_code, admitted_at, admitted_by)
                VALUES (?, '', ?, ?, ?, ?, ?, ?)
                ON CONFLICT (ticket_id) DO UPDATE SET admitted_at = excluded.admitted_at, admitted_by = excluded.admitted_by
                 WHERE offline_ticket.admitted_at IS NULL AND offline_ticket.revoked_at IS NULL
                RETURNING ticket_id""")) {
            a.setObject(1, ticket);
            a.setObject(2, cinema);
            a.setObject(3, claims.showtimeId());
            a.setString(4, claims.seatId());
            a.setString(5, claims.bookingCode());
            a.setTimestamp(6, Timestamp.from(scan.scannedAt()));
            a.setString(7, admittedBy);
            try (ResultSet rs = a.executeQuery()) {
                if (rs.next()) return receipt(scan, DoorScans.Outcome.ADMITTED, ticket);
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT admitted_by, admitted_at, revoked_at FROM offline_ticket WHERE ticket_id = ?")) {
            q.setObject(1, ticket);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getTimestamp(3) != null) return receipt(scan, DoorScans.Outcome.ADMITTED_AFTER_REVOCATION, ticket);
                String first = rs.getString(1) == null ? "" : rs.getString(1);
                if (first.equals(admittedBy)) return receipt(scan, DoorScans.Outcome.ADMITTED, ticket);
                return new DoorScans.Receipt(scan.scanId(), DoorScans.Outcome.DUPLICATE_ADMISSION, ticket,
                        first.startsWith("door:") ? first.substring(5) : "", rs.getTimestamp(2).toInstant());
            }
        }
    }

    private static DoorScans.Receipt receipt(DoorScans.Scan scan, DoorScans.Outcome outcome, UUID ticket) {
        return new DoorScans.Receipt(scan.scanId(), outcome, ticket, "", null);
    }

    private static DoorScans.Receipt stored(Connection c, UUID scanId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT outcome, ticket_id, first_device_id, first_admitted_at FROM door_scan WHERE scan_id = ?")) {
            q.setObject(1, scanId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) return null;
                Timestamp first = rs.getTimestamp(4);
                return new DoorScans.Receipt(scanId, DoorScans.Outcome.valueOf(rs.getString(1)), rs.getObject(2, UUID.class),
                        rs.getString(3) == null ? "" : rs.getString(3), first == null ? null : first.toInstant());
            }
        }
    }

    private static void insert(Connection c, UUID cinema, String device, String uploadedBy, Checked checked,
                               DoorScans.Receipt receipt) throws SQLException {
        DoorScans.Scan scan = checked.scan();
        try (PreparedStatement i = c.prepareStatement("""
                INSERT INTO door_scan (scan_id, device_id, cinema_id, ticket_id, showtime_id, scanned_at, result, offline, outcome,
                                       first_device_id, first_admitted_at, uploaded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            i.setObject(1, scan.scanId());
            i.setString(2, device);
            i.setObject(3, cinema);
            i.setObject(4, receipt.ticketId());
            i.setObject(5, scan.showtimeId());
            i.setTimestamp(6, Timestamp.from(scan.scannedAt()));
            i.setString(7, scan.result());
            i.setBoolean(8, scan.offline());
            i.setString(9, receipt.outcome().name());
            i.setString(10, receipt.outcome() == DoorScans.Outcome.DUPLICATE_ADMISSION ? receipt.firstDeviceId() : null);
            i.setTimestamp(11, receipt.firstAdmittedAt() == null ? null : Timestamp.from(receipt.firstAdmittedAt()));
            i.setString(12, uploadedBy);
            i.executeUpdate();
        }
    }

    /** An online check-in at a named door (first admission only; a later one changes nothing). */
    void rememberAdmission(UUID ticket, String device) {
        try (Connection c = dataSource.getConnection(); PreparedStatement a = c.prepareStatement("INSERT INTO door_admission"
                + " (ticket_id, device_id, admitted_at, offline) VALUES (?, ?, now(), false) ON CONFLICT (ticket_id) DO NOTHING")) {
            a.setObject(1, ticket);
            a.setString(2, device);
            a.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Recording the door of a check-in failed: " + e.getMessage(), e);
        }
    }
}
