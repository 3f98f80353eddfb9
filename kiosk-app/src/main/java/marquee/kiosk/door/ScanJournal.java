package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import marquee.kiosk.cache.CacheException;
import marquee.kiosk.cache.Sqlite;
import marquee.kiosk.model.DoorModel.JournalEntry;
import marquee.kiosk.model.DoorModel.JournalStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door's journal in its own SQLite file: every scan, the tickets this door admitted (once
 * each: the primary key decides), and a few settings (the cached verification key, the
 * duplicate count the backend last reported).
 *
 * <p>Durability: WAL with {@code synchronous=FULL}, so a scan is on disk — not only in the OS's
 * cache — before {@link #record} returns, and only then does the screen say ADMIT. A kill -9 or a
 * power cut after that loses no admitted scan; one before it loses a scan nobody was shown.
 * Uploaded scans are marked, never deleted before they are in the backend.
 */
public final class ScanJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScanJournal.class);

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS scan (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                scan_id TEXT NOT NULL UNIQUE,
                qr_payload TEXT NOT NULL,
                ticket_id TEXT,
                showtime_id TEXT NOT NULL DEFAULT '',
                scanned_at INTEGER NOT NULL,
                result TEXT NOT NULL,
                offline INTEGER NOT NULL,
                uploaded_at INTEGER
            );
            CREATE INDEX IF NOT EXISTS scan_unsynced ON scan (seq) WHERE uploaded_at IS NULL;
            CREATE TABLE IF NOT EXISTS admitted (
                ticket_id TEXT PRIMARY KEY,
                scan_id TEXT NOT NULL,
                admitted_at INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS setting (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """;

    private final Path file;
    private final Connection db;

    private ScanJournal(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static ScanJournal open(Path file) {
        Connection db = null;
        try {
            db = Sqlite.open(file, Sqlite.Durability.FULL);
            try (Statement s = db.createStatement()) {
                for (String statement : SCHEMA.split(";")) {
                    if (!statement.isBlank()) s.execute(statement);
                }
            }
            db.setAutoCommit(false);
            Sqlite.restrictSidecars(file);
            log.info("Door journal {}", file);
            return new ScanJournal(file, db);
        } catch (SQLException | java.io.IOException e) {
            Sqlite.closeQuietly(db, "the door journal " + file);
            throw new CacheException("Cannot open the door journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Journals a scan and, for an admission, claims the ticket for this door in the same commit.
     * Returns the result as journaled: ALREADY_USED (with the first admission's time) when this
     * door had admitted the ticket before — checked and claimed in one transaction, so two scans
     * of one ticket racing on this device admit once.
     */
    public synchronized Recorded record(JournalEntry entry, String ticketId) {
        try {
            ScanResult result = entry.result();
            Instant firstAdmitted = null;
            if (result.admits() && ticketId != null) {
                try (PreparedStatement claim = db.prepareStatement(
                        "INSERT INTO admitted (ticket_id, scan_id, admitted_at) VALUES (?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING")) {
                    claim.setString(1, ticketId);
                    claim.setString(2, entry.scanId());
                    claim.setLong(3, entry.scannedAt().toEpochMilli());
                    if (claim.executeUpdate() == 0) {
                        result = ScanResult.ALREADY_USED;
                        firstAdmitted = findAdmitted(ticketId).orElse(null);
                    }
                }
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO scan (scan_id, qr_payload, ticket_id, showtime_id, scanned_at, result, offline)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, entry.scanId());
                insert.setString(2, entry.qrPayload());
                insert.setString(3, ticketId);
                insert.setString(4, entry.showtimeId() == null ? "" : entry.showtimeId());
                insert.setLong(5, entry.scannedAt().toEpochMilli());
                insert.setString(6, result.name());
                insert.setInt(7, entry.offline() ? 1 : 0);
                insert.executeUpdate();
            }
            db.commit();
            return new Recorded(result, firstAdmitted);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Journaling a scan failed: " + e.getMessage(), e);
        }
    }

    /** What {@link #record} stored: the result, and for a second admission here when the first was. */
    public record Recorded(ScanResult result, Instant firstAdmittedAt) {}

    /** When this door admitted the ticket, if it did. */
    public synchronized Optional<Instant> admittedAt(String ticketId) {
        try {
            Optional<Instant> found = findAdmitted(ticketId);
            db.commit();
            return found;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Reading admissions failed: " + e.getMessage(), e);
        }
    }

    private Optional<Instant> findAdmitted(String ticketId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT admitted_at FROM admitted WHERE ticket_id = ?")) {
            q.setString(1, ticketId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
            }
        }
    }

    /** The oldest scans not uploaded yet, at most {@code limit}. */
    public synchronized List<JournalEntry> unsynced(int limit) {
        try (PreparedStatement q = db.prepareStatement("SELECT seq, scan_id, qr_payload, showtime_id, scanned_at, result, offline"
                + " FROM scan WHERE uploaded_at IS NULL ORDER BY seq LIMIT ?")) {
            q.setInt(1, limit);
            List<JournalEntry> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new JournalEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), ScanResult.valueOf(rs.getString(6)), rs.getInt(7) == 1));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Reading the journal failed: " + e.getMessage(), e);
        }
    }

    /** Marks scans as in the backend (after it answered their upload). */
    public synchronized void markUploaded(List<JournalEntry> entries, Instant at) {
        try (PreparedStatement u = db.prepareStatement("UPDATE scan SET uploaded_at = ? WHERE seq = ?")) {
            for (JournalEntry e : entries) {
                u.setLong(1, at.toEpochMilli());
                u.setLong(2, e.seq());
                u.addBatch();
            }
            u.executeBatch();
            put("last_sync", Long.toString(at.toEpochMilli()));
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Marking uploaded scans failed: " + e.getMessage(), e);
        }
    }

    /** Unsynced count, oldest unsynced scan, last successful upload. */
    public synchronized JournalStats stats() {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), min(scanned_at) FROM scan WHERE uploaded_at IS NULL")) {
            rs.next();
            int count = rs.getInt(1);
            long oldest = rs.getLong(2);
            Instant oldestAt = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
            Instant last = get("last_sync").map(v -> Instant.ofEpochMilli(Long.parseLong(v))).orElse(null);
            db.commit();
            return new JournalStats(count, oldestAt, last);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Reading journal stats failed: " + e.getMessage(), e);
        }
    }

    public synchronized int count() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM scan")) {
            rs.next();
            int n = rs.getInt(1);
            db.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Counting scans failed: " + e.getMessage(), e);
        }
    }

    public synchronized void setting(String name, String value) {
        try {
            put(name, value);
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Saving " + name + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<String> setting(String name) {
        try {
            Optional<String> value = get(name);
            db.commit();
            return value;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Reading " + name + " failed: " + e.getMessage(), e);
        }
    }

    private void put(String name, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            p.setString(1, name);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private Optional<String> get(String name) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM setting WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void rollbackQuietly() {
        Sqlite.rollbackQuietly(db, "the door journal");
    }

    @Override
    public synchronized void close() {
        Sqlite.rollbackAndClose(db, "the door journal");
    }
}
