package marquee.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.platform.db.EmbeddedPostgresServer;

/**
 * One real PostgreSQL server per test JVM (started on first use) and a fresh, empty database
 * for every test backend, so test classes never see each other's rows.
 */
public final class TestPostgres {
    private static final AtomicInteger databases = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {}

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("marquee-test-pg");
                // Test databases are thrown away: durable commits would only slow the suite down.
                // pg_stat_statements lets tests count database round trips per operation.
                server = EmbeddedPostgresServer.start(dir.resolve("data"), 0, "off", true);
                EmbeddedPostgresServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}). */
    public static String newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(server().jdbcUrl("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database", e);
        }
        return server().jdbcUrl(name);
    }
}
