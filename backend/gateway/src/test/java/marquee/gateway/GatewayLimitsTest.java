package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Abuse limits over real HTTP: the gateway's own per-address limit on sign-in and registration
 * (429 with Retry-After, honouring X-Forwarded-For only from a trusted ingress), and the users
 * service's RESOURCE_EXHAUSTED coming through as 429 with its Retry-After.
 */
class GatewayLimitsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Gateway tightGateway(LiveGateway live, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "marquee.data.dir", live.dataDir.toString(),
                "marquee.gateway.port", "0",
                "marquee.gateway.host", "127.0.0.1",
                "marquee.metrics.port", "-1",
                "marquee.gateway.backend", "localhost:" + live.backend.port(),
                "marquee.limits.exempt.loopback", "false",
                "marquee.gateway.limits.signin.per.address", "3/1m",
                "marquee.gateway.limits.register.per.address", "2/1h"));
        settings.putAll(more);
        return Gateway.start(Config.withOverrides(settings));
    }

    private HttpResponse<String> post(Gateway gateway, String path, String body, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) request.header("X-Forwarded-For", forwardedFor);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String wrongLogin() {
        return "{\"email\":\"nobody-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com\",\"password\":\"wrong pass 1\"}";
    }

    @Test
    void signInFloodFromOneAddressGets429WithRetryAfter() throws Exception {
        try (Gateway gateway = tightGateway(LiveGateway.get(), Map.of())) {
            for (int i = 0; i < 3; i++) assertThat(post(gateway, "/auth/login", wrongLogin(), null).statusCode()).isEqualTo(401);
            HttpResponse<String> refused = post(gateway, "/auth/login", wrongLogin(), null);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("RESOURCE_EXHAUSTED").contains("Too many sign-in attempts");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            // A forged X-Forwarded-For does not give a direct client a fresh allowance.
            assertThat(post(gateway, "/auth/login", wrongLogin(), "203.0.113.50").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void behindATrustedIngressEachForwardedClientHasItsOwnAllowance() throws Exception {
        try (Gateway gateway = tightGateway(LiveGateway.get(), Map.of("marquee.gateway.trusted.proxies", "127.0.0.1"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(gateway, "/auth/login", wrongLogin(), "198.51.100.1").statusCode()).isEqualTo(401);
            }
            assertThat(post(gateway, "/auth/login", wrongLogin(), "198.51.100.1").statusCode()).isEqualTo(429);
            assertThat(post(gateway, "/auth/login", wrongLogin(), "198.51.100.2").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theGatewayTellsTheUsersServiceWhoTheClientIsSoItsLimitsCountPerWebClient() throws Exception {
        // The users service alone, limiting per address, trusting loopback (the gateway here) as a proxy.
        try (var users = marquee.platform.testing.TestBackend.start(Map.of(
                        "marquee.users.bcrypt.strength", "4",
                        "marquee.limits.exempt.loopback", "false",
                        "marquee.limits.signin.per.address", "2/1m",
                        "marquee.limits.signin.per.account", "off"), marquee.platform.ServiceModules.byName("users"));
             Gateway gateway = Gateway.start(Config.withOverrides(Map.of(
                     "marquee.data.dir", users.dataDir().toString(), "marquee.gateway.port", "0",
                     "marquee.gateway.host", "127.0.0.1", "marquee.metrics.port", "-1",
                     "marquee.gateway.backend", "localhost:" + users.runtime().port(),
                     "marquee.gateway.trusted.proxies", "127.0.0.1",
                     "marquee.gateway.limits.signin.per.address", "off")))) {
            for (int i = 0; i < 2; i++) {
                assertThat(post(gateway, "/auth/login", wrongLogin(), "198.51.100.7").statusCode()).isEqualTo(401);
            }
            HttpResponse<String> refused = post(gateway, "/auth/login", wrongLogin(), "198.51.100.7");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("from this address");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // Another web client behind the same gateway is not affected.
            assertThat(post(gateway, "/auth/login", wrongLogin(), "198.51.100.8").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void registrationFloodGets429() throws Exception {
        try (Gateway gateway = tightGateway(LiveGateway.get(), Map.of())) {
            for (int i = 0; i < 2; i++) {
                String body = "{\"email\":\"flood-" + UUID.randomUUID().toString().substring(0, 8)
                        + "@example.com\",\"password\":\"flood pass 1\",\"displayName\":\"Flood\"}";
                assertThat(post(gateway, "/auth/register", body, null).statusCode()).isEqualTo(201);
            }
            HttpResponse<String> refused = post(gateway, "/auth/register",
                    "{\"email\":\"flood-x@example.com\",\"password\":\"flood pass 1\",\"displayName\":\"Flood\"}", null);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isGreaterThan(60L);
        }
    }

    @Test
    void theServicesLockoutComesThroughAs429WithItsRetryAfter() throws Exception {
        LiveGateway live = LiveGateway.get();
        String email = "locked-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(live.post("/auth/register", "{\"email\":\"" + email + "\",\"password\":\"right pass 1\",\"displayName\":\"L\"}",
                null).status()).isEqualTo(201);
        String wrong = "{\"email\":\"" + email + "\",\"password\":\"wrong pass 1\"}";
        LiveGateway.Response last = null;
        for (int i = 0; i < 7 && (last == null || last.status() != 429); i++) last = live.post("/auth/login", wrong, null);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.body()).contains("Too many failed sign-ins");
        assertThat(Long.parseLong(last.headers().get("retry-after").get(0))).isBetween(1L, 15 * 60L);
    }
}
