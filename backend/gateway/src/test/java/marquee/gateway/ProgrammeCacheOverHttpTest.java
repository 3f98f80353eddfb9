package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import marquee.platform.auth.BearerToken;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import org.junit.jupiter.api.Test;

/**
 * The public programme routes carry Cache-Control max-age and an ETag, answer 304 to a matching
 * If-None-Match, are never cached for a signed-in caller, and show a change within max-age.
 */
class ProgrammeCacheOverHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (header != null) request.header(header, value);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theProgrammeIsCachedWithAnETagRevalidatedWith304AndRefreshedWithinMaxAge() throws Exception {
        LiveGateway live = LiveGateway.get();
        try (Gateway gateway = Gateway.start(live.config.plus(Map.of("marquee.gateway.programme.max.age", "PT2S",
                "marquee.metrics.port", "-1")))) {
            int port = gateway.port();
            HttpResponse<String> first = get(port, "/cinemas", null, null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).startsWith("\"").endsWith("\"");

            HttpResponse<String> again = get(port, "/cinemas", "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(get(port, "/cinemas", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);

            // Movies and showtimes too, each query its own entry.
            HttpResponse<String> movies = get(port, "/movies", null, null);
            assertThat(movies.statusCode()).isEqualTo(200);
            assertThat(movies.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
            assertThat(movies.headers().firstValue("ETag")).isPresent();

            // A signed-in caller's answer is never shared or stored.
            String manager = live.login("manager@marquee.demo", "Manager2026!");
            HttpResponse<String> signedIn = get(port, "/cinemas", "Authorization", "Bearer " + manager);
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(signedIn.headers().firstValue("ETag")).isEmpty();
            // Nor are errors.
            HttpResponse<String> bad = get(port, "/movies?date=2026-01-01&date=2026-01-02", null, null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Cache-Control")).hasValue("no-store");

            // A new cinema shows within max-age (2 s), with a new ETag.
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", live.backend.port()).usePlaintext().build();
            try {
                TheatersServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(manager))
                        .createCinema(CreateCinemaRequest.newBuilder().setName("Zz Cache Test Cinema").setAddress("1 Main St")
                                .setCity("Berlin").setTimeZone("Europe/Berlin").setCurrency("EUR").build());
            } finally {
                channel.shutdownNow();
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            HttpResponse<String> later;
            do {
                Thread.sleep(250);
                later = get(port, "/cinemas", "If-None-Match", etag);
            } while (later.statusCode() == 304 && System.nanoTime() < deadline);
            assertThat(later.statusCode()).isEqualTo(200);
            assertThat(later.body()).contains("Zz Cache Test Cinema");
            assertThat(later.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        }
    }
}
