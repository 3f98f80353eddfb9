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
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.DeviceKind;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.DeviceOperatingState;
import marquee.users.v1.DeviceState;
import marquee.users.v1.ListDeviceStatesRequest;
import marquee.users.v1.PrinterState;
import marquee.users.v1.ReportDeviceStateRequest;
import marquee.users.v1.Role;
import marquee.users.v1.UsersServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kiosks and cashier stations report their state; managers list it; gauges count it. */
class DeviceStateTest {
    private static final Duration STALE_AFTER = Duration.ofSeconds(8);
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of("marquee.users.bcrypt.strength", "4",
                        "marquee.users.device.stale.after", STALE_AFTER.toString(),
                        "marquee.users.device.census.refresh", "PT0S",
                        "marquee.users.device.journal.refresh", "PT0.2S"),
                ServiceModules.byName("users"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static UsersServiceGrpc.UsersServiceBlockingStub users(String token) {
        return as(UsersServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    /** A KIOSK account made by a manager, signed in with its device id and secret. */
    private static String kiosk(String cinemaId, String deviceId) {
        users(backend.tokens().manager()).createUser(CreateUserRequest.newBuilder().setEmail(deviceId + "@kiosk.example")
                .setPassword("device secret 42").setDisplayName("Kiosk " + deviceId).setRole(Role.KIOSK)
                .setCinemaId(cinemaId).setDeviceId(deviceId).build());
        return users(null).deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(deviceId).setDeviceSecret("device secret 42")
                .build()).getAccessToken();
    }

    private static ReportDeviceStateRequest.Builder report(DeviceOperatingState state, PrinterState printer) {
        return ReportDeviceStateRequest.newBuilder().setState(state).setPrinter(printer).setAppVersion("1.4.2");
    }

    @Test
    void aKioskReportsItselfAndAManagerSeesItUntilItGoesStale() throws Exception {
        String cinema = UUID.randomUUID().toString();
        String deviceId = "lobby-" + UUID.randomUUID().toString().substring(0, 6);
        String kiosk = kiosk(cinema, deviceId);

        DeviceState first = users(kiosk).reportDeviceState(report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_READY).build());
        assertThat(first.getDeviceId()).isEqualTo(deviceId);
        assertThat(first.getKind()).isEqualTo(DeviceKind.SELF_SERVICE_KIOSK);
        assertThat(first.getCinemaId()).isEqualTo(cinema);
        assertThat(first.getStale()).isFalse();

        DeviceState paperOut = users(kiosk).reportDeviceState(report(DeviceOperatingState.OUT_OF_ORDER, PrinterState.PRINTER_PAPER_OUT)
                .setDeviceId(deviceId).setErrorCode("PRN-PAPER").setMessage("Ticket roll empty").build());
        assertThat(paperOut.getState()).isEqualTo(DeviceOperatingState.OUT_OF_ORDER);
        assertThat(paperOut.getStateSince().getSeconds()).isGreaterThanOrEqualTo(first.getStateSince().getSeconds());

        String cinemaManager = backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema);
        var listed = users(cinemaManager).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance());
        assertThat(listed.getStaleAfter().getSeconds()).isEqualTo(STALE_AFTER.toSeconds());
        assertThat(listed.getDevicesList()).singleElement().satisfies(d -> {
            assertThat(d.getDeviceId()).isEqualTo(deviceId);
            assertThat(d.getPrinter()).isEqualTo(PrinterState.PRINTER_PAPER_OUT);
            assertThat(d.getErrorCode()).isEqualTo("PRN-PAPER");
            assertThat(d.getMessage()).isEqualTo("Ticket roll empty");
            assertThat(d.getAppVersion()).isEqualTo("1.4.2");
            assertThat(d.getStale()).isFalse();
            assertThat(d.hasLastSeen()).isTrue();
        });
        assertThat(gauge("marquee_printers{state=\"PRINTER_PAPER_OUT\"}")).isGreaterThanOrEqualTo(1);
        assertThat(gauge("marquee_devices{state=\"OUT_OF_ORDER\"}")).isGreaterThanOrEqualTo(1);

        // Silence: after the stale time the device is flagged and counted as stale, not by its last state.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(users(cinemaManager).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()).getDevices(0).getStale())
                        .isTrue());
        assertThat(gauge("marquee_devices_stale")).isGreaterThanOrEqualTo(1);

        // A chain manager sees it too; a manager of another cinema does not, and may not ask for it.
        assertThat(users(backend.tokens().manager()).listDeviceStates(ListDeviceStatesRequest.newBuilder().setCinemaId(cinema).build())
                .getDevicesList()).extracting(DeviceState::getDeviceId).containsExactly(deviceId);
        String otherManager = backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        assertThat(users(otherManager).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()).getDevicesList())
                .extracting(DeviceState::getDeviceId).doesNotContain(deviceId);
        assertFails(Code.PERMISSION_DENIED, "own cinema", () -> users(otherManager)
                .listDeviceStates(ListDeviceStatesRequest.newBuilder().setCinemaId(cinema).build()));
    }

    @Test
    void gaugesCountFreshDevicesByStateAndPrinter() throws Exception {
        String cinema = UUID.randomUUID().toString();
        double lowBefore = gauge("marquee_printers{state=\"PRINTER_PAPER_LOW\"}");
        String kiosk = kiosk(cinema, "gauge-" + UUID.randomUUID().toString().substring(0, 6));
        users(kiosk).reportDeviceState(report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_PAPER_LOW).build());
        assertThat(gauge("marquee_printers{state=\"PRINTER_PAPER_LOW\"}")).isEqualTo(lowBefore + 1);
        // Back to normal: the same device moves to PRINTER_READY, it is not counted twice.
        users(kiosk).reportDeviceState(report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_READY).build());
        assertThat(gauge("marquee_printers{state=\"PRINTER_PAPER_LOW\"}")).isEqualTo(lowBefore);
    }

    @Test
    void nobodyReportsForAnotherDevice() {
        String cinema = UUID.randomUUID().toString();
        String deviceA = "a-" + UUID.randomUUID().toString().substring(0, 6);
        String kioskA = kiosk(cinema, deviceA);
        String kioskB = kiosk(cinema, "b-" + UUID.randomUUID().toString().substring(0, 6));
        var ok = report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_READY);

        assertFails(Code.PERMISSION_DENIED, "only its own", () -> users(kioskB).reportDeviceState(ok.clone().setDeviceId(deviceA).build()));
        // A cashier station: the staff member at it reports; it may not name a kiosk, nor another cinema's station.
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), cinema);
        String station = "till-" + UUID.randomUUID().toString().substring(0, 6);
        DeviceState till = users(cashier).reportDeviceState(ok.clone().setDeviceId(station).build());
        assertThat(till.getKind()).isEqualTo(DeviceKind.CASHIER_STATION);
        assertThat(till.getCinemaId()).isEqualTo(cinema);
        assertFails(Code.PERMISSION_DENIED, "is a kiosk", () -> users(cashier).reportDeviceState(ok.clone().setDeviceId(deviceA).build()));
        String foreignCashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        assertFails(Code.PERMISSION_DENIED, "another cinema",
                () -> users(foreignCashier).reportDeviceState(ok.clone().setDeviceId(station).build()));
        assertFails(Code.INVALID_ARGUMENT, "device_id is required", () -> users(cashier).reportDeviceState(ok.build()));

        assertFails(Code.PERMISSION_DENIED, "KIOSK", () -> users(backend.tokens().customer()).reportDeviceState(ok.build()));
        String service = backend.tokens().token(Role.SERVICE, "service:tickets", "");
        assertFails(Code.PERMISSION_DENIED, "KIOSK", () -> users(service).reportDeviceState(ok.build()));
        assertFails(Code.UNAUTHENTICATED, "Sign in", () -> users(null).reportDeviceState(ok.build()));
        assertFails(Code.PERMISSION_DENIED, "MANAGER", () -> users(cashier).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()));
        assertFails(Code.PERMISSION_DENIED, "MANAGER", () -> users(kioskA).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()));
        // A monitoring service may list everything.
        assertThat(users(service).listDeviceStates(ListDeviceStatesRequest.getDefaultInstance()).getDevicesList())
                .extracting(DeviceState::getDeviceId).contains(station);
    }

    @Test
    void aTillReportsTheSeatsSetAsideForItsOfflineSellingInTheListAndTheGauge() throws Exception {
        String cinema = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), cinema);
        String till = "till-alloc-" + UUID.randomUUID().toString().substring(0, 6);
        var reported = users(cashier).reportDeviceState(report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_READY)
                .setDeviceId(till).setAllocatedSeats(12).build());
        assertThat(reported.getAllocatedSeats()).isEqualTo(12);
        var listed = users(backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema))
                .listDeviceStates(ListDeviceStatesRequest.newBuilder().build()).getDevicesList();
        assertThat(listed).filteredOn(d -> d.getDeviceId().equals(till)).singleElement()
                .satisfies(d -> assertThat(d.getAllocatedSeats()).isEqualTo(12));
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        String series = "marquee_device_allocated_seats{device=\"" + till + "\"}";
        while (System.nanoTime() < until && !metricsText().contains(series + " 12")) Thread.sleep(100);
        assertThat(gauge(series)).isEqualTo(12);
        assertFails(Code.INVALID_ARGUMENT, "allocated_seats", () -> users(cashier).reportDeviceState(
                report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_READY).setDeviceId(till).setAllocatedSeats(-1).build()));
    }

    private static String metricsText() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + backend.runtime().metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void badReportsAreInvalidArgumentsAndChangeNothing() {
        String kiosk = kiosk(UUID.randomUUID().toString(), "bad-" + UUID.randomUUID().toString().substring(0, 6));
        String before = backend.snapshot("users");
        assertFails(Code.INVALID_ARGUMENT, "state is required",
                () -> users(kiosk).reportDeviceState(ReportDeviceStateRequest.newBuilder().setPrinter(PrinterState.PRINTER_READY).build()));
        assertFails(Code.INVALID_ARGUMENT, "printer is required",
                () -> users(kiosk).reportDeviceState(ReportDeviceStateRequest.newBuilder().setState(DeviceOperatingState.IN_SERVICE).build()));
        assertFails(Code.INVALID_ARGUMENT, "state is required", () -> users(kiosk).reportDeviceState(ReportDeviceStateRequest.newBuilder()
                .setStateValue(99).setPrinter(PrinterState.PRINTER_READY).build()));
        var ok = report(DeviceOperatingState.IN_SERVICE, PrinterState.PRINTER_READY);
        assertFails(Code.INVALID_ARGUMENT, "error_code", () -> users(kiosk).reportDeviceState(ok.clone().setErrorCode("no spaces allowed").build()));
        assertFails(Code.INVALID_ARGUMENT, "message", () -> users(kiosk).reportDeviceState(ok.clone().setMessage("x".repeat(501)).build()));
        assertFails(Code.INVALID_ARGUMENT, "app_version", () -> users(kiosk).reportDeviceState(ok.clone().setAppVersion("1".repeat(65)).build()));
        assertFails(Code.INVALID_ARGUMENT, "cinema_id", () -> users(backend.tokens().manager())
                .listDeviceStates(ListDeviceStatesRequest.newBuilder().setCinemaId("not-a-uuid").build()));
        assertThat(backend.snapshot("users")).isEqualTo(before);
    }

    /** One gauge from the runtime's own {@code /metrics} endpoint. */
    private static double gauge(String series) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + backend.runtime().metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is not on /metrics"));
    }
}
