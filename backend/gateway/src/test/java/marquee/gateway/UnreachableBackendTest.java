package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

/** Without a backend the gateway answers 503 JSON; gRPC codes map to HTTP as documented. */
class UnreachableBackendTest {

    @Test
    void aMissingBackendIs503Json() throws Exception {
        try (Gateway gateway = Gateway.start(Config.withOverrides(Map.of(
                "marquee.gateway.port", "0", "marquee.gateway.host", "127.0.0.1",
                "marquee.gateway.backend", "localhost:1", "marquee.gateway.deadline", "PT2S")))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/cinemas")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).startsWith("{\"error\":\"UNAVAILABLE\",\"message\":");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        }
    }

    @Test
    void grpcStatusesMapToHttp() {
        Map<Status.Code, Integer> expected = Map.ofEntries(
                Map.entry(Status.Code.INVALID_ARGUMENT, 400), Map.entry(Status.Code.NOT_FOUND, 404),
                Map.entry(Status.Code.ALREADY_EXISTS, 409), Map.entry(Status.Code.FAILED_PRECONDITION, 409),
                Map.entry(Status.Code.ABORTED, 409), Map.entry(Status.Code.PERMISSION_DENIED, 403),
                Map.entry(Status.Code.UNAUTHENTICATED, 401), Map.entry(Status.Code.RESOURCE_EXHAUSTED, 429),
                Map.entry(Status.Code.UNAVAILABLE, 503), Map.entry(Status.Code.DEADLINE_EXCEEDED, 503),
                Map.entry(Status.Code.INTERNAL, 502), Map.entry(Status.Code.UNKNOWN, 502),
                Map.entry(Status.Code.DATA_LOSS, 502), Map.entry(Status.Code.UNIMPLEMENTED, 502));
        expected.forEach((code, http) -> {
            HttpError error = GrpcErrors.toHttp(code.toStatus().withDescription("secret detail").asRuntimeException());
            assertThat(error.status).as(code.name()).isEqualTo(http);
            if (http == 502) assertThat(error.getMessage()).doesNotContain("secret detail");
        });
    }
}
