package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.platform.auth.BearerToken;
import marquee.platform.grpc.Channels;
import marquee.server.DemoData;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.Role;
import marquee.users.v1.UsersServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Taking access back through the gateway: a manager disables an account and gives a kiosk a new
 * secret over HTTP; the account's token stops working on the gateway's routes within the bound.
 */
class AccessOverHttpTest {
    static LiveGateway live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveGateway.get();
    }

    @Test
    void aManagerDisablesACustomerAndTheTokenStopsWorking() throws Exception {
        String email = "leaver-" + UUID.randomUUID() + "@example.com";
        var registered = live.post("/auth/register", "{\"email\":\"" + email + "\",\"password\":\"Leaving2026!\",\"displayName\":\"Leaver\"}", null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String id = registered.string("id");
        String token = live.login(email, "Leaving2026!");
        assertThat(live.get("/me/bookings", token).status()).isEqualTo(200);

        String cashier = live.post("/auth/login", "{\"email\":\"" + DemoData.CASHIER_EMAIL + "\",\"password\":\""
                + DemoData.CASHIER_PASSWORD + "\"}", null).string("accessToken");
        assertThat(live.post("/admin/accounts/" + id + "/disable", "{}", cashier).status()).isEqualTo(403);
        assertThat(live.post("/admin/accounts/" + id + "/disable", "{}", null).status()).isEqualTo(401);

        String manager = live.login(DemoData.MANAGER_EMAIL, DemoData.MANAGER_PASSWORD);
        long started = System.nanoTime();
        var disabled = live.post("/admin/accounts/" + id + "/disable", "{\"reason\":\"account closed on request\"}", manager);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().getFieldsOrThrow("disabled").getBoolValue()).isTrue();
        // Within the revocation bound (MARQUEE_AUTH_REVOCATION_POLL, 10 s by default) every service refuses it.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> live.get("/me/bookings", token).status() == 401);
        System.out.println("disabled customer's token refused over HTTP after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        assertThat(live.post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"Leaving2026!\"}", null).status())
                .isEqualTo(401);

        var enabled = live.post("/admin/accounts/" + id + "/enable", "", manager);
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(live.post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"Leaving2026!\"}", null).status())
                .isEqualTo(200);
        assertThat(live.post("/admin/staff/nobody-here/disable", "{}", manager).status()).isEqualTo(404);
    }

    @Test
    void aManagerRotatesAKioskSecretOverHttp() throws Exception {
        String manager = live.login(DemoData.MANAGER_EMAIL, DemoData.MANAGER_PASSWORD);
        String cinema = live.get("/cinemas", null).json().getFieldsOrThrow("cinemas").getListValue().getValues(0)
                .getStructValue().getFieldsOrThrow("id").getStringValue();
        String device = "kiosk-rotate-" + UUID.randomUUID().toString().substring(0, 8);
        ManagedChannel channel = Channels.build("localhost:" + live.backend.port());
        try {
            var users = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            users.withCallCredentials(new BearerToken(manager)).createUser(CreateUserRequest.newBuilder()
                    .setEmail(device + "@devices.example").setPassword("FirstSecret2026").setDisplayName("Rotating kiosk")
                    .setRole(Role.KIOSK).setCinemaId(cinema).setDeviceId(device).build());
            var rotated = live.post("/admin/devices/" + device + "/secret", "", manager);
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            String secret = rotated.string("deviceSecret");
            assertThat(secret).isNotBlank().isNotEqualTo("FirstSecret2026");
            try {
                users.deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(device).setDeviceSecret("FirstSecret2026").build());
                throw new AssertionError("the old device secret still signs in");
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            }
            assertThat(users.deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(device).setDeviceSecret(secret).build())
                    .getAccessToken()).isNotBlank();
            var disabled = live.post("/admin/devices/" + device + "/disable", "{\"reason\":\"stolen\"}", manager);
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
            assertThat(disabled.json().getFieldsOrThrow("disabled").getBoolValue()).isTrue();
        } finally {
            channel.shutdownNow();
        }
    }
}
