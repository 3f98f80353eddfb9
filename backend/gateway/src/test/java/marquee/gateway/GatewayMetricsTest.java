package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway is scraped like every service: requests by method, route pattern and status. */
class GatewayMetricsTest {
    static LiveGateway live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveGateway.get();
    }

    @Test
    void requestsAreCountedByRoutePatternAndStatusNotByRawPath() throws Exception {
        assertThat(live.get("/movies", null).status()).isEqualTo(200);
        assertThat(live.get("/bookings/ACDEFG", null).status()).isEqualTo(401);
        assertThat(live.get("/no/such/route", null).status()).isEqualTo(404);

        assertThat(live.gateway.metricsPort()).isPositive();
        HttpResponse<String> scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + live.gateway.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body())
                .containsPattern("marquee_http_server_seconds_count\\{method=\"GET\",route=\"/movies\",status=\"200\"} [1-9]")
                .containsPattern("marquee_http_server_seconds_count\\{method=\"GET\",route=\"/bookings/:code\",status=\"401\"} [1-9]")
                .containsPattern("marquee_http_server_seconds_count\\{method=\"GET\",route=\"unmatched\",status=\"404\"} [1-9]")
                .doesNotContain("ACDEFG");
    }
}
