package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.auth.TokenVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal is JSON {error, message} with the right status, and never a 5xx. */
class RefusalsOverHttpTest {
    static LiveGateway live;
    static String customer;

    @BeforeAll
    static void start() throws Exception {
        live = LiveGateway.get();
        customer = live.login("customer@marquee.demo", "Customer2026!");
    }

    static void assertError(LiveGateway.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status).isLessThan(500);
        assertThat(response.headers().get("content-type")).anySatisfy(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.string("error")).as(response.toString()).isNotBlank();
        assertThat(response.json().getFieldsMap()).containsKey("message");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static String path(Route route) {
        return route.pattern().replaceAll(":[A-Za-z_]+", "00000000-0000-0000-0000-000000000000");
    }

    static String token(KeyPair keys, Instant expires) {
        return Jwts.builder()
                .issuer(TokenVerifier.ISSUER)
                .subject(UUID.randomUUID().toString())
                .claim("role", "CUSTOMER").claim("cinema", "").claim("name", "Someone")
                .issuedAt(Date.from(expires.minusSeconds(7200)))
                .expiration(Date.from(expires))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
    }

    @Test
    void everyProtectedRouteRefusesAMissingBadExpiredOrForgedToken() throws Exception {
        KeyPair real = Ed25519Keys.loadOrCreate(live.config.keysDir(), TokenVerifier.SIGNING_KEY_NAME);
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String expired = token(real, Instant.now().minusSeconds(60));
        String forged = token(other, Instant.now().plusSeconds(3600));
        List<Route> protectedRoutes = live.gateway.routes().stream().filter(r -> !r.open()).toList();
        assertThat(protectedRoutes).hasSizeGreaterThanOrEqualTo(10);
        for (Route route : protectedRoutes) {
            String body = route.method().equals("POST") ? "{}" : null;
            for (String token : new String[] {null, "garbage", "a.b.c", expired, forged}) {
                var response = live.send(route.method(), path(route), body, token);
                assertError(response, 401);
                assertThat(response.string("error")).isEqualTo("UNAUTHENTICATED");
            }
        }
        var expiredResponse = live.get("/me", expired);
        assertThat(expiredResponse.string("message")).contains("expired");
        // A valid token signed with the real key passes the gateway (the user does not exist: 404 from users).
        var valid = live.get("/me", token(real, Instant.now().plusSeconds(600)));
        assertThat(valid.status()).as(valid.toString()).isNotEqualTo(401).isLessThan(500);
    }

    @Test
    void openRoutesNeedNoTokenAndIgnoreAStaleOne() throws Exception {
        assertThat(live.get("/cinemas", null).status()).isEqualTo(200);
        assertThat(live.get("/cinemas", "garbage").status()).isEqualTo(200);
        assertThat(live.get("/movies", null).status()).isEqualTo(200);
        assertThat(live.get("/openapi.json", null).status()).isEqualTo(200);
    }

    @Test
    void malformedJsonWrongTypesAndUnknownFieldsAre400() throws Exception {
        String[] bad = {
                "{",                                           // malformed
                "not json",
                "[1,2]",                                       // not an object
                "{\"email\": 5, \"password\": {}}",            // wrong types
                "{\"email\":\"a@b.c\",\"password\":\"x\",\"admin\":true}", // unknown field
                "{\"email\":\"a@b.c\",\"email\":\"d@e.f\"}",   // duplicate
        };
        for (String body : bad) {
            assertError(live.post("/auth/login", body, null), 400);
            assertError(live.post("/auth/register", body, null), 400);
            assertError(live.post("/reservations", body, customer), 400);
            assertError(live.post("/payments/charge", body, customer), 400);
        }
        assertError(live.post("/reservations", "{\"showtime_id\":\"x\",\"seats\":[{\"seat_id\":\"A1\",\"ticket_type\":\"DRAGON\"}]}", customer), 400);
        assertError(live.post("/showtimes/x/suggestions", "{\"count\":\"many\"}", customer), 400);
        assertError(live.post("/showtimes/x/suggestions", "{\"count\":true}", customer), 400);
        assertError(live.post("/auth/login", "{\"email\":5,\"password\":\"Customer2026!\"}", null), 400);
        assertError(live.post("/auth/login", "{\"email\":[\"a\"],\"password\":\"x\"}", null), 400);
        assertError(live.post("/reservations", "{\"showtimeId\":\"x\",\"seats\":{\"seatId\":\"A1\"}}", customer), 400);
        assertError(live.post("/reservations", "{\"showtimeId\":\"x\",\"seats\":[\"A1\"]}", customer), 400);
        assertError(live.post("/payments/charge", "{\"bookingId\":\"x\",\"payment\":{\"card\":{\"number\":4242424242424242}}}", customer), 400);
        var typed = live.post("/auth/login", "{\"email\":true,\"password\":\"x\"}", null);
        assertThat(typed.string("message")).contains("email must be a string");
        assertError(live.send("POST", "/auth/login", new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}, null), 400);
        assertError(live.get("/showtimes?days=abc", null), 400);
        assertError(live.get("/showtimes?unknown=1", null), 400);
        assertError(live.get("/movies?date=2026-01-01&date=2026-01-02", null), 400);
    }

    @Test
    void aBodyOver64KiBIs413() throws Exception {
        String padding = "x".repeat(100 * 1024);
        String body = "{\"email\":\"" + padding + "\",\"password\":\"y\"}";
        assertError(live.post("/auth/login", body, null), 413);
        assertError(live.post("/reservations", body, customer), 413);
        // and the gateway still serves afterwards
        assertThat(live.get("/cinemas", null).status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertError(live.get("/nope", null), 404);
        assertError(live.get("/", null), 404);
        assertError(live.get("/bookings/a/b/c/d", customer), 404);
        var wrongMethod = live.send("PUT", "/cinemas", "{}", null);
        assertError(wrongMethod, 405);
        assertThat(wrongMethod.headers().get("allow")).containsExactly("GET");
        assertError(live.send("DELETE", "/auth/login", (String) null, null), 405);
    }

    @Test
    void backendRefusalsMapToHttp() throws Exception {
        var badLogin = live.post("/auth/login", "{\"email\":\"customer@marquee.demo\",\"password\":\"wrong-password1\"}", null);
        assertError(badLogin, 401);
        var missing = live.get("/bookings/ACDEF3", customer);
        assertThat(missing.status()).as(missing.toString()).isIn(403, 404);
        assertError(missing, missing.status());
        assertError(live.get("/bookings/NOSUCHCODE", customer), 400);
        var badHold = live.post("/reservations", "{\"showtime_id\":\"not-a-showtime\",\"seats\":[]}", customer);
        assertThat(badHold.status()).as(badHold.toString()).isIn(400, 404);
        assertError(badHold, badHold.status());
        var duplicate = live.post("/auth/register",
                "{\"email\":\"customer@marquee.demo\",\"password\":\"Secret2026pw\",\"display_name\":\"Dup\"}", null);
        assertError(duplicate, 409);
    }
}
