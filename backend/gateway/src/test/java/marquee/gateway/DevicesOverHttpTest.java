package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import marquee.platform.auth.BearerToken;
import marquee.server.DemoData;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.DeviceOperatingState;
import marquee.users.v1.PrinterState;
import marquee.users.v1.ReportDeviceStateRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /devices}: what the demo kiosk reported over gRPC, as a manager sees it over HTTP. */
class DevicesOverHttpTest {
    static LiveGateway live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveGateway.get();
    }

    @Test
    void aManagerSeesTheKioskStateItReportedAndOthersAreRefused() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", live.backend.port()).usePlaintext().build();
        try {
            var users = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            String kiosk = users.deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(DemoData.KIOSK_DEVICE)
                    .setDeviceSecret(DemoData.KIOSK_SECRET).build()).getAccessToken();
            users.withCallCredentials(new BearerToken(kiosk)).reportDeviceState(ReportDeviceStateRequest.newBuilder()
                    .setState(DeviceOperatingState.OUT_OF_ORDER).setPrinter(PrinterState.PRINTER_PAPER_OUT)
                    .setErrorCode("PRN-PAPER").setMessage("Ticket roll empty").setAppVersion("0.1.0").build());
            // A door scanner with scans from an outage not uploaded yet.
            String door = users.staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin(DemoData.DOOR_LOGIN)
                    .setPin(DemoData.DOOR_PIN).build()).getAccessToken();
            users.withCallCredentials(new BearerToken(door)).reportDeviceState(ReportDeviceStateRequest.newBuilder()
                    .setDeviceId("door-http-1").setState(DeviceOperatingState.OFFLINE_SYNCING).setPrinter(PrinterState.PRINTER_UNKNOWN)
                    .setUnsyncedJournal(3).setOldestUnsyncedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_800_000_000L))
                    .setLastSyncAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_799_999_000L)).build());
            // A till with seats set aside for offline selling.
            String cashier = users.staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin(DemoData.CASHIER_LOGIN)
                    .setPin(DemoData.CASHIER_PIN).build()).getAccessToken();
            users.withCallCredentials(new BearerToken(cashier)).reportDeviceState(ReportDeviceStateRequest.newBuilder()
                    .setDeviceId("till-http-1").setState(DeviceOperatingState.IN_SERVICE).setPrinter(PrinterState.PRINTER_READY)
                    .setAllocatedSeats(8).build());
        } finally {
            channel.shutdownNow();
        }

        String manager = live.login(DemoData.MANAGER_EMAIL, DemoData.MANAGER_PASSWORD);
        var devices = live.get("/devices", manager);
        assertThat(devices.status()).as(devices.toString()).isEqualTo(200);
        assertThat(devices.json().getFieldsOrThrow("staleAfter").getStringValue()).isEqualTo("180s");
        Struct kiosk = devices.json().getFieldsOrThrow("devices").getListValue().getValuesList().stream()
                .map(Value::getStructValue)
                .filter(d -> d.getFieldsOrThrow("deviceId").getStringValue().equals(DemoData.KIOSK_DEVICE))
                .findFirst().orElseThrow(() -> new AssertionError("kiosk missing: " + devices));
        assertThat(kiosk.getFieldsOrThrow("state").getStringValue()).isEqualTo("OUT_OF_ORDER");
        assertThat(kiosk.getFieldsOrThrow("printer").getStringValue()).isEqualTo("PRINTER_PAPER_OUT");
        assertThat(kiosk.getFieldsOrThrow("kind").getStringValue()).isEqualTo("SELF_SERVICE_KIOSK");
        assertThat(kiosk.getFieldsOrThrow("stale").getBoolValue()).isFalse();
        assertThat(kiosk.getFieldsOrThrow("lastSeen").getStringValue()).endsWith("Z");

        assertThat(kiosk.getFieldsOrThrow("unsyncedJournal").getNumberValue()).isZero();
        Struct door = devices.json().getFieldsOrThrow("devices").getListValue().getValuesList().stream()
                .map(Value::getStructValue)
                .filter(d -> d.getFieldsOrThrow("deviceId").getStringValue().equals("door-http-1"))
                .findFirst().orElseThrow(() -> new AssertionError("door missing: " + devices));
        assertThat(door.getFieldsOrThrow("kind").getStringValue()).isEqualTo("DOOR_STATION");
        assertThat(door.getFieldsOrThrow("unsyncedJournal").getNumberValue()).isEqualTo(3);
        assertThat(door.getFieldsOrThrow("oldestUnsyncedAt").getStringValue()).isEqualTo("2027-01-15T08:00:00Z");
        assertThat(door.getFieldsOrThrow("lastSyncAt").getStringValue()).isEqualTo("2027-01-15T07:43:20Z");

        Struct till = devices.json().getFieldsOrThrow("devices").getListValue().getValuesList().stream()
                .map(Value::getStructValue)
                .filter(d -> d.getFieldsOrThrow("deviceId").getStringValue().equals("till-http-1"))
                .findFirst().orElseThrow(() -> new AssertionError("till missing: " + devices));
        assertThat(till.getFieldsOrThrow("allocatedSeats").getNumberValue()).isEqualTo(8);
        assertThat(kiosk.getFieldsOrThrow("allocatedSeats").getNumberValue()).isZero();

        String cinema = kiosk.getFieldsOrThrow("cinemaId").getStringValue();
        var oneCinema = live.get("/devices?cinema_id=" + cinema, manager);
        assertThat(oneCinema.status()).as(oneCinema.toString()).isEqualTo(200);
        assertThat(oneCinema.body()).contains(DemoData.KIOSK_DEVICE);

        String customer = live.login("customer@marquee.demo", "Customer2026!");
        var refused = live.get("/devices", customer);
        RefusalsOverHttpTest.assertError(refused, 403);
        assertThat(refused.string("error")).isEqualTo("PERMISSION_DENIED");
        RefusalsOverHttpTest.assertError(live.get("/devices?cinema_id=nope", manager), 400);
        RefusalsOverHttpTest.assertError(live.get("/devices?colour=red", manager), 400);
        RefusalsOverHttpTest.assertError(live.get("/devices", null), 401);
    }
}
