package marquee.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static HttpResponse<String> get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endpointServesJvmAndDomainMetricsAsPrometheusText() throws Exception {
        try (Metrics metrics = new Metrics()) {
            metrics.registry().counter("marquee.test.events", "kind", "demo").increment(3);
            int port = metrics.startHttp("", 0);
            assertThat(port).isPositive();
            HttpResponse<String> response = get(port);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(response.body()).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads",
                    "marquee_test_events_total{kind=\"demo\"} 3");
        }
    }

    @Test
    void negativePortDisablesTheEndpoint() {
        try (Metrics metrics = new Metrics()) {
            assertThat(metrics.startHttp("", -1)).isEqualTo(-1);
        }
    }
}
