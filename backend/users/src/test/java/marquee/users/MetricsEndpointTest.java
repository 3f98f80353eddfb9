package marquee.users;

import static marquee.platform.testing.TestBackend.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint of a real runtime: per-method gRPC timers by status, pool and JVM metrics. */
class MetricsEndpointTest {
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.users.bcrypt.strength", "6"), ServiceModules.byName("users"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void scrapeShowsCallsByMethodAndCodeAndPoolAndJvm() throws Exception {
        var users = as(UsersServiceGrpc.newBlockingStub(backend.channel()), null);
        users.register(RegisterRequest.newBuilder().setEmail("m" + UUID.randomUUID().toString().substring(0, 8) + "@example.com")
                .setPassword("correct horse 42").setDisplayName("Metric").build());
        assertThatThrownBy(() -> users.register(RegisterRequest.newBuilder().setEmail("not-an-email")
                .setPassword("long enough 123").setDisplayName("X").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        int port = backend.runtime().metricsPort();
        assertThat(port).isPositive();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        List<String> lines = response.body().lines().toList();

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("marquee_grpc_server_seconds_count{")
                .contains("service=\"marquee.users.v1.UsersService\"", "method=\"Register\"", "code=\"OK\"")
                .matches(".* 1(\\.0)?$"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("marquee_grpc_server_seconds_count{")
                .contains("method=\"Register\"", "code=\"INVALID_ARGUMENT\"")
                .matches(".* 1(\\.0)?$"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("marquee_grpc_server_seconds_bucket{")
                .contains("method=\"Register\"", "code=\"OK\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("hikaricp_connections{")
                .contains("pool=\"users-db\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("jvm_memory_used_bytes{"));
    }
}
