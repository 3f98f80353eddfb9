package marquee.users;

import static marquee.platform.testing.TestBackend.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestTokens;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.GetProfileRequest;
import marquee.users.v1.GetSigningKeyRequest;
import marquee.users.v1.GetUserRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.Role;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import marquee.users.v1.UsersServiceGrpc.UsersServiceBlockingStub;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsersServiceTest {
    private static final String CINEMA = UUID.randomUUID().toString();
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of(
                "marquee.users.login.free.attempts", "3",
                "marquee.users.login.first.lock", "PT60S",
                "marquee.users.bcrypt.strength", "6"), ServiceModules.byName("users"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private UsersServiceBlockingStub users(String token) {
        return as(UsersServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    private static String uniqueEmail() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).containsIgnoringCase(messagePart);
        });
    }

    private void assertRefusedWithoutChange(ThrowingCallable call, Status.Code code, String messagePart) {
        String before = backend.snapshot("users");
        assertStatus(call, code, messagePart);
        assertThat(backend.snapshot("users")).isEqualTo(before);
    }

    @Test
    void registeredCustomerLogsInAndReadsOwnProfile() {
        String email = uniqueEmail();
        var user = users(null).register(RegisterRequest.newBuilder().setEmail(email.toUpperCase())
                .setPassword("correct horse 42").setDisplayName("Ada").build());
        assertThat(user.getRole()).isEqualTo(Role.CUSTOMER);
        assertThat(user.getEmail()).isEqualTo(email);

        var login = users(null).login(LoginRequest.newBuilder().setEmail(email).setPassword("correct horse 42").build());
        assertThat(login.getAccessToken()).isNotBlank();
        assertThat(login.getExpiresAt().getSeconds()).isGreaterThan(System.currentTimeMillis() / 1000);

        var profile = users(login.getAccessToken()).getProfile(GetProfileRequest.getDefaultInstance());
        assertThat(profile.getId()).isEqualTo(user.getId());
        assertThat(users(login.getAccessToken()).getUser(GetUserRequest.newBuilder().setUserId(user.getId()).build())
                .getDisplayName()).isEqualTo("Ada");
    }

    @Test
    void passwordsAreStoredAsSaltedSlowHashes() {
        String email = uniqueEmail();
        users(null).register(RegisterRequest.newBuilder().setEmail(email).setPassword("secret password 1").setDisplayName("B").build());
        assertThat(backend.count("SELECT count(*) FROM users.account WHERE email = '" + email
                + "' AND password_hash LIKE '$2a$%' AND password_hash NOT LIKE '%secret%'")).isEqualTo(1);
    }

    @Test
    void invalidRegistrationsAreRefusedAndChangeNothing() {
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.newBuilder().setEmail("not-an-email")
                .setPassword("long enough 123").setDisplayName("X").build()), Status.Code.INVALID_ARGUMENT, "email");
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.newBuilder().setEmail(uniqueEmail())
                .setPassword("short1").setDisplayName("X").build()), Status.Code.INVALID_ARGUMENT, "at least 10");
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.newBuilder().setEmail(uniqueEmail())
                .setPassword("onlyletterspassword").setDisplayName("X").build()), Status.Code.INVALID_ARGUMENT, "digit");
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.newBuilder().setEmail(uniqueEmail())
                .setPassword("x1".repeat(40)).setDisplayName("X").build()), Status.Code.INVALID_ARGUMENT, "72 bytes");
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.newBuilder().setEmail(uniqueEmail())
                .setPassword("long enough 123").setDisplayName(" ").build()), Status.Code.INVALID_ARGUMENT, "display_name");
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "email is required");
    }

    @Test
    void emailIsUniqueRegardlessOfCase() {
        String email = uniqueEmail();
        users(null).register(RegisterRequest.newBuilder().setEmail(email).setPassword("first account 1").setDisplayName("A").build());
        assertRefusedWithoutChange(() -> users(null).register(RegisterRequest.newBuilder().setEmail(email.toUpperCase())
                .setPassword("second account 1").setDisplayName("B").build()), Status.Code.ALREADY_EXISTS, "already exists");
    }

    @Test
    void wrongPasswordIsUnauthenticatedAndRepeatedFailuresLockTheAccount() {
        String email = uniqueEmail();
        users(null).register(RegisterRequest.newBuilder().setEmail(email).setPassword("right password 1").setDisplayName("C").build());
        var wrong = LoginRequest.newBuilder().setEmail(email).setPassword("wrong password 1").build();
        for (int i = 0; i < 3; i++) {
            assertStatus(() -> users(null).login(wrong), Status.Code.UNAUTHENTICATED, "wrong e-mail or password");
        }
        // Locked now: even the right password is refused until the lock ends.
        assertStatus(() -> users(null).login(LoginRequest.newBuilder().setEmail(email).setPassword("right password 1").build()),
                Status.Code.RESOURCE_EXHAUSTED, "try again in");
        assertThat(backend.count("SELECT failed_logins FROM users.account WHERE email = '" + email + "'")).isEqualTo(3);
    }

    @Test
    void unknownEmailGetsTheSameAnswerAsAWrongPassword() {
        assertStatus(() -> users(null).login(LoginRequest.newBuilder().setEmail(uniqueEmail()).setPassword("whatever 123").build()),
                Status.Code.UNAUTHENTICATED, "wrong e-mail or password");
        assertStatus(() -> users(null).login(LoginRequest.newBuilder().setEmail("").setPassword("x").build()),
                Status.Code.INVALID_ARGUMENT, "email is required");
    }

    @Test
    void customerMayReadOnlyOwnAccount() {
        String email = uniqueEmail();
        var other = users(null).register(RegisterRequest.newBuilder().setEmail(email).setPassword("someone else 1").setDisplayName("D").build());
        String customer = backend.tokens().customer();
        assertStatus(() -> users(customer).getUser(GetUserRequest.newBuilder().setUserId(other.getId()).build()),
                Status.Code.PERMISSION_DENIED, "your own");
        assertThat(users(backend.tokens().manager()).getUser(GetUserRequest.newBuilder().setUserId(other.getId()).build())
                .getEmail()).isEqualTo(email);
    }

    @Test
    void getUserValidatesItsId() {
        String manager = backend.tokens().manager();
        assertStatus(() -> users(manager).getUser(GetUserRequest.newBuilder().setUserId("42").build()),
                Status.Code.INVALID_ARGUMENT, "user_id");
        assertStatus(() -> users(manager).getUser(GetUserRequest.newBuilder().setUserId(UUID.randomUUID().toString()).build()),
                Status.Code.NOT_FOUND, "no account");
        assertStatus(() -> users(null).getUser(GetUserRequest.newBuilder().setUserId(UUID.randomUUID().toString()).build()),
                Status.Code.UNAUTHENTICATED, "sign in");
    }

    @Test
    void badTokensAreUnauthenticated() {
        var request = GetProfileRequest.getDefaultInstance();
        assertStatus(() -> users(null).getProfile(request), Status.Code.UNAUTHENTICATED, "sign in");
        assertStatus(() -> users(backend.tokens().expired(Role.CUSTOMER)).getProfile(request), Status.Code.UNAUTHENTICATED, "expired");
        assertStatus(() -> users(TestTokens.tampered(backend.tokens().customer())).getProfile(request),
                Status.Code.UNAUTHENTICATED, "not valid");
        assertStatus(() -> users(TestTokens.unsigned(Role.MANAGER)).getProfile(request), Status.Code.UNAUTHENTICATED, "not valid");
        assertStatus(() -> users(TestTokens.signedByStranger(Role.MANAGER)).getProfile(request),
                Status.Code.UNAUTHENTICATED, "not valid");
        assertStatus(() -> users("garbage").getProfile(request), Status.Code.UNAUTHENTICATED, "not valid");
    }

    @Test
    void managerCreatesCashierWhoSignsInWithPin() {
        String login = "cash" + UUID.randomUUID().toString().substring(0, 6);
        var cashier = users(backend.tokens().manager()).createUser(CreateUserRequest.newBuilder()
                .setEmail(uniqueEmail()).setPassword("cashier pass 1").setDisplayName("Till 1").setRole(Role.CASHIER)
                .setCinemaId(CINEMA).setStaffLogin(login).setPin("4711").build());
        var signIn = users(null).staffLogin(StaffLoginRequest.newBuilder().setStaffLogin(login.toUpperCase()).setPin("4711").build());
        assertThat(signIn.getUser().getId()).isEqualTo(cashier.getId());
        assertThat(new TokenVerifier(() -> Ed25519Keys.publicFromBase64(users(null)
                .getSigningKey(GetSigningKeyRequest.getDefaultInstance()).getPublicKeyBase64()))
                .verify(signIn.getAccessToken()).role()).isEqualTo(Role.CASHIER);
        assertStatus(() -> users(null).staffLogin(StaffLoginRequest.newBuilder().setStaffLogin(login).setPin("0000").build()),
                Status.Code.UNAUTHENTICATED, "wrong staff login or pin");
    }

    @Test
    void managerCreatesKioskDeviceThatSignsInWithItsSecret() {
        String device = "kiosk-" + UUID.randomUUID().toString().substring(0, 6);
        users(backend.tokens().manager()).createUser(CreateUserRequest.newBuilder().setEmail(device + "@devices.example")
                .setPassword("device secret 9").setDisplayName("Lobby kiosk").setRole(Role.KIOSK).setCinemaId(CINEMA)
                .setDeviceId(device).build());
        var signIn = users(null).deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(device).setDeviceSecret("device secret 9").build());
        assertThat(signIn.getUser().getRole()).isEqualTo(Role.KIOSK);
        assertThat(signIn.getUser().getCinemaId()).isEqualTo(CINEMA);
    }

    @Test
    void onlyManagersCreateAccountsAndRequestsAreValidated() {
        var request = CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setPassword("valid pass 12")
                .setDisplayName("E").setRole(Role.CASHIER).setCinemaId(CINEMA).build();
        assertRefusedWithoutChange(() -> users(backend.tokens().customer()).createUser(request),
                Status.Code.PERMISSION_DENIED, "manager");
        assertRefusedWithoutChange(() -> users(backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), CINEMA))
                .createUser(request), Status.Code.PERMISSION_DENIED, "manager");
        String manager = backend.tokens().manager();
        assertRefusedWithoutChange(() -> users(manager).createUser(request.toBuilder().clearCinemaId().build()),
                Status.Code.INVALID_ARGUMENT, "cinema_id");
        assertRefusedWithoutChange(() -> users(manager).createUser(request.toBuilder().setRoleValue(99).build()),
                Status.Code.INVALID_ARGUMENT, "role");
        assertRefusedWithoutChange(() -> users(manager).createUser(request.toBuilder().setRole(Role.KIOSK).build()),
                Status.Code.INVALID_ARGUMENT, "device_id");
        assertRefusedWithoutChange(() -> users(manager).createUser(request.toBuilder().setStaffLogin("abc").setPin("12").build()),
                Status.Code.INVALID_ARGUMENT, "pin");
        String otherCinemaManager = backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        assertRefusedWithoutChange(() -> users(otherCinemaManager).createUser(request),
                Status.Code.PERMISSION_DENIED, "own cinema");
    }

    @Test
    void servicesSignInWithTheServiceSecretOnly() {
        String secret = marquee.platform.auth.ServiceSecret.load(backend.runtime().config(), "reservations");
        var signIn = users(null).serviceLogin(marquee.users.v1.ServiceLoginRequest.newBuilder()
                .setServiceName("reservations").setServiceSecret(secret).build());
        var principal = new TokenVerifier(() -> Ed25519Keys.publicFromBase64(users(null)
                .getSigningKey(GetSigningKeyRequest.getDefaultInstance()).getPublicKeyBase64())).verify(signIn.getAccessToken());
        assertThat(principal.role()).isEqualTo(Role.SERVICE);
        assertThat(principal.userId()).isEqualTo("service:reservations");
        assertThat(principal.scopes()).contains(marquee.platform.auth.ServiceScopes.PAYMENTS_REFUND);
        // Each service has its own secret: another service's cannot sign in as reservations.
        String ticketsSecret = marquee.platform.auth.ServiceSecret.load(backend.runtime().config(), "tickets");
        assertThat(ticketsSecret).isNotEqualTo(secret);
        assertStatus(() -> users(null).serviceLogin(marquee.users.v1.ServiceLoginRequest.newBuilder()
                .setServiceName("reservations").setServiceSecret(ticketsSecret).build()), Status.Code.UNAUTHENTICATED, "secret");
        assertStatus(() -> users(null).serviceLogin(marquee.users.v1.ServiceLoginRequest.newBuilder()
                .setServiceName("reservations").setServiceSecret(secret + "x").build()), Status.Code.UNAUTHENTICATED, "secret");
        assertStatus(() -> users(null).serviceLogin(marquee.users.v1.ServiceLoginRequest.newBuilder()
                .setServiceName("mallory").setServiceSecret(secret).build()), Status.Code.INVALID_ARGUMENT, "service_name");
    }

    @Test
    void aPersonsTokenCannotClaimTheServiceRole() {
        String forged = backend.tokens().token(Role.SERVICE, UUID.randomUUID().toString(), "");
        assertStatus(() -> users(forged).getProfile(GetProfileRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "not valid");
    }
}
