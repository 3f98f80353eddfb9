package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.platform.db.EmbeddedPostgresServer;
import marquee.server.Backends;
import org.junit.jupiter.api.Test;

/**
 * With the backend's PostgreSQL stopped, every route answers 503 with Retry-After — not 502, not
 * 404 for a showtime it merely could not read — and once PostgreSQL is back the same requests work
 * without restarting anything.
 */
class DatabaseOutageOverHttpTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void whileTheDatabaseIsDownEveryRouteIs503WithRetryAfterAndAfterwardsAllWorks() throws Exception {
        Path dir = Files.createTempDirectory("marquee-gateway-outage");
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
        int pgPort = postgres.port();
        BackendRuntime backend = Backends.startAllInOne(Config.withOverrides(Map.of(
                "marquee.data.dir", dir.toString(), "marquee.port", "0", "marquee.metrics.port", "-1",
                "marquee.db.url", postgres.jdbcUrl("postgres"), "marquee.db.user", "postgres",
                "marquee.demo.data", "true")), BackendRuntime.StartupListener.NONE);
        try (Gateway gateway = Gateway.start(Config.withOverrides(Map.of(
                "marquee.data.dir", dir.toString(), "marquee.gateway.port", "0", "marquee.gateway.host", "127.0.0.1",
                "marquee.metrics.port", "-1", "marquee.gateway.backend", "localhost:" + backend.port(),
                // Longer than the pool's 10 s wait, so the service's own answer comes through.
                "marquee.gateway.deadline", "PT20S",
                // The cached public programme would (rightly) still answer; this test is about the services.
                "marquee.gateway.programme.max.age", "PT0S")))) {
            String login = "{\"email\":\"customer@marquee.demo\",\"password\":\"Customer2026!\"}";
            assertThat(send(gateway, "GET", "/cinemas", null).join().statusCode()).isEqualTo(200);
            assertThat(send(gateway, "POST", "/auth/login", login).join().statusCode()).isEqualTo(200);

            postgres.close();
            awaitDown(postgres.jdbcUrl("postgres"));
            List<CompletableFuture<HttpResponse<String>>> during = List.of(
                    send(gateway, "GET", "/cinemas", null),
                    send(gateway, "POST", "/auth/login", login),
                    send(gateway, "GET", "/showtimes/" + UUID.randomUUID() + "/seats", null));
            for (CompletableFuture<HttpResponse<String>> call : during) {
                HttpResponse<String> response = call.join();
                assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                assertThat(response.body()).contains("UNAVAILABLE");
            }

            postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
            assertThat(send(gateway, "GET", "/cinemas", null).join().statusCode()).isEqualTo(200);
            assertThat(send(gateway, "POST", "/auth/login", login).join().statusCode()).isEqualTo(200);
            assertThat(send(gateway, "GET", "/showtimes/" + UUID.randomUUID() + "/seats", null).join().statusCode()).isEqualTo(404);
        } finally {
            backend.close();
            postgres.close();
        }
    }

    /** "While the database is down" starts when it refuses connections, not when the stop was asked for. */
    private static void awaitDown(String jdbcUrl) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                Thread.sleep(50);
            } catch (java.sql.SQLException refused) {
                return;
            }
        }
        throw new AssertionError("PostgreSQL still accepts connections 30 s after it was stopped");
    }

    private CompletableFuture<HttpResponse<String>> send(Gateway gateway, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
