package marquee.kiosk.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import marquee.kiosk.KioskApp;
import marquee.kiosk.backend.GrpcDoorClient;
import marquee.kiosk.model.OfflineModel;
import marquee.kiosk.model.ScanResult;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.offline.OfflineSelling;
import marquee.kiosk.offlinesale.OfflineSaleViewModel;
import marquee.kiosk.pickup.BackendProcess;
import marquee.kiosk.pickup.ChildJvm;
import marquee.kiosk.seatmap.SeatMapModel;
import marquee.platform.config.Config;
import marquee.terminal.sim.ZvtSimulator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Offline selling at the lobby kiosk (issue 14, "and kiosk, if enabled per cinema"): the real kiosk
 * app and window, the real backend in a process of its own (really stopped and started again), the
 * ZVT terminal simulator over TCP. Online the kiosk registers its key and takes its seats set
 * aside; with the backend gone the out-of-order screen offers them, a customer buys one by card at
 * the terminal (a total above the cinema's offline card limit is refused, in English and German,
 * without asking the terminal), the tickets print "SOLD OFFLINE" with MQ2 codes; back online the
 * sale is uploaded: booking, an offline card payment, tickets that admit at the door.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KioskOfflineSaleUiTest {
    private static final Duration BACKEND_START = Duration.ofMinutes(3);
    private static final String DEVICE = "kiosk-riverside-1";
    /** 20 EUR: one seat (10.50-15.50 + 0.75 fee) passes, two do not. */
    private static final long FLOOR_LIMIT = 2000;
    private static Path dir;
    private static Path prints;
    private static int port;
    private static ChildJvm backend;
    private static final List<ChildJvm> started = new ArrayList<>();
    private static ZvtSimulator sim;
    private static KioskUi ui;
    private static String code;
    private static long totalMinor;
    private static List<String> qrs = List.of();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("offline-kiosk");
        prints = dir.resolve("prints");
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        backend = ChildJvm.start(BackendProcess.class, dir.resolve("backend-1.log"), dir.resolve("backend").toString(), Integer.toString(port));
        started.add(backend);
        backend.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
        lowerTheCardLimit();
        sim = ZvtSimulator.start();
        sim.stepDelay(Duration.ofMillis(100));
        System.setProperty("marquee.kiosk.terminal.host", "127.0.0.1");
        System.setProperty("marquee.kiosk.terminal.port", String.valueOf(sim.port()));
        System.setProperty("marquee.kiosk.terminal.password", "000000");
        System.setProperty("marquee.kiosk.terminal.currency", "EUR");
        System.setProperty("marquee.kiosk.terminal.timeout", "PT30S");
        System.setProperty("marquee.data.dir", dir.resolve("kiosk").toString());
        System.setProperty("marquee.kiosk.device.secret", "KioskDemo2026");
        System.setProperty("marquee.kiosk.printer", "pdf:" + prints);
        System.setProperty("marquee.kiosk.offline.refresh.seconds", "5");
        System.setProperty("marquee.kiosk.offline.retry.seconds", "1");
        ui = KioskUi.launch("--backend", "localhost:" + port, "--size", "1280x800", "--idle-seconds", "600");
    }

    /** Riverside's manager lowers the offline card limit (the demo's 60 EUR would pass any four seats). */
    private static void lowerTheCardLimit() {
        var channel = io.grpc.ManagedChannelBuilder.forTarget("localhost:" + port).usePlaintext().build();
        try {
            String token = marquee.users.v1.UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin("mgr01").setPin("9876").build()).getAccessToken();
            var theaters = marquee.theaters.v1.TheatersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .withCallCredentials(new marquee.platform.auth.BearerToken(token));
            var cinema = theaters.listCinemas(marquee.theaters.v1.ListCinemasRequest.getDefaultInstance()).getCinemasList().stream()
                    .filter(c -> c.getName().equals("Marquee Riverside")).findFirst().orElseThrow();
            var rules = cinema.getSalesRules().toBuilder().setOfflineKiosksAllowed(true).setOfflineCardFloorLimitMinor(FLOOR_LIMIT).build();
            theaters.updateCinema(marquee.theaters.v1.UpdateCinemaRequest.newBuilder().setCinemaId(cinema.getId())
                    .setCinema(marquee.theaters.v1.CreateCinemaRequest.newBuilder().setName(cinema.getName()).setAddress(cinema.getAddress())
                            .setCity(cinema.getCity()).setTimeZone(cinema.getTimeZone()).setCurrency(cinema.getCurrency()).setSalesRules(rules))
                    .build());
        } finally {
            channel.shutdownNow();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (String key : List.of("host", "port", "password", "currency", "timeout")) System.clearProperty("marquee.kiosk.terminal." + key);
        for (String key : List.of("marquee.data.dir", "marquee.kiosk.device.secret", "marquee.kiosk.printer", "marquee.kiosk.offline.refresh.seconds",
                "marquee.kiosk.offline.retry.seconds")) {
            System.clearProperty(key);
        }
        try {
            if (ui != null) ui.close();
            if (sim != null) sim.close();
        } finally {
            for (ChildJvm child : started) child.close();
        }
    }

    private static OfflineSaleViewModel sale() {
        return ui.app.kiosk().offlineSale();
    }

    private static OfflineSelling selling() {
        try {
            var field = KioskApp.class.getDeclaredField("offlineSelling");
            field.setAccessible(true);
            return (OfflineSelling) field.get(ui.app);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static marquee.kiosk.cache.Programme savedProgramme() {
        try {
            var field = KioskApp.class.getDeclaredField("programme");
            field.setAccessible(true);
            return (marquee.kiosk.cache.Programme) field.get(ui.app);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void onlineTheKioskRegistersItsKeyAndTakesItsSeatsSetAside() {
        ui.waitForScreen(Screen.ATTRACT);
        ui.waitUntil("offline selling set up", Duration.ofSeconds(60), () -> selling() != null);
        Path key = dir.resolve("kiosk").resolve("terminal-" + DEVICE + ".key");
        ui.waitUntil("the key registered", Duration.ofSeconds(60), () -> Files.exists(Path.of(key + ".registered")));
        ui.waitUntil("seats set aside", Duration.ofSeconds(60), () -> !selling().sellable().isEmpty());
        assertThat(selling().policy().kiosksAllowed()).isTrue();
        assertThat(selling().policy().cardFloorLimitMinor()).isEqualTo(FLOOR_LIMIT);
        assertThat(selling().sellable().get(0).seats()).hasSize(4);
        ui.waitUntil("the programme saved for the offline seat map", Duration.ofSeconds(90), () -> savedProgramme() != null);
        // Online nothing offers the offline sale.
        assertThat(sale().availableProperty().get()).isFalse();
    }

    @Test
    @Order(2)
    void withTheBackendStoppedACustomerBuysASeatSetAsideByCard() throws Exception {
        backend.stop(Duration.ofSeconds(60));
        assertThat(backend.process().isAlive()).isFalse();
        ui.waitUntil("out of order", Duration.ofSeconds(60), () -> ui.nav().screen() == Screen.OUT_OF_ORDER);
        ui.waitUntil("the offline sale offered", Duration.ofSeconds(30), () -> sale().availableProperty().get());
        assertThat(ui.node("#offline-sale").isVisible()).isTrue();
        ui.shot("offline-kiosk", "01-out-of-order-1280x800");

        ui.tap("#offline-sale");
        ui.waitForScreen(Screen.OFFLINE_SALE);
        ui.waitUntil("the showtimes", Duration.ofSeconds(10), () -> !sale().allocations().isEmpty());
        assertThat(ui.text("#offline-banner")).contains("OFFLINE SALE").contains("card only");
        ui.shot("offline-kiosk", "02-showtimes-1280x800");
        ui.tap("#offline-showtime-0");
        ui.waitUntil("the hall", Duration.ofSeconds(10), () -> sale().seatMapProperty().get() != null);
        OfflineModel.Allocation allocation = sale().allocationProperty().get();
        var map = sale().seatMapProperty().get();
        String a = allocation.seats().get(0).seatId();
        String b = allocation.seats().get(1).seatId();
        // A seat of the hall that is not set aside for this kiosk cannot be chosen.
        var hall = savedProgramme().seatMaps().get(allocation.showtimeId());
        assertThat(hall).as("the hall from the saved programme").isNotNull();
        String other = hall.rows().stream().flatMap(r -> r.seats().stream()).map(marquee.kiosk.model.SeatInfo::id)
                .filter(id -> allocation.seats().stream().noneMatch(s -> s.seatId().equals(id))).findFirst().orElseThrow();
        assertThat(WaitForAsyncUtils.asyncFx(() -> map.toggle(other)).get(10, TimeUnit.SECONDS))
                .isEqualTo(SeatMapModel.ToggleResult.NOT_AVAILABLE);
        ui.onFxRun(() -> {
            map.toggle(a);
            map.toggle(b);
        });
        ui.waitUntil("two seats in the order", Duration.ofSeconds(10), () -> sale().lines().size() == 2);

        // Two seats are above the 20 EUR limit: refused with a clear message, the terminal is never asked.
        assertThat(sale().totalMoneyProperty().get().amountMinor()).isGreaterThan(FLOOR_LIMIT);
        ui.tap("#offline-pay");
        assertThat(ui.text("#offline-problem")).contains("cards only up to").contains("20.00");
        assertThat(sim.authorizations()).isZero();
        ui.shot("offline-kiosk", "03-seats-over-limit-1280x800");
        ui.onFxRun(() -> ui.nav().languageProperty().set(Locale.GERMAN));
        ui.tap("#offline-pay");
        assertThat(ui.text("#offline-problem")).contains("Karten nur bis");
        assertThat(sim.authorizations()).isZero();
        ui.onFxRun(() -> ui.nav().languageProperty().set(Locale.ENGLISH));

        ui.onFxRun(() -> map.toggle(b));
        ui.waitUntil("one seat in the order", Duration.ofSeconds(10), () -> sale().lines().size() == 1);
        totalMoney();
        assertThat(totalMinor).isLessThanOrEqualTo(FLOOR_LIMIT);
        assertThat(ui.text("#offline-problem")).isEmpty();
        resize(1280, 800);
        ui.shot("offline-kiosk", "04-seat-map-1280x800");
        resize(1920, 1080);
        ui.shot("offline-kiosk", "05-seat-map-1920x1080");
        resize(1080, 1920);
        ui.shot("offline-kiosk", "06-seat-map-1080x1920");
        resize(1280, 800);

        ui.tap("#offline-pay");
        ui.waitUntil("the sale", Duration.ofSeconds(60), () -> sale().stepProperty().get() == OfflineSaleViewModel.Step.DONE
                || (sale().stepProperty().get() == OfflineSaleViewModel.Step.SEATS && !sale().problemProperty().get().isEmpty()));
        assertThat(sale().problemProperty().get()).isEmpty();
        assertThat(sim.approvedPayments()).hasSize(1);
        assertThat(sim.approvedPayments().get(0).amountMinor()).isEqualTo(totalMinor);
        code = sale().doneProperty().get().bookingCode();
        assertThat(code).matches("[ACDEFGHJKMNPQRTUVWXY34679]{8}");
        assertThat(ui.text("#offline-code")).contains(code);
        assertThat(sale().doneProperty().get().printed()).isTrue();
        ui.shot("offline-kiosk", "07-done-1280x800");

        // Journaled with the kiosk's MQ2 codes, the seat gone from the allocation, tickets "SOLD OFFLINE".
        assertThat(selling().stats().unsynced()).isEqualTo(1);
        assertThat(selling().sellable().stream().filter(x -> x.id().equals(allocation.id())).findFirst().orElseThrow().seats())
                .hasSize(3).noneMatch(s -> s.seatId().equals(a));
        var store = storeOf();
        qrs = store.unsynced(10).get(0).tickets().stream().map(OfflineModel.SoldTicket::qrPayload).toList();
        assertThat(qrs).singleElement().satisfies(q -> assertThat(q).startsWith("MQ2." + selling().keys().keyId() + "."));
        String tickets = pdfText("tickets-" + code);
        assertThat(tickets).contains("SOLD OFFLINE").contains(code);

        ui.tap("#offline-finish");
        ui.waitForScreen(Screen.OUT_OF_ORDER);
    }

    @Test
    @Order(3)
    void backOnlineTheSaleIsUploadedAsAnOfflineCardPaymentWithValidTickets() throws Exception {
        for (ChildJvm earlier : started) earlier.close();
        backend = ChildJvm.start(BackendProcess.class, dir.resolve("backend-2.log"), dir.resolve("backend").toString(), Integer.toString(port));
        started.add(backend);
        backend.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
        ui.waitUntil("the sale uploaded", Duration.ofSeconds(120), () -> selling().online() && selling().stats().unsynced() == 0);
        assertThat(selling().needingManager()).isEmpty();
        try {
            ui.waitUntil("back in service", Duration.ofSeconds(60), () -> ui.nav().screen() == Screen.ATTRACT);
        } catch (AssertionError e) {
            ui.shot("offline-kiosk", "99-not-back");
            throw new AssertionError(e.getMessage() + " (screen " + ui.nav().screen() + ", fault " + ui.health().faultProperty().get() + ")", e);
        }
        ui.waitUntil("the offline sale no longer offered", Duration.ofSeconds(30), () -> !sale().availableProperty().get());

        var channel = io.grpc.ManagedChannelBuilder.forTarget("localhost:" + port).usePlaintext().build();
        try {
            String token = marquee.users.v1.UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin("mgr01").setPin("9876").build()).getAccessToken();
            var auth = new marquee.platform.auth.BearerToken(token);
            try (var office = new marquee.kiosk.backend.GrpcBackendClient("localhost:" + port)) {
                office.cashier().signInStaff("mgr01", "9876");
                var booking = office.cashier().booking(code);
                assertThat(booking.code()).isEqualTo(code);
                var payments = marquee.payments.v1.PaymentsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .withCallCredentials(auth).listPayments(marquee.payments.v1.ListPaymentsRequest.newBuilder()
                                .setBookingId(booking.id()).build()).getPaymentsList();
                assertThat(payments).singleElement().satisfies(p -> {
                    assertThat(p.getOffline()).as("recorded as taken offline").isTrue();
                    assertThat(p.getMethod().name()).contains("CARD");
                    assertThat(p.getAmount().getAmountMinor()).isEqualTo(totalMinor);
                });
                assertThat(office.tickets(code)).singleElement().satisfies(t -> assertThat(t.qrPayload()).isEqualTo(qrs.get(0)));
            }
            // The kiosk's report: seats set aside, nothing waiting (GET /devices reads the same rows).
            ui.waitUntil("the kiosk's report", Duration.ofSeconds(90), () -> marquee.users.v1.UsersServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).withCallCredentials(auth)
                    .listDeviceStates(marquee.users.v1.ListDeviceStatesRequest.getDefaultInstance()).getDevicesList().stream()
                    .anyMatch(d -> d.getDeviceId().equals(DEVICE) && d.getAllocatedSeats() > 0 && d.getUnsyncedJournal() == 0 && d.hasLastSyncAt()));
        } finally {
            channel.shutdownNow();
        }
        // The ticket is valid: it admits once at the door.
        try (GrpcDoorClient door = new GrpcDoorClient("localhost:" + port, Config.fromEnvironment(), Duration.ofMillis(3000))) {
            door.signIn("door01", "2468");
            assertThat(door.checkIn(qrs.get(0), "", 0, "door-test").result()).isEqualTo(ScanResult.ADMIT);
            assertThat(door.checkIn(qrs.get(0), "", 0, "door-test").result()).isEqualTo(ScanResult.ALREADY_USED);
        }
    }

    // ---- helpers ----

    private static void totalMoney() {
        totalMinor = sale().totalMoneyProperty().get().amountMinor();
    }

    private static marquee.kiosk.cache.OfflineStore storeOf() throws Exception {
        var field = OfflineSelling.class.getDeclaredField("store");
        field.setAccessible(true);
        return (marquee.kiosk.cache.OfflineStore) field.get(selling());
    }

    private static void resize(int width, int height) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            ui.stage.setWidth(width);
            ui.stage.setHeight(height);
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String pdfText(String prefix) throws IOException {
        Path newest;
        try (Stream<Path> files = Files.list(prints)) {
            newest = files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".pdf"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no PDF " + prefix + "* in " + prints));
        }
        try (var document = Loader.loadPDF(newest.toFile())) {
            return new PDFTextStripper().getText(document);
        }
    }
}
