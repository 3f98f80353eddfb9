package marquee.kiosk.cashier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import marquee.kiosk.Screenshots;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.backend.GrpcDoorClient;
import marquee.kiosk.door.OfflineCheck;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OfflineModel;
import marquee.kiosk.model.Payment;
import marquee.kiosk.model.ScanResult;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.offline.OfflineSelling;
import marquee.kiosk.pickup.BackendProcess;
import marquee.kiosk.pickup.ChildJvm;
import marquee.platform.config.Config;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Offline selling at the till as a cashier does it (issue 14): the real till app and window, the
 * real backend in a process of its own. Online the till registers its key and takes its seats set
 * aside; the backend process is then really stopped, the till sells from those seats (cash, change
 * due, tickets "SOLD OFFLINE" with MQ2 codes), and once the backend is started again on the same
 * data the sale is uploaded: the booking and its cash payment are in the backend's books and the
 * shift, and the tickets admit at the door (online check-in, and a door checking offline).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineTillUiTest {
    private static final Duration BACKEND_START = Duration.ofMinutes(3);
    private static final FxRobot robot = new FxRobot();
    private static Path dir;
    private static Path prints;
    private static int port;
    private static ChildJvm backend;
    private static final List<ChildJvm> started = new ArrayList<>();
    private static CashierApp app;
    private static Stage stage;
    private static OfflineModel.Allocation soldFrom;
    private static String code;
    private static long totalMinor;
    private static List<String> qrs = List.of();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("offline-till");
        prints = dir.resolve("prints");
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        backend = ChildJvm.start(BackendProcess.class, dir.resolve("backend-1.log"), dir.resolve("backend").toString(),
                Integer.toString(port));
        started.add(backend);
        backend.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
        // Rounds every few seconds instead of every 3 minutes, retries every second while offline.
        System.setProperty("marquee.kiosk.offline.refresh.seconds", "5");
        System.setProperty("marquee.kiosk.offline.retry.seconds", "1");
        stage = FxToolkit.registerPrimaryStage();
        app = (CashierApp) FxToolkit.setupApplication(CashierApp.class, "--mode", "cashier", "--backend", "localhost:" + port,
                "--size", "1280x800", "--printer", "pdf:" + prints, "--data-dir", dir.resolve("till").toString(),
                "--station", "till-offline-1", "--cinema-name", "Marquee Riverside");
        waitUntil("the till", Duration.ofSeconds(60), () -> app.model() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("marquee.kiosk.offline.refresh.seconds");
        System.clearProperty("marquee.kiosk.offline.retry.seconds");
        try {
            if (app != null) FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        } finally {
            // Every backend process started is stopped, also when the app's shutdown failed.
            for (ChildJvm child : started) child.close();
        }
    }

    private static CashierViewModel till() {
        return app.model();
    }

    @Test
    @Order(1)
    void onlineTheTillRegistersItsKeyAndTakesItsSeatsSetAside() {
        robot.clickOn("#staff-id").write("cash01").type(KeyCode.TAB).write("1234").type(KeyCode.ENTER);
        try {
            waitUntil("the open-shift screen", Duration.ofSeconds(90),
                    () -> till().screenProperty().get() == CashierViewModel.Screen.OPEN_SHIFT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (screen " + till().screenProperty().get() + ", sign-in says: "
                    + till().login().errorProperty().get() + ")", e);
        }
        robot.clickOn("#opening-float").write("100.00").type(KeyCode.ENTER);
        waitUntil("the desk", Duration.ofSeconds(30), () -> till().screenProperty().get() == CashierViewModel.Screen.DESK);

        Path key = dir.resolve("till").resolve("terminal-till-offline-1.key");
        waitUntil("the key registered", Duration.ofSeconds(60), () -> Files.exists(Path.of(key + ".registered")));
        waitUntil("seats set aside", Duration.ofSeconds(60), () -> {
            till().offline().refresh();
            return !till().offline().allocations().isEmpty();
        });
        waitUntil("the programme saved for offline use", Duration.ofSeconds(90), () -> till().context().cachedProgramme().isPresent());
        OfflineModel.Allocation first = till().offline().allocations().get(0);
        assertThat(first.seats()).hasSize(4);
        assertThat(first.prices().currency()).isEqualTo("EUR");
        // Online the page sends the cashier to the normal sale.
        robot.type(KeyCode.F6);
        waitUntil("the offline page", Duration.ofSeconds(10), () -> till().deskProperty().get() == CashierViewModel.Desk.OFFLINE);
        assertThat(text("#offline-status")).startsWith("Online");
        assertThat(text("#offline-pending")).isEqualTo("No offline sales wait for upload.");
    }

    @Test
    @Order(2)
    void withTheBackendStoppedTheTillSellsFromItsSeatsSetAside() throws Exception {
        backend.stop(Duration.ofSeconds(60));
        assertThat(backend.process().isAlive()).isFalse();
        waitUntil("the till offline", Duration.ofSeconds(60), () -> !till().offline().onlineProperty().get());
        assertThat(text("#offline-banner")).contains("OFFLINE").contains("Offline sale (F6)");
        assertThat(text("#offline-status")).startsWith("OFFLINE SALE");

        waitUntil("the showtimes", Duration.ofSeconds(10), () -> !till().offline().allocations().isEmpty());
        soldFrom = till().offline().allocations().get(0);
        robot.clickOn(robot.lookup("#offline-showtimes .list-cell").nth(0).queryAs(Node.class));
        waitUntil("the hall", Duration.ofSeconds(10), () -> till().offline().seatMapProperty().get() != null);
        var map = till().offline().seatMapProperty().get();
        String a = soldFrom.seats().get(0).seatId();
        String b = soldFrom.seats().get(1).seatId();
        WaitForAsyncUtils.asyncFx(() -> {
            map.toggle(a);
            map.toggle(b);
        }).get(10, TimeUnit.SECONDS);
        waitUntil("two seats in the order", Duration.ofSeconds(10), () -> till().offline().lines().size() == 2);
        // A seat that is not set aside for this till cannot be chosen.
        var cached = till().context().cachedProgramme().orElseThrow().seatMaps().get(soldFrom.showtimeId());
        assertThat(cached).as("the hall from the till's copy").isNotNull();
        String other = cached.rows().stream().flatMap(r -> r.seats().stream()).map(marquee.kiosk.model.SeatInfo::id)
                .filter(id -> soldFrom.seats().stream().noneMatch(s -> s.seatId().equals(id))).findFirst().orElseThrow();
        assertThat(WaitForAsyncUtils.asyncFx(() -> map.toggle(other)).get(10, TimeUnit.SECONDS))
                .isEqualTo(marquee.kiosk.seatmap.SeatMapModel.ToggleResult.NOT_AVAILABLE);
        assertThat(till().offline().lines()).hasSize(2);

        shot("offline-till-01-seats-1280x800");
        // Like a cashier with the mouse wheel: the order scrolls to its last ticket.
        WaitForAsyncUtils.asyncFx(() -> {
            Node toggle = robot.lookup("#offline-type-" + b + "-CHILD").query();
            for (Node n = toggle; n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane pane) pane.setVvalue(1.0);
            }
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#offline-type-" + b + "-CHILD");
        waitUntil("the child price", Duration.ofSeconds(10), () -> till().offline().lines().stream()
                .anyMatch(l -> l.seatId().equals(b) && l.type() == TicketType.CHILD));
        Map<String, TicketType> order = new LinkedHashMap<>();
        order.put(a, TicketType.ADULT);
        order.put(b, TicketType.CHILD);
        totalMinor = OfflineSelling.total(soldFrom, order).amountMinor();
        robot.clickOn("#offline-tendered").write("50.00");
        assertThat(text("#offline-change-due")).isEqualTo(new Money(5000 - totalMinor, "EUR").format(java.util.Locale.ENGLISH));
        shot("offline-till-01-order-1280x800-tendered");
        robot.clickOn("#offline-pay-cash");
        waitUntil("the sale", Duration.ofSeconds(30), () -> till().offline().completedProperty().get() != null
                || !till().offline().errorProperty().get().isEmpty());
        assertThat(till().offline().errorProperty().get()).isEmpty();
        code = till().offline().completedProperty().get().bookingCode();
        assertThat(code).matches("[ACDEFGHJKMNPQRTUVWXY34679]{8}");
        assertThat(text("#offline-message")).contains("Sold offline").contains(code);
        assertThat(text("#offline-change-due")).isEqualTo(new Money(5000 - totalMinor, "EUR").format(java.util.Locale.ENGLISH));
        waitUntil("the pending upload shown", Duration.ofSeconds(10), () -> text("#offline-pending").startsWith("1 offline sale waits"));
        // On the Offline sale tab, seen from every page of the desk.
        assertThat(till().offline().pendingBadgeProperty().get()).isEqualTo("1 offline sale to upload");

        String tickets = pdfText("tickets-" + code);
        assertThat(tickets).contains("SOLD OFFLINE").contains(code);
        assertThat(pdfText("receipt-" + code)).contains("SOLD OFFLINE").contains(code);
        // The seats just sold are gone from the till's allocation at once.
        waitUntil("the seats gone", Duration.ofSeconds(10), () -> till().offline().allocationProperty().get() != null
                && till().offline().allocationProperty().get().seats().size() == 2);

        shot("offline-till-02-sold-1280x800");
        resize(1920, 1080);
        shot("offline-till-03-sold-1920x1080");
        resize(1080, 1920);
        shot("offline-till-04-sold-1080x1920");
        resize(1280, 800);
    }

    @Test
    @Order(3)
    void theJournalHoldsTheSignedTicketsAndASeatCannotBeSoldTwice() throws Exception {
        Path cacheFile = dir.resolve("till").resolve("till-till-offline-1.sqlite");
        assertThat(cacheFile).exists();
        // The sale in the journal, read the way the upload reads it: MQ2 codes signed with the till's key.
        OfflineSelling selling = sellingOf();
        var journaled = selling.stats();
        assertThat(journaled.unsynced()).isEqualTo(1);
        var store = storeOf();
        var sale = store.unsynced(10).get(0);
        qrs = sale.tickets().stream().map(OfflineModel.SoldTicket::qrPayload).toList();
        assertThat(qrs).allMatch(q -> q.startsWith("MQ2." + selling.keys().keyId() + "."));
        OfflineCheck door = new OfflineCheck(selling.keys().publicKeyX509(), Map.of(selling.keys().keyId(), selling.keys().publicKeyX509()));
        assertThat(door.verify(qrs.get(0))).isPresent();
        // Selling a seat of that sale again at this till: refused, nothing journaled.
        String taken = sale.tickets().get(0).seatId();
        assertThatThrownBy(() -> selling.sell(soldFrom.id(), Map.of(taken, TicketType.ADULT), OfflineModel.Paid.cash(5000), "x", ""))
                .isInstanceOf(OfflineSelling.SaleRefusedException.class);
        assertThat(selling.stats().unsynced()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void backOnlineTheSaleIsUploadedBookedPaidInTheShiftAndAdmittedAtTheDoor() throws Exception {
        for (ChildJvm earlier : started) earlier.close();
        backend = ChildJvm.start(BackendProcess.class, dir.resolve("backend-2.log"), dir.resolve("backend").toString(),
                Integer.toString(port));
        started.add(backend);
        backend.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
        waitUntil("the sale uploaded", Duration.ofSeconds(120), () -> till().offline().onlineProperty().get()
                && text("#offline-pending").equals("No offline sales wait for upload."));
        assertThat(till().offline().needingManager()).isEmpty();
        waitUntil("the tab's count cleared", Duration.ofSeconds(10), () -> till().offline().pendingBadgeProperty().get().isEmpty());
        shot("offline-till-05-uploaded");

        try (GrpcBackendClient office = new GrpcBackendClient("localhost:" + port)) {
            office.cashier().signInStaff("mgr01", "9876");
            var booking = office.cashier().booking(code);
            assertThat(booking.code()).isEqualTo(code);
            List<Payment> payments = office.cashier().payments(booking.id());
            assertThat(payments).singleElement().satisfies(p -> assertThat(p.amount().amountMinor()).isEqualTo(totalMinor));
            // The cash is in the cashier's shift.
            var shift = till().shift().shiftProperty().get();
            var report = office.cashier().shiftReport(shift.id());
            assertThat(report.cashSales().amountMinor()).isGreaterThanOrEqualTo(totalMinor);
            assertThat(report.cashSaleCount()).isGreaterThanOrEqualTo(1);
        }
        // The till gave the allocation it sold from back and took a fresh one.
        waitUntil("fresh seats set aside", Duration.ofSeconds(60), () -> {
            till().offline().refresh();
            return till().offline().allocations().stream().noneMatch(a -> a.id().equals(soldFrom.id()));
        });

        // The till reported itself: seats set aside, nothing waiting (GET /devices reads the same rows).
        var channel = io.grpc.ManagedChannelBuilder.forTarget("localhost:" + port).usePlaintext().build();
        try {
            var users = marquee.users.v1.UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            String token = users.staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin("mgr01").setPin("9876").build())
                    .getAccessToken();
            waitUntil("the till's report", Duration.ofSeconds(60), () -> {
                var devices = marquee.users.v1.UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .withCallCredentials(new marquee.platform.auth.BearerToken(token))
                        .listDeviceStates(marquee.users.v1.ListDeviceStatesRequest.getDefaultInstance()).getDevicesList();
                return devices.stream().anyMatch(d -> d.getDeviceId().equals("till-offline-1") && d.getAllocatedSeats() > 0
                        && d.getUnsyncedJournal() == 0 && d.hasLastSyncAt());
            });
        } finally {
            channel.shutdownNow();
        }

        // At the door: a door checking offline with the synced terminal keys, then check-in online.
        try (GrpcDoorClient door = new GrpcDoorClient("localhost:" + port, Config.fromEnvironment(), Duration.ofMillis(3000))) {
            door.signIn("door01", "2468");
            var keys = door.verificationKeys(till().context().cinema().id());
            assertThat(keys.terminalKeys()).containsKey(sellingOf().keys().keyId());
            OfflineCheck offline = new OfflineCheck(keys.backendKey(), keys.terminalKeys());
            assertThat(offline.verify(qrs.get(0))).isPresent();
            assertThat(door.checkIn(qrs.get(0), "", 0, "door-test").result()).isEqualTo(ScanResult.ADMIT);
            assertThat(door.checkIn(qrs.get(0), "", 0, "door-test").result()).isEqualTo(ScanResult.ALREADY_USED);
            assertThat(door.checkIn(qrs.get(1), "", 0, "door-test").result()).isEqualTo(ScanResult.ADMIT);
        }
    }

    // ---- helpers ----

    private static OfflineSelling sellingOf() throws Exception {
        var field = CashierApp.class.getDeclaredField("offlineSelling");
        field.setAccessible(true);
        return (OfflineSelling) field.get(app);
    }

    private static marquee.kiosk.cache.OfflineStore storeOf() throws Exception {
        var field = OfflineSelling.class.getDeclaredField("store");
        field.setAccessible(true);
        return (marquee.kiosk.cache.OfflineStore) field.get(sellingOf());
    }

    private static void resize(int width, int height) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Stream<Path> prints(String prefix) throws IOException {
        if (!Files.isDirectory(prints)) return Stream.empty();
        return Files.list(prints).filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".pdf"));
    }

    private static String pdfText(String prefix) throws IOException {
        Path newest;
        try (Stream<Path> files = prints(prefix)) {
            newest = files.max(Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow(
                    () -> new AssertionError("no PDF " + prefix + "* in " + prints));
        }
        try (var document = Loader.loadPDF(newest.toFile())) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static String text(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        Node node = robot.lookup(query).query();
        return ((Labeled) node).getText();
    }

    private static void shot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Screenshots.save(stage.getScene(), name)).exists();
    }

    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, () -> {
                try {
                    return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
