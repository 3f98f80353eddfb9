package marquee.kiosk.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import marquee.kiosk.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every SQLite file of the app does the same way: open it owner-only in WAL mode with the
 * durability the caller asks for, and roll back or close a connection without letting a failure
 * there hide the error that led to it. The kiosk's offline copy ({@link TicketCache}, with the
 * till's offline sales journal in it) and the door's scan journal use it.
 */
public final class Sqlite {
    private static final Logger log = LoggerFactory.getLogger(Sqlite.class);

    /** {@code PRAGMA synchronous}: FULL syncs the WAL on every commit, NORMAL only at checkpoints. */
    public enum Durability { NORMAL, FULL }

    private Sqlite() {}

    /**
     * Opens {@code file} (created owner-only with its directory if needed) in WAL mode with the
     * given durability and a 5 s busy timeout, then runs {@code pragmas} (e.g. "foreign_keys=ON").
     * The connection is in auto-commit; a failure closes it.
     */
    public static Connection open(Path file, Durability durability, String... pragmas) throws SQLException, IOException {
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) Files.createDirectories(parent);
        OwnerOnly.file(absolute);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + absolute);
        try (Statement s = db.createStatement()) {
            try (ResultSet mode = s.executeQuery("PRAGMA journal_mode=WAL")) {
                mode.next();
                if (!"wal".equalsIgnoreCase(mode.getString(1))) throw new SQLException("WAL journal refused: " + mode.getString(1));
            }
            s.execute("PRAGMA synchronous=" + durability.name());
            s.execute("PRAGMA busy_timeout=5000");
            for (String pragma : pragmas) s.execute("PRAGMA " + pragma);
            return db;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(db, absolute.toString());
            throw e;
        }
    }

    /** The WAL and shared-memory files next to {@code file}: readable by this user only (after they exist). */
    public static void restrictSidecars(Path file) throws IOException {
        for (String suffix : new String[] {"-wal", "-shm"}) OwnerOnly.restrict(Path.of(file.toAbsolutePath() + suffix));
    }

    /** Rolls back the open transaction; a failure is logged (the caller is already handling an error). */
    public static void rollbackQuietly(Connection db, String what) {
        if (db == null) return;
        try {
            db.rollback();
        } catch (SQLException e) {
            log.warn("Rollback of {} failed", what, e);
        }
    }

    /** Closes the connection; a failure is logged. */
    public static void closeQuietly(Connection db, String what) {
        if (db == null) return;
        try {
            db.close();
        } catch (SQLException e) {
            log.debug("Closing {} failed", what, e);
        }
    }

    /** At shutdown: whatever is uncommitted is rolled back, then the connection is closed. */
    public static void rollbackAndClose(Connection db, String what) {
        if (db == null) return;
        try {
            if (!db.getAutoCommit()) db.rollback();
        } catch (SQLException e) {
            log.warn("Rollback of {} before closing failed", what, e);
        }
        try {
            db.close();
        } catch (SQLException e) {
            log.warn("Closing {} failed", what, e);
        }
    }
}
