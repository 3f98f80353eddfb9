package marquee.kiosk.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import marquee.kiosk.files.OwnerOnly;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketSyncPage;
import marquee.kiosk.model.TicketType;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's offline copy in one SQLite file: the programme, the upcoming tickets of its cinema
 * (kept current from {@code ListTicketsForSync}), and its own sales.
 *
 * <p>Durability: WAL journal, and every sync page is one transaction holding both the ticket rows
 * and the cursor after them — a kill -9 at any moment leaves either the page and its cursor or
 * neither, so the next sync continues exactly where the last commit stopped, never skipping or
 * applying a change twice. {@code synchronous=FULL} since schema version 3: the file also holds a
 * till's offline sales journal ({@link OfflineStore}) — money taken while the backend was away,
 * which no later sync can bring back — so every commit is on disk before the app goes on (an
 * fsync per sync page of up to 500 tickets costs little).
 *
 * <p>One connection, used under this object's lock: a kiosk has one writer, and SQLite serialises
 * writers anyway.
 */
public final class TicketCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TicketCache.class);
    public static final int SYNC_PAGE_SIZE = 500;
    /** Tickets of showtimes that started longer ago than this are of no use at a kiosk; they are dropped. */
    static final Duration KEEP_AFTER_START = Duration.ofHours(12);

    /** Schema versions, in order; index i brings {@code user_version} from i to i + 1. Never edit one, append. */
    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE sync_state (
                cinema_id TEXT PRIMARY KEY,
                cursor TEXT NOT NULL,
                synced_at INTEGER NOT NULL
            );
            CREATE TABLE ticket (
                id TEXT PRIMARY KEY,
                booking_id TEXT NOT NULL,
                booking_code TEXT NOT NULL,
                cinema_id TEXT NOT NULL,
                showtime_id TEXT NOT NULL,
                film_title TEXT NOT NULL,
                hall_name TEXT NOT NULL,
                seat_id TEXT NOT NULL,
                seat_row TEXT NOT NULL,
                seat_number INTEGER NOT NULL,
                category TEXT NOT NULL,
                ticket_type TEXT NOT NULL,
                price_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                starts_at INTEGER NOT NULL,
                qr_payload TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('VALID', 'USED', 'REVOKED')),
                issued_at INTEGER,
                used_at INTEGER,
                reprint_count INTEGER NOT NULL DEFAULT 0,
                updated_at INTEGER NOT NULL,
                -- A revoked ticket keeps no code to print, whatever the code that writes it does.
                CHECK (state <> 'REVOKED' OR qr_payload = '')
            );
            CREATE INDEX ticket_by_code ON ticket (booking_code);
            CREATE INDEX ticket_by_start ON ticket (starts_at);
            CREATE TABLE programme (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                cinema TEXT NOT NULL,
                saved_at INTEGER NOT NULL
            );
            CREATE TABLE film (
                id TEXT PRIMARY KEY,
                position INTEGER NOT NULL,
                data TEXT NOT NULL
            );
            CREATE TABLE showtime (
                id TEXT PRIMARY KEY,
                starts_at INTEGER NOT NULL,
                data TEXT NOT NULL
            );
            CREATE TABLE seat_map (
                showtime_id TEXT PRIMARY KEY REFERENCES showtime (id) ON DELETE CASCADE,
                data TEXT NOT NULL
            );
            CREATE TABLE own_sale (
                booking_id TEXT PRIMARY KEY,
                booking_code TEXT NOT NULL,
                showtime_id TEXT NOT NULL,
                sold_at INTEGER NOT NULL,
                total_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                payment_method TEXT NOT NULL CHECK (payment_method IN ('CARD', 'CASH')),
                tickets INTEGER NOT NULL
            );
            CREATE TABLE own_sale_ticket (
                booking_id TEXT NOT NULL REFERENCES own_sale (booking_id) ON DELETE CASCADE,
                ticket_id TEXT NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
                PRIMARY KEY (booking_id, ticket_id)
            );
            """, """
            CREATE TABLE print_log (
                id TEXT PRIMARY KEY,
                booking_code TEXT NOT NULL,
                printed_at INTEGER NOT NULL,
                duplicate INTEGER NOT NULL CHECK (duplicate IN (0, 1)),
                -- 1 once the backend knows (printed online, or an offline print replayed to PrintTickets).
                uploaded INTEGER NOT NULL CHECK (uploaded IN (0, 1))
            );
            CREATE INDEX print_log_by_code ON print_log (booking_code);
            CREATE INDEX print_log_pending ON print_log (uploaded) WHERE uploaded = 0;
            """, """
            CREATE TABLE allocation (
                id TEXT PRIMARY KEY,
                showtime_id TEXT NOT NULL,
                cinema_id TEXT NOT NULL,
                movie_title TEXT NOT NULL,
                hall_name TEXT NOT NULL,
                starts_at INTEGER NOT NULL,
                sell_until INTEGER NOT NULL,
                returns_at INTEGER NOT NULL,
                prices TEXT NOT NULL,
                taken_at INTEGER NOT NULL
            );
            CREATE TABLE allocated_seat (
                allocation_id TEXT NOT NULL REFERENCES allocation (id) ON DELETE CASCADE,
                seat_id TEXT NOT NULL,
                seat_row TEXT NOT NULL,
                seat_number INTEGER NOT NULL,
                category TEXT NOT NULL,
                PRIMARY KEY (allocation_id, seat_id)
            );
            CREATE TABLE offline_sale (
                sale_id TEXT PRIMARY KEY,
                allocation_id TEXT NOT NULL,
                showtime_id TEXT NOT NULL,
                booking_code TEXT NOT NULL UNIQUE,
                sold_at INTEGER NOT NULL,
                total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
                currency TEXT NOT NULL,
                method TEXT NOT NULL CHECK (method IN ('CASH', 'CARD')),
                data TEXT NOT NULL,
                synced_at INTEGER,
                outcome TEXT CHECK (outcome IS NULL OR outcome IN ('RECORDED', 'ALREADY_RECORDED', 'CONFLICT', 'REJECTED')),
                booking_id TEXT,
                payment_id TEXT,
                message TEXT,
                acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1))
            );
            CREATE INDEX offline_sale_unsynced ON offline_sale (sold_at) WHERE synced_at IS NULL;
            -- A seat this terminal sold offline, once: two sales can never take the same seat.
            CREATE TABLE offline_seat_sold (
                showtime_id TEXT NOT NULL,
                seat_id TEXT NOT NULL,
                sale_id TEXT NOT NULL REFERENCES offline_sale (sale_id),
                PRIMARY KEY (showtime_id, seat_id)
            );
            CREATE TABLE offline_state (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """);

    /** The schema versions (tests build an older file from them). */
    static List<String> migrations() {
        return MIGRATIONS;
    }

    /** Work on the cache's connection inside one transaction, under the cache's lock. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection db) throws SQLException;
    }

    /** Runs {@code work} and commits; rolls back on any failure (a {@code CacheException} for SQL errors). */
    synchronized <T> T inTransaction(String what, SqlWork<T> work) {
        try {
            T result = work.run(db);
            db.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException(what + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private static final String UPSERT = """
            INSERT INTO ticket (id, booking_id, booking_code, cinema_id, showtime_id, film_title, hall_name, seat_id, seat_row,
                                seat_number, category, ticket_type, price_minor, currency, starts_at, qr_payload, state,
                                issued_at, used_at, reprint_count, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                booking_code = excluded.booking_code, film_title = excluded.film_title, hall_name = excluded.hall_name,
                starts_at = excluded.starts_at, qr_payload = excluded.qr_payload, state = excluded.state,
                used_at = excluded.used_at, reprint_count = excluded.reprint_count, updated_at = excluded.updated_at
            -- Revocation is final: no later write (a late page, a kiosk's own sale record) brings a ticket back.
            WHERE ticket.state <> 'REVOKED'
            """;

    /** Counts of one {@link #sync} run. */
    public record SyncResult(int pages, int changes, int stored, int revoked, int pruned, String cursor, Duration took) {}

    /** Where pages come from; {@code backend::syncTickets} is one. */
    @FunctionalInterface
    public interface SyncSource {
        TicketSyncPage page(String cinemaId, String cursor, int limit);
    }

    /** Called after each committed page with the cursor now stored (tests watch the commits of a sync). */
    @FunctionalInterface
    public interface CommitListener {
        void committed(String cursor, int changes);
    }

    private final Path file;
    /** Replaced only by {@link #rebuild}, under this object's lock. */
    private Connection db;
    private final Clock clock;

    private TicketCache(Path file, Connection db, Clock clock) {
        this.file = file;
        this.db = db;
        this.clock = clock;
    }

    /** {@code marquee.kiosk.cache} ({@code MARQUEE_KIOSK_CACHE}), default {@code ~/.marquee/kiosk-cache.db}. */
    public static Path defaultLocation(Config config) {
        return config.find("marquee.kiosk.cache").map(Path::of).orElse(config.dataDir().resolve("kiosk-cache.db"));
    }

    public static TicketCache open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /**
     * Opens the cache, or — when the file is damaged (not a database, corrupt pages, failing its
     * quick check) — moves it aside ({@code <name>.corrupt-<time>}, with its WAL) and starts an
     * empty one, which the next sync fills again. The file and its WAL are readable by this user only.
     */
    public static TicketCache open(Path file, Clock clock) {
        try {
            return new TicketCache(file, connect(file), clock);
        } catch (CacheException e) {
            if (!isCorrupt(e)) throw e;
            Path aside = moveAside(file);
            log.warn("The offline copy {} is damaged ({}); moved it to {} and starting an empty one, which the next sync fills",
                    file, e.getMessage(), aside);
            return new TicketCache(file, connect(file), clock);
        }
    }

    /**
     * {@link #open}, and if even that fails (a directory that cannot be written, a file from a
     * newer app), an empty copy in a private temporary directory, so that a kiosk keeps its pickup
     * and a till starts instead of hanging; the next sync fills it.
     */
    public static TicketCache openOrFallback(Path file) {
        try {
            return open(file);
        } catch (CacheException e) {
            try {
                Path fallback = OwnerOnly.directory(Files.createTempDirectory("marquee-cache")).resolve(file.getFileName());
                log.error("Cannot use the offline copy {} ({}); using an empty one in {} until this is fixed", file, e.getMessage(),
                        fallback);
                return open(fallback);
            } catch (java.io.IOException io) {
                e.addSuppressed(io);
                throw e;
            }
        }
    }

    private static Connection connect(Path file) {
        Connection db = null;
        try {
            db = Sqlite.open(file, Sqlite.Durability.FULL, "foreign_keys=ON");
            try (Statement s = db.createStatement(); ResultSet check = s.executeQuery("PRAGMA quick_check")) {
                String result = check.next() ? check.getString(1) : "no answer";
                if (!"ok".equalsIgnoreCase(result)) throw new CorruptCache("quick check: " + result);
            }
            migrate(db);
            db.setAutoCommit(false);
            Sqlite.restrictSidecars(file);
            log.info("Opened the kiosk cache {} (schema version {})", file, MIGRATIONS.size());
            return db;
        } catch (SQLException | java.io.IOException e) {
            closeQuietly(db);
            throw new CacheException("Cannot open the kiosk cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file failed SQLite's quick check. */
    private static final class CorruptCache extends SQLException {
        CorruptCache(String message) {
            super(message);
        }
    }

    /** SQLITE_CORRUPT (11), SQLITE_NOTADB (26), or a failed quick check, anywhere in the causes. */
    static boolean isCorrupt(Throwable error) {
        for (Throwable walk = error; walk != null; walk = walk.getCause()) {
            if (walk instanceof CorruptCache) return true;
            if (walk instanceof org.sqlite.SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xFF;
                if (primary == 11 || primary == 26) return true;
            }
            if (walk.getCause() == walk) break;
        }
        return false;
    }

    /** Moves a damaged file and its WAL and shared-memory files aside; returns where the file went. */
    private static Path moveAside(Path file) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path aside = Path.of(file.toAbsolutePath() + ".corrupt-" + stamp);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path part = Path.of(file.toAbsolutePath() + suffix);
            try {
                if (Files.exists(part)) Files.move(part, Path.of(aside + suffix), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new CacheException("The offline copy " + file + " is damaged and cannot be moved aside: " + e.getMessage(), e);
            }
        }
        return aside;
    }

    /** A file damaged while open: closed, moved aside and replaced by an empty one (under the lock). */
    private synchronized void rebuild(CacheException cause) {
        log.warn("The offline copy {} was damaged while in use ({}); rebuilding it from the next sync", file, cause.getMessage());
        closeQuietly(db);
        Path aside = moveAside(file);
        db = connect(file);
        log.warn("Damaged offline copy kept as {}", aside);
    }

    private static void closeQuietly(Connection db) {
        Sqlite.closeQuietly(db, "a failed cache connection");
    }

    private static void migrate(Connection db) throws SQLException {
        int version;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("The cache was written by a newer app (schema " + version + "); this app knows " + MIGRATIONS.size());
        }
        db.setAutoCommit(false);
        try {
            for (int v = version; v < MIGRATIONS.size(); v++) {
                try (Statement s = db.createStatement()) {
                    for (String statement : MIGRATIONS.get(v).split(";")) {
                        if (!statement.isBlank()) s.execute(statement);
                    }
                    // user_version is in the file header, written in the same transaction as the tables.
                    s.execute("PRAGMA user_version = " + (v + 1));
                }
                db.commit();
                log.info("Kiosk cache schema migrated to version {}", v + 1);
            }
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    public Path file() {
        return file;
    }

    /** Fetches and stores every change since the stored cursor, page by page, each page committed with its cursor. */
    public SyncResult sync(String cinemaId, SyncSource source) {
        return sync(cinemaId, source, (cursor, changes) -> {});
    }

    public SyncResult sync(String cinemaId, SyncSource source, CommitListener listener) {
        try {
            return syncOnce(cinemaId, source, listener);
        } catch (CacheException e) {
            if (!isCorrupt(e)) throw e;
            // Start over on an empty file: the cursor goes with the old one, so this sync fetches everything.
            rebuild(e);
            return syncOnce(cinemaId, source, listener);
        }
    }

    private SyncResult syncOnce(String cinemaId, SyncSource source, CommitListener listener) {
        long started = System.nanoTime();
        String cursor = cursor(cinemaId).orElse("");
        int pages = 0;
        int changes = 0;
        int stored = 0;
        int revoked = 0;
        boolean more = true;
        while (more) {
            // The network call happens outside the lock: reads (a pickup) are not held up by a slow page.
            TicketSyncPage page = source.page(cinemaId, cursor, SYNC_PAGE_SIZE);
            int[] counts = applyPage(cinemaId, cursor, page);
            pages++;
            changes += page.tickets().size();
            stored += counts[0];
            revoked += counts[1];
            cursor = page.nextCursor();
            listener.committed(cursor, page.tickets().size());
            more = page.hasMore() && !page.tickets().isEmpty();
        }
        int pruned = prune(clock.instant().minus(KEEP_AFTER_START));
        return new SyncResult(pages, changes, stored, revoked, pruned, cursor, Duration.ofNanos(System.nanoTime() - started));
    }

    /** One page and the cursor after it in one transaction; {stored, revoked}. */
    private synchronized int[] applyPage(String cinemaId, String expectedCursor, TicketSyncPage page) {
        try {
            String current = readCursor(cinemaId).orElse("");
            if (!current.equals(expectedCursor)) {
                // Another sync moved on meanwhile (two callers); applying this older page again would be harmless
                // for the rows but would move the cursor back.
                db.rollback();
                throw new CacheException("The sync cursor moved from " + expectedCursor + " to " + current + " during a sync", null);
            }
            Instant keepFrom = clock.instant().minus(KEEP_AFTER_START);
            int stored = 0;
            int revoked = 0;
            try (PreparedStatement upsert = db.prepareStatement(UPSERT)) {
                for (TicketRecord record : page.tickets()) {
                    if (record.state() == TicketState.REVOKED) revoked++;
                    // Old showtimes are skipped, but a revocation is always written: it may concern a row we hold.
                    if (record.ticket().startsAt().isBefore(keepFrom) && record.state() != TicketState.REVOKED) continue;
                    bindTicket(upsert, record);
                    upsert.addBatch();
                    stored++;
                }
                upsert.executeBatch();
            }
            try (PreparedStatement state = db.prepareStatement("""
                    INSERT INTO sync_state (cinema_id, cursor, synced_at) VALUES (?, ?, ?)
                    ON CONFLICT (cinema_id) DO UPDATE SET cursor = excluded.cursor, synced_at = excluded.synced_at""")) {
                state.setString(1, cinemaId);
                state.setString(2, page.nextCursor());
                state.setLong(3, clock.millis());
                state.executeUpdate();
            }
            db.commit();
            return new int[] {stored, revoked};
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Storing a sync page failed: " + e.getMessage(), e);
        }
    }

    private void bindTicket(PreparedStatement s, TicketRecord record) throws SQLException {
        TicketInfo t = record.ticket();
        boolean revoked = record.state() == TicketState.REVOKED;
        s.setString(1, t.id());
        s.setString(2, record.bookingId() == null ? "" : record.bookingId());
        s.setString(3, normaliseCode(t.bookingCode()));
        s.setString(4, record.cinemaId() == null ? "" : record.cinemaId());
        s.setString(5, record.showtimeId() == null ? "" : record.showtimeId());
        s.setString(6, t.filmTitle());
        s.setString(7, t.hallName());
        s.setString(8, t.seatId());
        s.setString(9, t.row());
        s.setInt(10, t.number());
        s.setString(11, t.category().name());
        s.setString(12, t.ticketType().name());
        s.setLong(13, t.price().amountMinor());
        s.setString(14, t.price().currency());
        s.setLong(15, t.startsAt().toEpochMilli());
        s.setString(16, revoked || t.qrPayload() == null ? "" : t.qrPayload());
        s.setString(17, record.state().name());
        setInstant(s, 18, record.issuedAt());
        setInstant(s, 19, record.usedAt());
        s.setInt(20, record.reprintCount());
        s.setLong(21, clock.millis());
    }

    private static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
        if (instant == null) s.setNull(index, Types.INTEGER);
        else s.setLong(index, instant.toEpochMilli());
    }

    /** Tickets fetched online (a pickup) stored as they are, so a later offline reprint finds them. */
    public synchronized void storeTickets(List<TicketRecord> tickets) {
        if (tickets.isEmpty()) return;
        try (PreparedStatement upsert = db.prepareStatement(UPSERT)) {
            for (TicketRecord record : tickets) {
                bindTicket(upsert, record);
                upsert.addBatch();
            }
            upsert.executeBatch();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Storing tickets failed: " + e.getMessage(), e);
        }
    }

    /** A sale this kiosk completed, with its tickets, in one transaction. */
    public synchronized void recordSale(String cinemaId, Hold booking, List<TicketInfo> tickets, OwnSale.PaymentMethod method) {
        try {
            try (PreparedStatement sale = db.prepareStatement("""
                    INSERT INTO own_sale (booking_id, booking_code, showtime_id, sold_at, total_minor, currency, payment_method, tickets)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO NOTHING""")) {
                sale.setString(1, booking.id());
                sale.setString(2, normaliseCode(booking.code()));
                sale.setString(3, booking.showtimeId());
                sale.setLong(4, clock.millis());
                sale.setLong(5, booking.total().amountMinor());
                sale.setString(6, booking.total().currency());
                sale.setString(7, method.name());
                sale.setInt(8, tickets.size());
                sale.executeUpdate();
            }
            try (PreparedStatement upsert = db.prepareStatement(UPSERT)) {
                for (TicketInfo t : tickets) {
                    bindTicket(upsert, new TicketRecord(t, booking.id(), cinemaId, booking.showtimeId(), TicketState.VALID,
                            clock.instant(), null, 0));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            try (PreparedStatement link = db.prepareStatement(
                    "INSERT OR IGNORE INTO own_sale_ticket (booking_id, ticket_id) VALUES (?, ?)")) {
                for (TicketInfo t : tickets) {
                    link.setString(1, booking.id());
                    link.setString(2, t.id());
                    link.addBatch();
                }
                link.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Recording the sale " + booking.code() + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized List<OwnSale> ownSales() {
        return read("SELECT * FROM own_sale ORDER BY sold_at, booking_code", rs -> {
            List<OwnSale> sales = new ArrayList<>();
            while (rs.next()) {
                sales.add(new OwnSale(rs.getString("booking_id"), rs.getString("booking_code"), rs.getString("showtime_id"),
                        Instant.ofEpochMilli(rs.getLong("sold_at")), new Money(rs.getLong("total_minor"), rs.getString("currency")),
                        OwnSale.PaymentMethod.valueOf(rs.getString("payment_method")), rs.getInt("tickets")));
            }
            return sales;
        });
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query, closes it, then ends the read transaction (SQLite cannot commit while a statement is open). */
    private <T> T read(String sql, Rows<T> rows) {
        try {
            T value;
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                value = rows.read(rs);
            }
            db.commit();
            return value;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** A print of a booking's tickets made offline, not yet told to the backend. */
    public record PendingPrint(String id, String bookingCode, boolean duplicate) {}

    /**
     * True when the tickets of this booking were printed before, as far as this device knows: an
     * online print it recorded, an earlier offline print, a sale of its own, or a reprint the
     * backend counted (synced). An offline pickup then prints only DUPLICATEs, as the backend would.
     */
    public synchronized boolean printedBefore(String bookingCode) {
        String code = normaliseCode(bookingCode);
        try (PreparedStatement s = db.prepareStatement("SELECT EXISTS (SELECT 1 FROM print_log WHERE booking_code = ?)"
                + " OR EXISTS (SELECT 1 FROM own_sale WHERE booking_code = ?)"
                + " OR EXISTS (SELECT 1 FROM ticket WHERE booking_code = ? AND reprint_count > 0)")) {
            s.setString(1, code);
            s.setString(2, code);
            s.setString(3, code);
            try (ResultSet rs = s.executeQuery()) {
                boolean printed = rs.next() && rs.getInt(1) == 1;
                db.commit();
                return printed;
            }
        } catch (SQLException e) {
            throw new CacheException("Reading the prints of " + bookingCode + " failed", e);
        }
    }

    /**
     * Records that a booking's tickets were printed. {@code uploaded}: the backend already knows
     * (an online print); otherwise {@link #pendingPrints()} lists it until {@link #printUploaded}.
     * A duplicate also counts on the cached tickets' reprint count, like the backend counts it.
     */
    public synchronized void recordPrint(String id, String bookingCode, boolean duplicate, boolean uploaded) {
        String code = normaliseCode(bookingCode);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO print_log (id, booking_code, printed_at, duplicate, uploaded)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
             PreparedStatement count = db.prepareStatement("UPDATE ticket SET reprint_count = reprint_count + 1"
                     + " WHERE booking_code = ? AND state = 'VALID'")) {
            insert.setString(1, id);
            insert.setString(2, code);
            insert.setLong(3, clock.millis());
            insert.setInt(4, duplicate ? 1 : 0);
            insert.setInt(5, uploaded ? 1 : 0);
            if (insert.executeUpdate() == 1 && duplicate && !uploaded) {
                count.setString(1, code);
                count.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Recording a print of " + bookingCode + " failed", e);
        }
    }

    /** Offline prints the backend has not heard of yet, oldest first. */
    public synchronized List<PendingPrint> pendingPrints() {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT id, booking_code, duplicate FROM print_log WHERE uploaded = 0 ORDER BY printed_at, id")) {
            List<PendingPrint> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) found.add(new PendingPrint(rs.getString(1), rs.getString(2), rs.getInt(3) == 1));
            }
            db.commit();
            return found;
        } catch (SQLException e) {
            throw new CacheException("Reading pending prints failed", e);
        }
    }

    /** The backend counted this offline print (PrintTickets with the print's id as key). */
    public synchronized void printUploaded(String id) {
        try (PreparedStatement s = db.prepareStatement("UPDATE print_log SET uploaded = 1 WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Marking print " + id + " uploaded failed", e);
        }
    }

    /** Every cached ticket of a booking (revoked ones included, so a caller can say why it will not print), by row and seat. */
    public synchronized List<TicketRecord> ticketsByCode(String bookingCode) {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT * FROM ticket WHERE booking_code = ? ORDER BY seat_row, seat_number")) {
            s.setString(1, normaliseCode(bookingCode));
            List<TicketRecord> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) found.add(ticket(rs));
            }
            db.commit();
            return found;
        } catch (SQLException e) {
            throw new CacheException("Reading tickets of " + bookingCode + " failed", e);
        }
    }

    private static TicketRecord ticket(ResultSet rs) throws SQLException {
        TicketInfo info = new TicketInfo(rs.getString("id"), rs.getString("booking_code"), rs.getString("seat_id"),
                rs.getString("seat_row"), rs.getInt("seat_number"), SeatCategory.valueOf(rs.getString("category")),
                TicketType.valueOf(rs.getString("ticket_type")), new Money(rs.getLong("price_minor"), rs.getString("currency")),
                rs.getString("qr_payload"), rs.getString("film_title"), rs.getString("hall_name"),
                Instant.ofEpochMilli(rs.getLong("starts_at")));
        return new TicketRecord(info, rs.getString("booking_id"), rs.getString("cinema_id"), rs.getString("showtime_id"),
                TicketState.valueOf(rs.getString("state")), instant(rs, "issued_at"), instant(rs, "used_at"),
                rs.getInt("reprint_count"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    public synchronized int ticketCount() {
        return queryInt("SELECT count(*) FROM ticket");
    }

    public synchronized Optional<String> cursor(String cinemaId) {
        try {
            Optional<String> cursor = readCursor(cinemaId);
            db.commit();
            return cursor;
        } catch (SQLException e) {
            throw new CacheException("Reading the sync cursor failed", e);
        }
    }

    private Optional<String> readCursor(String cinemaId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT cursor FROM sync_state WHERE cinema_id = ?")) {
            s.setString(1, cinemaId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** When a sync page was last committed, for any cinema (a kiosk has one). */
    public synchronized Optional<Instant> lastSyncedAt() {
        return read("SELECT max(synced_at) FROM sync_state", rs -> {
            long value = rs.getLong(1);
            return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(value));
        });
    }

    /** Drops tickets of showtimes that started before {@code before}; returns how many. */
    public synchronized int prune(Instant before) {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM ticket WHERE starts_at < ?")) {
            s.setLong(1, before.toEpochMilli());
            int deleted = s.executeUpdate();
            db.commit();
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Pruning old tickets failed", e);
        }
    }

    /** Replaces the cached programme in one transaction. */
    public synchronized void saveProgramme(Programme programme) {
        try (Statement clear = db.createStatement()) {
            clear.execute("DELETE FROM seat_map");
            clear.execute("DELETE FROM showtime");
            clear.execute("DELETE FROM film");
            clear.execute("DELETE FROM programme");
            try (PreparedStatement s = db.prepareStatement("INSERT INTO programme (id, cinema, saved_at) VALUES (1, ?, ?)")) {
                s.setString(1, Json.write(programme.cinema()));
                s.setLong(2, programme.savedAt().toEpochMilli());
                s.executeUpdate();
            }
            try (PreparedStatement s = db.prepareStatement("INSERT INTO film (id, position, data) VALUES (?, ?, ?)")) {
                int position = 0;
                for (FilmInfo film : programme.films()) {
                    s.setString(1, film.id());
                    s.setInt(2, position++);
                    s.setString(3, Json.write(film));
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = db.prepareStatement("INSERT INTO showtime (id, starts_at, data) VALUES (?, ?, ?)")) {
                for (ShowtimeInfo showtime : programme.showtimes()) {
                    s.setString(1, showtime.id());
                    s.setLong(2, showtime.startsAt().toEpochMilli());
                    s.setString(3, Json.write(showtime));
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = db.prepareStatement("INSERT INTO seat_map (showtime_id, data) VALUES (?, ?)")) {
                for (Map.Entry<String, SeatMap> map : programme.seatMaps().entrySet()) {
                    s.setString(1, map.getKey());
                    s.setString(2, Json.write(map.getValue()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new CacheException("Saving the programme failed: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<Programme> loadProgramme() {
        try (Statement s = db.createStatement()) {
            CinemaInfo cinema;
            Instant savedAt;
            try (ResultSet rs = s.executeQuery("SELECT cinema, saved_at FROM programme WHERE id = 1")) {
                if (!rs.next()) {
                    db.commit();
                    return Optional.empty();
                }
                cinema = Json.read(rs.getString(1), CinemaInfo.class);
                savedAt = Instant.ofEpochMilli(rs.getLong(2));
            }
            List<FilmInfo> films = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT data FROM film ORDER BY position")) {
                while (rs.next()) films.add(Json.read(rs.getString(1), FilmInfo.class));
            }
            List<ShowtimeInfo> showtimes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT data FROM showtime ORDER BY starts_at, id")) {
                while (rs.next()) showtimes.add(Json.read(rs.getString(1), ShowtimeInfo.class));
            }
            Map<String, SeatMap> maps = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT showtime_id, data FROM seat_map")) {
                while (rs.next()) maps.put(rs.getString(1), Json.read(rs.getString(2), SeatMap.class));
            }
            db.commit();
            return Optional.of(new Programme(cinema, films, showtimes, maps, savedAt));
        } catch (SQLException e) {
            throw new CacheException("Loading the programme failed", e);
        }
    }

    /** {@code PRAGMA integrity_check}: "ok" when the file is sound. */
    public synchronized String integrityCheck() {
        return read("PRAGMA integrity_check", rs -> {
            StringBuilder out = new StringBuilder();
            while (rs.next()) out.append(out.length() == 0 ? "" : "; ").append(rs.getString(1));
            return out.toString();
        });
    }

    /** Bytes on disk: the database file and its WAL. */
    public long sizeOnDisk() {
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path part = Path.of(file.toAbsolutePath() + suffix);
            try {
                if (Files.exists(part)) total += Files.size(part);
            } catch (java.io.IOException e) {
                log.debug("Cannot size {}", part, e);
            }
        }
        return total;
    }

    /** Folds the WAL back into the database file (what a clean shutdown does anyway). */
    public synchronized void checkpoint() {
        try (Statement s = db.createStatement()) {
            db.commit();
            db.setAutoCommit(true);
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new CacheException("WAL checkpoint failed", e);
        } finally {
            try {
                db.setAutoCommit(false);
            } catch (SQLException e) {
                log.warn("Cannot leave autocommit mode on the cache", e);
            }
        }
    }

    synchronized String pragma(String name) {
        return read("PRAGMA " + name, rs -> rs.getString(1));
    }

    private int queryInt(String sql) {
        return read(sql, rs -> rs.getInt(1));
    }

    /** Codes are case-insensitive for people; stored upper case so the index serves every lookup. */
    static String normaliseCode(String code) {
        return code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
    }

    private void rollbackQuietly() {
        Sqlite.rollbackQuietly(db, "the kiosk cache");
    }

    @Override
    public synchronized void close() {
        Sqlite.rollbackAndClose(db, "the kiosk cache");
    }
}
