package marquee.platform.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModule;
import marquee.platform.auth.BearerToken;
import marquee.platform.config.Config;

/**
 * Real services for a test: a fresh PostgreSQL database, migrations, a gRPC server on a real
 * socket and a channel to it. Nothing is faked.
 */
public final class TestBackend implements AutoCloseable {
    private final BackendRuntime runtime;
    private final ManagedChannel channel;
    private final TestTokens tokens;
    private final String jdbcUrl;
    private final Path dataDir;

    private TestBackend(BackendRuntime runtime, TestTokens tokens, String jdbcUrl, Path dataDir) {
        this.runtime = runtime;
        this.tokens = tokens;
        this.jdbcUrl = jdbcUrl;
        this.dataDir = dataDir;
        this.channel = NettyChannelBuilder.forAddress("localhost", runtime.port()).usePlaintext().build();
    }

    public static TestBackend start(ServiceModule... modules) {
        return start(Map.of(), modules);
    }

    public static TestBackend start(Map<String, String> settings, ServiceModule... modules) {
        try {
            Path dataDir = Files.createTempDirectory("marquee-test");
            String jdbcUrl = TestPostgres.newDatabase();
            Map<String, String> overrides = new HashMap<>();
            overrides.put("marquee.data.dir", dataDir.toString());
            overrides.put("marquee.db.url", jdbcUrl);
            overrides.put("marquee.db.user", "postgres");
            overrides.put("marquee.db.pool.size", "4");
            overrides.put("marquee.metrics.port", "0");
            overrides.putAll(settings);
            TestTokens tokens = new TestTokens(dataDir.resolve("keys"));
            BackendRuntime runtime = BackendRuntime.start(Config.withOverrides(overrides), List.of(modules), 0,
                    BackendRuntime.StartupListener.NONE);
            return new TestBackend(runtime, tokens, jdbcUrl, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the services again on the database and data directory of an earlier backend (which
     * was closed), as a restarted process would find them.
     */
    public static TestBackend restart(TestBackend previous, Map<String, String> settings, ServiceModule... modules) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("marquee.data.dir", previous.dataDir.toString());
        overrides.put("marquee.db.url", previous.jdbcUrl);
        overrides.put("marquee.db.user", "postgres");
        overrides.put("marquee.db.pool.size", "4");
        overrides.put("marquee.metrics.port", "0");
        overrides.putAll(settings);
        BackendRuntime runtime = BackendRuntime.start(Config.withOverrides(overrides), List.of(modules), 0,
                BackendRuntime.StartupListener.NONE);
        return new TestBackend(runtime, previous.tokens, previous.jdbcUrl, previous.dataDir);
    }

    public ManagedChannel channel() {
        return channel;
    }

    public TestTokens tokens() {
        return tokens;
    }

    public BackendRuntime runtime() {
        return runtime;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A stub that calls with the given token, and a deadline. */
    public static <S extends AbstractStub<S>> S as(S stub, String token) {
        S withDeadline = stub.withDeadlineAfter(10, TimeUnit.SECONDS);
        return token == null ? withDeadline : withDeadline.withCallCredentials(new BearerToken(token));
    }

    /** Runs a query returning one number, as the superuser, for assertions about stored rows. */
    public long count(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of every table of a schema, as text, to prove a failed call changed nothing. */
    public String snapshot(String schema) {
        StringBuilder out = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema + "' AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
                while (rows.next()) tables.add(rows.getString(1));
            }
            for (String table : tables) {
                // Event bookkeeping moves on in the background (the relay marks events published,
                // consumers record what they handled); what a call writes is the event itself.
                if (table.equals("consumed_events")) continue;
                String row = table.equals("outbox") ? "(t.id, t.type, t.event_key, t.payload)::text" : "t::text";
                out.append("## ").append(table).append('\n');
                try (ResultSet rows = statement.executeQuery("SELECT " + row + " FROM " + schema + "." + table + " t ORDER BY 1")) {
                    while (rows.next()) out.append(rows.getString(1)).append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
    }
}
