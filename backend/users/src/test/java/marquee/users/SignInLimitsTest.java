package marquee.users;

import static marquee.platform.testing.GrpcAssertions.assertFails;
import static marquee.platform.testing.TestBackend.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.grpc.ErrorMappingInterceptor;
import marquee.platform.limits.ClientAddress;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import marquee.users.v1.UsersServiceGrpc.UsersServiceBlockingStub;
import org.junit.jupiter.api.Test;

/**
 * The abuse limits of the users service over a real socket: a PIN sprayed over many staff logins
 * from one address, one account guessed from many addresses (through a trusted gateway), device
 * secrets guessed, registrations flooded — each refused with RESOURCE_EXHAUSTED and a retry-after.
 */
class SignInLimitsTest {
    private static final Map<String, String> TIGHT = Map.of(
            "marquee.users.bcrypt.strength", "4",
            "marquee.limits.exempt.loopback", "false",
            "marquee.limits.signin.per.address", "5/1m",
            "marquee.limits.signin.per.account", "3/1m",
            "marquee.limits.register.per.address", "2/1h");

    private static UsersServiceBlockingStub users(TestBackend backend) {
        return as(UsersServiceGrpc.newBlockingStub(backend.channel()), null);
    }

    /** As the gateway does: the HTTP client's address in a header (honoured only from a trusted proxy). */
    private static UsersServiceBlockingStub forwardedFrom(TestBackend backend, String address) {
        Metadata headers = new Metadata();
        headers.put(ClientAddress.FORWARDED, address);
        return users(backend).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static StaffLoginRequest staff(String login) {
        return StaffLoginRequest.newBuilder().setStaffLogin(login).setPin("1234").build();
    }

    @Test
    void onePinSprayedOverManyStaffLoginsFromOneAddressIsRefused() {
        try (TestBackend backend = TestBackend.start(TIGHT, ServiceModules.byName("users"))) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertFails(Status.Code.UNAUTHENTICATED, "Wrong staff login or PIN", () -> users(backend).staffLogin(staff("till" + n)));
            }
            StatusRuntimeException refused = assertFails(Status.Code.RESOURCE_EXHAUSTED, "Too many sign-in attempts from this address",
                    () -> users(backend).staffLogin(staff("till99")));
            assertThat(retryAfterSeconds(refused)).isBetween(1L, 60L);
            // The other doors share the address's allowance.
            assertFails(Status.Code.RESOURCE_EXHAUSTED, "Too many sign-in attempts", () -> users(backend).deviceLogin(
                    DeviceLoginRequest.newBuilder().setDeviceId("kiosk-x").setDeviceSecret("guess").build()));
            assertFails(Status.Code.RESOURCE_EXHAUSTED, "Too many sign-in attempts", () -> users(backend).login(
                    LoginRequest.newBuilder().setEmail("a@example.com").setPassword("guess").build()));
        }
    }

    @Test
    void oneAccountGuessedFromManyAddressesIsRefusedPerAccount() {
        try (TestBackend backend = TestBackend.start(TIGHT, ServiceModules.byName("users"))) {
            // Loopback is a trusted proxy by default, so each call counts for its forwarded address.
            for (int i = 1; i <= 3; i++) {
                int n = i;
                assertFails(Status.Code.UNAUTHENTICATED, "Wrong staff login or PIN",
                        () -> forwardedFrom(backend, "203.0.113." + n).staffLogin(staff("mgr01")));
            }
            StatusRuntimeException refused = assertFails(Status.Code.RESOURCE_EXHAUSTED, "for this account",
                    () -> forwardedFrom(backend, "203.0.113.4").staffLogin(staff("MGR01")));
            assertThat(retryAfterSeconds(refused)).isPositive();
            // Another account from a fresh address is not affected.
            assertFails(Status.Code.UNAUTHENTICATED, "Wrong staff login or PIN",
                    () -> forwardedFrom(backend, "203.0.113.5").staffLogin(staff("cash01")));
        }
    }

    @Test
    void aDirectCallerCannotPickItsAddressWithTheHeader() {
        Map<String, String> untrusted = new java.util.HashMap<>(TIGHT);
        untrusted.put("marquee.limits.trusted.proxies", "none");
        untrusted.put("marquee.limits.signin.per.account", "off");
        try (TestBackend backend = TestBackend.start(untrusted, ServiceModules.byName("users"))) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertFails(Status.Code.UNAUTHENTICATED, "wrong device secret", () -> forwardedFrom(backend, "198.51.100." + n).deviceLogin(
                        DeviceLoginRequest.newBuilder().setDeviceId("kiosk-" + n).setDeviceSecret("guess").build()));
            }
            assertFails(Status.Code.RESOURCE_EXHAUSTED, "from this address", () -> forwardedFrom(backend, "198.51.100.77").deviceLogin(
                    DeviceLoginRequest.newBuilder().setDeviceId("kiosk-77").setDeviceSecret("guess").build()));
        }
    }

    @Test
    void registrationsFromOneAddressAreLimited() {
        try (TestBackend backend = TestBackend.start(TIGHT, ServiceModules.byName("users"))) {
            users(backend).register(register());
            users(backend).register(register());
            StatusRuntimeException refused = assertFails(Status.Code.RESOURCE_EXHAUSTED, "Too many registrations",
                    () -> users(backend).register(register()));
            assertThat(retryAfterSeconds(refused)).isGreaterThan(60L);
            assertThat(backend.count("SELECT count(*) FROM users.account")).isEqualTo(2);
        }
    }

    @Test
    void byDefaultCallersOnThisMachineAreNotLimitedPerAddress() {
        try (TestBackend backend = TestBackend.start(Map.of("marquee.users.bcrypt.strength", "4"), ServiceModules.byName("users"))) {
            for (int i = 0; i < 40; i++) {
                int n = i;
                assertFails(Status.Code.UNAUTHENTICATED, "Wrong staff login or PIN", () -> users(backend).staffLogin(staff("till" + n)));
            }
            for (int i = 0; i < 15; i++) users(backend).register(register());
        }
    }

    private static RegisterRequest register() {
        return RegisterRequest.newBuilder().setEmail("r" + UUID.randomUUID().toString().substring(0, 8) + "@example.com")
                .setPassword("limits pass 1").setDisplayName("Limits").build();
    }

    private static long retryAfterSeconds(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        assertThat(trailers).isNotNull();
        String value = trailers.get(ErrorMappingInterceptor.RETRY_AFTER);
        assertThat(value).as("retry-after trailer").isNotNull();
        return Long.parseLong(value);
    }
}
