package marquee.users;

import static marquee.platform.testing.GrpcAssertions.assertFails;
import static marquee.platform.testing.TestBackend.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.grpc.ProtoTime;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.ApproveOverrideRequest;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.DeviceKind;
import marquee.users.v1.DeviceOperatingState;
import marquee.users.v1.DeviceState;
import marquee.users.v1.ListDeviceStatesRequest;
import marquee.users.v1.LoginResponse;
import marquee.users.v1.PrinterState;
import marquee.users.v1.ReportDeviceStateRequest;
import marquee.users.v1.Role;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Door staff sign in with a PIN, report their door with its journal, and can do nothing else here. */
class DoorStaffTest {
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.users.bcrypt.strength", "4", "marquee.users.device.journal.refresh", "PT0.2S"),
                ServiceModules.byName("users"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static UsersServiceGrpc.UsersServiceBlockingStub users(String token) {
        return as(UsersServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    @Test
    void doorStaffSignInWithAPinAndReportTheirDoorsJournalWhichManagersAndMetricsSee() throws Exception {
        String cinema = UUID.randomUUID().toString();
        String login = "door" + UUID.randomUUID().toString().substring(0, 6);
        users(backend.tokens().manager()).createUser(CreateUserRequest.newBuilder().setEmail(login + "@staff.example")
                .setPassword("Door staff 2026!").setDisplayName("Door").setRole(Role.DOOR).setCinemaId(cinema)
                .setStaffLogin(login).setPin("2468").build());
        LoginResponse signedIn = users(null).staffLogin(StaffLoginRequest.newBuilder().setStaffLogin(login).setPin("2468").build());
        assertThat(signedIn.getUser().getRole()).isEqualTo(Role.DOOR);
        String door = signedIn.getAccessToken();

        Instant oldest = Instant.now().minusSeconds(600);
        Instant synced = Instant.now().minusSeconds(700);
        String device = "door-" + UUID.randomUUID().toString().substring(0, 6);
        DeviceState stored = users(door).reportDeviceState(ReportDeviceStateRequest.newBuilder().setDeviceId(device)
                .setState(DeviceOperatingState.OFFLINE_SYNCING).setPrinter(PrinterState.PRINTER_UNKNOWN)
                .setUnsyncedJournal(42).setOldestUnsyncedAt(ProtoTime.timestamp(oldest)).setLastSyncAt(ProtoTime.timestamp(synced))
                .build());
        assertThat(stored.getKind()).isEqualTo(DeviceKind.DOOR_STATION);
        assertThat(stored.getUnsyncedJournal()).isEqualTo(42);

        String manager = backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema);
        assertThat(users(manager).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()).getDevicesList()).singleElement()
                .satisfies(d -> {
                    assertThat(d.getUnsyncedJournal()).isEqualTo(42);
                    assertThat(d.getOldestUnsyncedAt().getSeconds()).isEqualTo(oldest.getEpochSecond());
                    assertThat(d.getLastSyncAt().getSeconds()).isEqualTo(synced.getEpochSecond());
                });
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge("marquee_device_unsynced_journal{device=\"" + device + "\"}")).isEqualTo(42);
            assertThat(gauge("marquee_device_oldest_unsynced_age_seconds{device=\"" + device + "\"}")).isBetween(599.0, 700.0);
            assertThat(gauge("marquee_device_last_sync_age_seconds{device=\"" + device + "\"}")).isBetween(699.0, 800.0);
        });

        // Door staff do nothing else: no device list, no approvals, no accounts.
        assertFails(Code.PERMISSION_DENIED, "", () -> users(door).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()));
        assertFails(Code.PERMISSION_DENIED, "", () -> users(door).createUser(CreateUserRequest.newBuilder()
                .setEmail("x@y.example").setPassword("Whatever 2026!").setDisplayName("x").setRole(Role.DOOR).setCinemaId(cinema)
                .build()));
        assertFails(Code.PERMISSION_DENIED, "", () -> users(door).approveOverride(ApproveOverrideRequest.newBuilder()
                .setManagerStaffLogin(login).setPin("2468").build()));
    }

    private static double gauge(String series) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + backend.runtime().metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is not on /metrics"));
    }
}
