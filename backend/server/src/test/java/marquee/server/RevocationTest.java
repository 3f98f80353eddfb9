package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marquee.platform.BackendRuntime;
import marquee.platform.auth.BearerToken;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.testing.TestPostgres;
import marquee.platform.testing.TestTokens;
import marquee.reservations.v1.ListMyBookingsRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.GetProfileRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.Role;
import marquee.users.v1.RotateDeviceSecretRequest;
import marquee.users.v1.SetAccountDisabledRequest;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access that can be taken back, on the all-in-one backend over a real socket and a real
 * PostgreSQL: a manager disables a cashier or rotates a kiosk's secret, and the tokens they hold
 * stop working on every service within the revocation bound; tokens without expiry never work.
 */
class RevocationTest {
    static final Duration POLL = Duration.ofSeconds(1);
    static Path dataDir;
    static BackendRuntime backend;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("marquee-revocation");
        backend = Backends.startAllInOne(Config.withOverrides(Map.of(
                "marquee.data.dir", dataDir.toString(), "marquee.port", "0", "marquee.metrics.port", "-1",
                "marquee.db.url", TestPostgres.newDatabase(), "marquee.db.user", "postgres",
                "marquee.demo.data", "true", "marquee.auth.revocation.poll", "PT1S")), BackendRuntime.StartupListener.NONE);
        channel = Channels.build("localhost:" + backend.port());
    }

    @AfterAll
    static void stop() {
        if (channel != null) channel.shutdownNow();
        if (backend != null) backend.close();
    }

    static UsersServiceGrpc.UsersServiceBlockingStub users(String token) {
        var stub = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        return token == null ? stub : stub.withCallCredentials(new BearerToken(token));
    }

    static ReservationsServiceGrpc.ReservationsServiceBlockingStub reservations(String token) {
        return ReservationsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withCallCredentials(new BearerToken(token));
    }

    static String chainManager() {
        return users(null).login(LoginRequest.newBuilder().setEmail(DemoData.MANAGER_EMAIL)
                .setPassword(DemoData.MANAGER_PASSWORD).build()).getAccessToken();
    }

    static String staff(String login, String pin) {
        return users(null).staffLogin(StaffLoginRequest.newBuilder().setStaffLogin(login).setPin(pin).build()).getAccessToken();
    }

    static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** Waits until the token is refused by users and reservations; returns how long that took. */
    static Duration awaitRefused(String token, long startedNanos) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                code(() -> users(token).getProfile(GetProfileRequest.getDefaultInstance())) == Status.Code.UNAUTHENTICATED
                        && code(() -> reservations(token).listMyBookings(ListMyBookingsRequest.getDefaultInstance()))
                        == Status.Code.UNAUTHENTICATED);
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Test
    void aDisabledCashiersTokenStopsWorkingEverywhereAndTheCashierCannotSignIn() {
        String cashier = staff(DemoData.CASHIER_LOGIN, DemoData.CASHIER_PIN);
        assertThat(code(() -> reservations(cashier).listMyBookings(ListMyBookingsRequest.getDefaultInstance()))).isEqualTo(Status.Code.OK);
        String floorManager = staff(DemoData.MANAGER_STAFF_LOGIN, DemoData.MANAGER_STAFF_PIN);

        long started = System.nanoTime();
        var disabled = users(floorManager).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setStaffLogin(DemoData.CASHIER_LOGIN).setDisabled(true).setReason("left the company").build());
        assertThat(disabled.getDisabled()).isTrue();
        Duration took = awaitRefused(cashier, started);
        System.out.println("revoked token refused by users and reservations after " + took.toMillis() + " ms (poll " + POLL + ")");
        assertThat(took).isLessThan(POLL.multipliedBy(5));
        assertThatThrownBy(() -> staff(DemoData.CASHIER_LOGIN, DemoData.CASHIER_PIN))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("disabled");
                });
        // The e-mail login of the same account is refused too.
        assertThat(code(() -> users(null).login(LoginRequest.newBuilder().setEmail(DemoData.CASHIER_EMAIL)
                .setPassword(DemoData.CASHIER_PASSWORD).build()))).isEqualTo(Status.Code.UNAUTHENTICATED);

        users(floorManager).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setStaffLogin(DemoData.CASHIER_LOGIN).setDisabled(false).build());
        String again = staff(DemoData.CASHIER_LOGIN, DemoData.CASHIER_PIN);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                code(() -> users(again).getProfile(GetProfileRequest.getDefaultInstance())) == Status.Code.OK);
        // Enabling again does not bring the old token back.
        assertThat(code(() -> users(cashier).getProfile(GetProfileRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aRotatedDeviceSecretEndsTheKiosksOldSecretAndTokens() {
        String kiosk = users(null).deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(DemoData.KIOSK_DEVICE)
                .setDeviceSecret(DemoData.KIOSK_SECRET).build()).getAccessToken();
        long started = System.nanoTime();
        var rotated = users(chainManager()).rotateDeviceSecret(RotateDeviceSecretRequest.newBuilder()
                .setDeviceId(DemoData.KIOSK_DEVICE).build());
        assertThat(rotated.getDeviceSecret()).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(DemoData.KIOSK_SECRET);
        assertThat(code(() -> users(null).deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(DemoData.KIOSK_DEVICE)
                .setDeviceSecret(DemoData.KIOSK_SECRET).build()))).isEqualTo(Status.Code.UNAUTHENTICATED);
        awaitRefused(kiosk, started);
        String fresh = users(null).deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(DemoData.KIOSK_DEVICE)
                .setDeviceSecret(rotated.getDeviceSecret()).build()).getAccessToken();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                code(() -> users(fresh).getProfile(GetProfileRequest.getDefaultInstance())) == Status.Code.OK);
    }

    @Test
    void onlyManagersTakeAccessBackAndACinemaManagerOnlyInTheirCinema() {
        String cashier = staff(DemoData.CASHIER_LOGIN, DemoData.CASHIER_PIN);
        assertThat(code(() -> users(cashier).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setStaffLogin(DemoData.MANAGER_STAFF_LOGIN).setDisabled(true).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> users(cashier).rotateDeviceSecret(RotateDeviceSecretRequest.newBuilder()
                .setDeviceId(DemoData.KIOSK_DEVICE).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        String floorManager = staff(DemoData.MANAGER_STAFF_LOGIN, DemoData.MANAGER_STAFF_PIN);
        String chainManagerId = users(chainManager()).getProfile(GetProfileRequest.getDefaultInstance()).getId();
        // A cinema's manager cannot lock out the chain's manager, nor themself.
        assertThat(code(() -> users(floorManager).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setUserId(chainManagerId).setDisabled(true).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> users(floorManager).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setStaffLogin(DemoData.MANAGER_STAFF_LOGIN).setDisabled(true).build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(code(() -> users(floorManager).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setStaffLogin("nobody-here").setDisabled(true).build()))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> users(floorManager).setAccountDisabled(SetAccountDisabledRequest.newBuilder()
                .setStaffLogin(DemoData.CASHIER_LOGIN).setDeviceId(DemoData.KIOSK_DEVICE).build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aTokenWithoutExpiryIsRefusedEvenWhenCorrectlySigned() {
        TestTokens tokens = new TestTokens(dataDir.resolve("keys"));
        String chainManagerId = users(chainManager()).getProfile(GetProfileRequest.getDefaultInstance()).getId();
        String forever = tokens.withoutExpiry(Role.MANAGER, chainManagerId, "");
        assertThat(code(() -> users(forever).getProfile(GetProfileRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> reservations(forever).listMyBookings(ListMyBookingsRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        // The same claims with an expiry pass: it is the missing expiry that is refused.
        assertThat(code(() -> users(tokens.token(Role.MANAGER, chainManagerId, "")).getProfile(GetProfileRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.OK);
    }
}
