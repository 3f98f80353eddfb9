package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.Test;

/** Two instances of a service behind client-side round robin: stopping one mid-run loses no call. */
class FailoverTest {
    @Test
    void callsKeepSucceedingWhenOneOfTwoInstancesStops() {
        Map<String, String> fast = Map.of("marquee.users.bcrypt.strength", "4");
        try (TestBackend first = TestBackend.start(fast, ServiceModules.byName("users"))) {
            Map<String, String> settings = new HashMap<>(fast);
            settings.put("marquee.db.url", first.jdbcUrl());
            settings.put("marquee.db.user", "postgres");
            settings.put("marquee.data.dir", first.dataDir().toString());
            settings.put("marquee.metrics.port", "0");
            BackendRuntime second = BackendRuntime.start(Config.withOverrides(settings), ServiceModules.load(List.of("users")), 0,
                    BackendRuntime.StartupListener.NONE);
            ManagedChannel channel = Channels.build("list:///localhost:" + first.runtime().port() + ",localhost:" + second.port());
            try {
                var users = UsersServiceGrpc.newBlockingStub(channel);
                for (int i = 0; i < 20; i++) register(users);
                // Round robin: both instances took calls.
                assertThat(registrations(first.runtime())).isPositive();
                assertThat(registrations(second)).isPositive();

                second.close();
                for (int i = 0; i < 30; i++) register(users);

                assertThat(first.count("SELECT count(*) FROM users.account WHERE email LIKE 'failover-%'")).isEqualTo(50);
            } finally {
                channel.shutdownNow();
                second.close();
            }
        }
    }

    /** Registrations this instance answered, from its own Prometheus endpoint. */
    private static double registrations(BackendRuntime runtime) {
        try {
            String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + runtime.metricsPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(line -> line.startsWith("marquee_grpc_server_seconds_count")
                            && line.contains("method=\"Register\"") && line.contains("code=\"OK\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void register(UsersServiceGrpc.UsersServiceBlockingStub users) {
        users.withDeadlineAfter(10, TimeUnit.SECONDS).withWaitForReady().register(RegisterRequest.newBuilder()
                .setEmail("failover-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com")
                .setPassword("failover pass 1").setDisplayName("Failover").build());
    }
}
