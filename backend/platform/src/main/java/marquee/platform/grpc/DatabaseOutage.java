package marquee.platform.grpc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises "the database cannot be reached right now" anywhere in an exception's causes: the
 * connection pool timing out, a connection refused or cut, PostgreSQL shutting down, starting up
 * or out of connections. Such a failure says nothing about the request, so it must never become
 * INTERNAL, or NOT_FOUND (a read that failed is not a row that is missing).
 */
public final class DatabaseOutage {
    private DatabaseOutage() {}

    public static boolean isOutage(Throwable error) {
        return find(error) != null;
    }

    static String describe(Throwable error) {
        Throwable found = find(error);
        if (found instanceof SQLException sql) return sql.getSQLState() + " " + sql.getMessage();
        return String.valueOf(found);
    }

    private static Throwable find(Throwable error) {
        Throwable walk = error;
        for (int depth = 0; walk != null && depth < 20; depth++, walk = walk.getCause()) {
            if (walk instanceof SQLTransientConnectionException) return walk; // pool: no connection within its timeout
            if (walk instanceof SQLException sql && isOutageState(sql.getSQLState())) return walk;
            if (walk.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) return walk;
            if (isPoolClosedConnection(walk)) return walk;
            for (Throwable suppressed : walk.getSuppressed()) {
                if (suppressed instanceof SQLException sql && isOutageState(sql.getSQLState())) return suppressed;
            }
            if (walk == walk.getCause()) break;
        }
        return null;
    }

    /**
     * The pool's "Connection is closed" (no SQLSTATE): the pool already evicted that connection
     * because the server cut it, and a rollback in a {@code catch} then hides the original error.
     */
    private static boolean isPoolClosedConnection(Throwable error) {
        if (!(error instanceof SQLException sql) || sql.getSQLState() != null) return false;
        if (!"Connection is closed".equals(sql.getMessage())) return false;
        StackTraceElement[] stack = sql.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("com.zaxxer.hikari.");
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot
     * connect now), 53300 (too many connections).
     */
    static boolean isOutageState(String state) {
        if (state == null) return false;
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300");
    }
}
