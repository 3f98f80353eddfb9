package marquee.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import marquee.platform.errors.UnavailableException;
import marquee.platform.grpc.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a plain-JDBC store runs its work: {@link #inTransaction} (a transaction, committed
 * when the work returns, rolled back when it throws, run again when PostgreSQL aborts it for a
 * serialization failure or a deadlock) and {@link #autocommit} (one connection, each statement its
 * own transaction — the right choice for work of one statement, which then costs one round trip).
 *
 * <p>Failures come out the same way for every store: the work's own runtime exceptions (domain
 * refusals) as they were thrown; a database that cannot be reached as {@link UnavailableException}
 * (the JDBC error is logged; never INTERNAL, never a missing row), as {@link ServiceDatabase}
 * does for Hibernate work; any other SQL failure as an {@link IllegalStateException} naming what
 * was being done.
 */
public final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    /** Runs of a unit of work before a serialization failure or deadlock is given up on. */
    static final int ATTEMPTS = 5;

    /** Work on a connection; it may throw {@link SQLException} and runtime exceptions. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource db;
    private final String store;

    /** {@code store} names the store in error messages ("payments", "tickets" …). */
    public Transactions(DataSource db, String store) {
        this.db = db;
        this.store = store;
    }

    public DataSource dataSource() {
        return db;
    }

    /**
     * Runs the work in one transaction. The work may run more than once (after a serialization
     * failure or deadlock, which PostgreSQL rolled back entirely), so it must do nothing outside the
     * database that it cannot repeat.
     */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
            } catch (SQLException e) {
                if (retryable(e) && attempt < ATTEMPTS) {
                    log.debug("{} transaction attempt {} aborted ({}); running it again", store, attempt, e.getSQLState());
                    continue;
                }
                throw translate(e);
            }
        }
    }

    /** Runs the work on one connection in autocommit: each statement is its own transaction. */
    public <T> T autocommit(Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Whether PostgreSQL aborted the transaction so that running it again may succeed. */
    public static boolean retryable(SQLException e) {
        for (SQLException walk = e; walk != null; walk = walk.getNextException()) {
            String state = walk.getSQLState();
            if ("40001".equals(state) || "40P01".equals(state)) return true;
        }
        return false;
    }

    /** The runtime exception a failed SQL call becomes (see the class comment). */
    public RuntimeException translate(SQLException e) {
        if (DatabaseOutage.isOutage(e)) {
            // A domain exception carries no cause, so what the driver said is logged here.
            log.warn("The {} database is unreachable: {} {}", store, e.getSQLState(), e.getMessage());
            return new UnavailableException("the " + store + " database could not answer; try again");
        }
        return new IllegalStateException(store + " database error: " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            // The connection is gone (an outage): the server rolled back already; keep the first error.
            failure.addSuppressed(rollbackFailed);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // A broken connection is evicted by the pool.
        }
    }
}
