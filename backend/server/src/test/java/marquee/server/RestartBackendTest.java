package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import org.junit.jupiter.api.Test;

/** A second start on the same data directory: migrations find an up-to-date schema, demo data is not loaded twice. */
class RestartBackendTest {
    @Test
    void secondStartReusesTheMigratedDatabaseAndKeepsTheDemoDataOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("marquee-restart");
        Config config = Config.withOverrides(Map.of("marquee.data.dir", dataDir.toString(), "marquee.port", "0"));
        long migrationsAfterFirstStart;
        try (BackendRuntime first = Backends.startAllInOne(config, BackendRuntime.StartupListener.NONE)) {
            migrationsAfterFirstStart = migrations(first);
            assertThat(cinemas(first)).isEqualTo(2);
        }
        try (BackendRuntime second = Backends.startAllInOne(config, BackendRuntime.StartupListener.NONE)) {
            assertThat(migrations(second)).isEqualTo(migrationsAfterFirstStart);
            assertThat(cinemas(second)).isEqualTo(2);
        }
    }

    private static int cinemas(BackendRuntime runtime) {
        var channel = NettyChannelBuilder.forAddress("localhost", runtime.port()).usePlaintext().build();
        try {
            return TheatersServiceGrpc.newBlockingStub(channel).listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasCount();
        } finally {
            channel.shutdownNow();
        }
    }

    private static long migrations(BackendRuntime runtime) throws Exception {
        var admin = runtime.databases().embedded().admin();
        long total = 0;
        try (var connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), "");
             var statement = connection.createStatement()) {
            for (String schema : new String[] {"users", "theaters", "movies"}) {
                try (var rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")) {
                    rows.next();
                    total += rows.getLong(1);
                }
            }
        }
        return total;
    }
}
