package marquee.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries on the class path, so that a kiosk or a
 * developer needs nothing installed. The data directory is kept between runs. Each service gets
 * its own login role owning its own schema, so one service cannot read another's tables here
 * either.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (created on first start); port 0 picks a free one.
     * Commits are durable ({@code synchronous_commit=on}) unless
     * {@code MARQUEE_POSTGRES_SYNCHRONOUS_COMMIT=off} trades that for speed.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Config.fromEnvironment().get("marquee.postgres.synchronous.commit", "on"));
    }

    /** As {@link #start(Path, int)} with an explicit {@code synchronous_commit} (tests, which need no durability). */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String synchronousCommit) {
        return start(dataDirectory, port, synchronousCommit,
                Config.fromEnvironment().getBoolean("marquee.postgres.stat.statements", false));
    }

    /**
     * As {@link #start(Path, int, String)}; {@code statStatements} loads {@code pg_stat_statements}
     * (statement counts per query, used to count database round trips per operation).
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String synchronousCommit, boolean statStatements) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            boolean firstStart = !Files.exists(dataDirectory.resolve("PG_VERSION"));
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    // zonky's defaults turn synchronous_commit off: a sold ticket must survive a power cut.
                    .setServerConfig("synchronous_commit", synchronousCommit);
            if (statStatements) builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            if (port > 0) builder.setPort(port);
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL {} on port {} ({} data in {}, {} ms)",
                    firstStart ? "initialised and started" : "started", postgres.getPort(),
                    firstStart ? "new" : "existing", dataDirectory, (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** The superuser's location, for administration and tests. */
    public DatabaseLocation admin() {
        return new DatabaseLocation(jdbcUrl("postgres"), "postgres", "");
    }

    /** Creates (once) the login role and schema of a service and returns where it connects. */
    public DatabaseLocation provisionService(String service) {
        String role = service + "_service";
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') "
                    + "THEN CREATE ROLE " + role + " LOGIN; END IF; END $$");
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + service + " AUTHORIZATION " + role);
            statement.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            statement.execute("REVOKE ALL ON SCHEMA " + service + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot provision the database of service " + service, e);
        }
        return new DatabaseLocation(jdbcUrl("postgres"), role, "");
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
