package marquee.kiosk.door;

import marquee.kiosk.backend.GrpcDoorClient;
import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import marquee.kiosk.model.CinemaInfo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import marquee.kiosk.Screenshots;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.pickup.BackendProcess;
import marquee.kiosk.pickup.ChildJvm;
import marquee.kiosk.pickup.Purchases;
import marquee.platform.config.Config;
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
 * The door as door staff use it: the real app and window, the real backend in a process of its
 * own (really stopped for the outage, restarted on the same data), a scanner typing into the
 * scan field. A second door (no window, its own journal) admits the same ticket during the outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoorUiTest {
    private static final Duration BACKEND_START = Duration.ofMinutes(3);
    private static final FxRobot robot = new FxRobot();
    private static Path dir;
    private static int port;
    private static ChildJvm backend;
    /** Every backend process started, so a failed step never leaves one running. */
    private static final List<ChildJvm> started = new ArrayList<>();
    private static GrpcBackendClient kiosk;
    private static DoorApp app;
    private static Stage stage;
    private static List<TicketInfo> tickets;
    private static CheckoutResult refunded;
    private static TicketInfo lateTicket;
    private static ShowtimeInfo late;
    private static GrpcDoorClient secondClient;
    private static ScanJournal secondJournal;
    private static TicketCache secondCache;
    private static DoorDesk secondDoor;
    private static final List<Long> onlineMicros = new ArrayList<>();
    private static final List<Long> offlineMicros = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("door-ui");
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        backend = ChildJvm.start(BackendProcess.class, dir.resolve("backend-1.log"), dir.resolve("backend").toString(),
                Integer.toString(port));
        started.add(backend);
        backend.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
        kiosk = new GrpcBackendClient("localhost:" + port);
        kiosk.signIn("kiosk-riverside-1", "KioskDemo2026");
        CinemaInfo cinema = kiosk.cinema();
        List<ShowtimeInfo> upcoming = Purchases.upcoming(kiosk, cinema);
        ShowtimeInfo first = upcoming.get(0);
        tickets = Purchases.buy(kiosk, first.id(), 6).tickets();
        refunded = Purchases.buy(kiosk, first.id(), 1);
        // A show well after the door's admission window: TOO_EARLY.
        late = upcoming.stream().filter(s -> s.startsAt().isAfter(first.startsAt().plus(Duration.ofHours(3)))).findFirst().orElseThrow();
        lateTicket = Purchases.buy(kiosk, late.id(), 1).tickets().get(0);
        // The door admits from the first show's start plus an hour back to now: the first show is admitted, the late one not.
        long admitMinutes = Duration.between(Instant.now(), first.startsAt()).toMinutes() + 60;

        // Sync every second so the test does not wait for the default 15 s.
        System.setProperty("marquee.kiosk.door.sync.seconds", "1");
        stage = FxToolkit.registerPrimaryStage();
        app = (DoorApp) FxToolkit.setupApplication(DoorApp.class, "--mode", "door", "--backend", "localhost:" + port,
                "--data-dir", dir.resolve("door-a").toString(), "--station", "door-a", "--admit-minutes", Long.toString(admitMinutes),
                "--size", "1280x800");
        waitUntil("the door", Duration.ofSeconds(60), () -> app.model() != null);

        // The second door, with the same staff account, its own journal and offline copy.
        secondClient = new GrpcDoorClient("localhost:" + port, Config.fromEnvironment(), Duration.ofMillis(1500));
        secondJournal = ScanJournal.open(dir.resolve("door-b.sqlite"));
        secondCache = TicketCache.open(dir.resolve("door-b-cache.sqlite"));
        secondDoor = new DoorDesk(secondClient, secondJournal, secondCache, "door-b", Duration.ofMinutes(admitMinutes), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("marquee.kiosk.door.sync.seconds");
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (secondDoor != null) secondDoor.close();
        if (secondClient != null) secondClient.close();
        if (secondJournal != null) secondJournal.close();
        if (secondCache != null) secondCache.close();
        if (kiosk != null) kiosk.close();
        for (ChildJvm child : started) child.close();
        if (!onlineMicros.isEmpty()) print("online", onlineMicros);
        if (!offlineMicros.isEmpty()) print("offline", offlineMicros);
    }

    private static DoorViewModel door() {
        return app.model();
    }

    @Test
    @Order(1)
    void aWrongPinIsRefusedAndDoorStaffSignIn() {
        robot.clickOn("#door-login").write("door01");
        robot.clickOn("#door-pin").write("0000").type(KeyCode.ENTER);
        waitUntil("the refusal", Duration.ofSeconds(30), () -> !door().signInErrorProperty().get().isEmpty());
        assertThat(text("#door-sign-in-error")).contains("refused");
        assertThat(door().screenProperty().get()).isEqualTo(DoorViewModel.Screen.SIGN_IN);

        robot.clickOn("#door-pin").write("2468").type(KeyCode.ENTER);
        waitUntil("signed in", Duration.ofSeconds(30), () -> door().screenProperty().get() == DoorViewModel.Screen.SCAN);
        assertThat(text("#door-connection")).isEqualTo("Online");
        shot("door-01-ready");
    }

    @Test
    @Order(2)
    void aScannedTicketIsAdmittedWithFilmHallSeatAndShowtime() {
        TicketInfo t = tickets.get(0);
        // A keyboard-wedge scanner: fast keystrokes into whatever has the focus, then Enter.
        int before = door().verdictsProperty().get();
        assertThat(robot.lookup("#door-scan").query().isFocused()).as("the scan field has the keyboard").isTrue();
        robot.write(t.qrPayload()).type(KeyCode.ENTER);
        awaitVerdict(before);
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ADMIT);
        assertThat(text("#door-headline")).isEqualTo("ADMIT");
        assertThat(text("#door-film")).isEqualTo(t.filmTitle());
        assertThat(text("#door-hall")).isEqualTo(t.hallName());
        assertThat(text("#door-seat")).isEqualTo(t.row() + t.number());
        assertThat(text("#door-showtime")).isNotBlank();
        assertThat(robot.lookup("#door-verdict").query().getStyleClass()).contains("admit");
        assertThat(((TextField) robot.lookup("#door-scan").query()).getText()).isEmpty();
        shot("door-02-admit");
    }

    @Test
    @Order(3)
    void everyRefusalSaysWhy() throws Exception {
        scan(tickets.get(0).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ALREADY_USED);
        assertThat(text("#door-headline")).isEqualTo("REFUSE");
        assertThat(text("#door-reason")).startsWith("Already used");
        assertThat(robot.lookup("#door-verdict").query().getStyleClass()).contains("refuse");
        shot("door-03-already-used");

        try (GrpcBackendClient office = new GrpcBackendClient("localhost:" + port)) {
            office.cashier().signInStaff("mgr01", "9876");
            office.cashier().cancelBooking(refunded.booking().id(), "refunded at the box office", "");
        }
        scan(refunded.tickets().get(0).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.REVOKED);
        assertThat(text("#door-reason")).isEqualTo("Refunded or cancelled");
        shot("door-04-refunded");

        WaitForAsyncUtils.asyncFx(() -> door().admittingProperty().set(
                new DoorModel.ShowtimeChoice(late.id(), late.movieTitle(), late.hallName(), late.startsAt()))).get(10, TimeUnit.SECONDS);
        scan(tickets.get(1).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.WRONG_SHOWTIME);
        assertThat(text("#door-reason")).isEqualTo("Wrong showtime");
        shot("door-05-wrong-showtime");
        WaitForAsyncUtils.asyncFx(() -> door().admittingProperty().set(null)).get(10, TimeUnit.SECONDS);

        scan(lateTicket.qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.TOO_EARLY);
        assertThat(text("#door-reason")).startsWith("Too early");
        shot("door-06-too-early");

        String qr = tickets.get(1).qrPayload();
        scan(qr.substring(0, 30) + (qr.charAt(30) == 'A' ? 'B' : 'A') + qr.substring(31));
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.FORGED);
        assertThat(text("#door-reason")).isEqualTo("Not a genuine ticket");
        assertThat(text("#door-film")).isEqualTo("—");
        shot("door-07-forged");

        for (int i = 0; i < 30; i++) {
            scan(tickets.get(0).qrPayload());
            onlineMicros.add(door().lastScanMicrosProperty().get());
        }
    }

    @Test
    @Order(4)
    void withTheBackendStoppedTheDoorAdmitsOnceRefusesTheRefundedAndJournalsEveryScan() throws Exception {
        secondDoor.signIn("door01", "2468");
        assertThat(secondDoor.syncOnce()).isTrue();
        // Door A has synced the refund and its journal is uploaded.
        Thread.sleep(3000);
        waitUntil("door A synced", Duration.ofSeconds(60), () -> door().unsyncedProperty().get() == 0);

        backend.stop(Duration.ofSeconds(60));
        assertThat(backend.process().isAlive()).isFalse();

        scan(tickets.get(2).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ADMIT);
        assertThat(text("#door-reason")).isEqualTo("Checked offline");
        assertThat(text("#door-film")).isEqualTo(tickets.get(2).filmTitle());
        waitUntil("the offline notice", Duration.ofSeconds(10), () -> !door().onlineProperty().get());
        assertThat(text("#door-connection")).startsWith("OFFLINE since");
        shot("door-08-offline-admit");

        scan(tickets.get(2).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ALREADY_USED);
        scan(refunded.tickets().get(0).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.REVOKED);
        scan(tickets.get(0).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ALREADY_USED);
        scan(lateTicket.qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.TOO_EARLY);
        scan("MQ1.not-a-ticket.AAAA");
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.FORGED);
        assertThat(door().unsyncedProperty().get()).isGreaterThanOrEqualTo(6);

        // The same ticket at both doors during the outage: each door admits it once.
        assertThat(secondDoor.scan(tickets.get(3).qrPayload(), "").result()).isEqualTo(ScanResult.ADMIT);
        scan(tickets.get(3).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ADMIT);

        // Door B restarted during the outage: staff who signed in there before sign in again on its own copy.
        try (GrpcDoorClient restartedClient = new GrpcDoorClient("localhost:" + port, Config.fromEnvironment(), Duration.ofMillis(1500));
             DoorDesk restarted = new DoorDesk(restartedClient, secondJournal, secondCache, "door-b", Duration.ofDays(7),
                     Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> restarted.signIn("door01", "0000"))
                    .isInstanceOf(marquee.kiosk.backend.BackendUnavailableException.class);
            assertThat(restarted.signIn("door01", "2468").name()).isEqualTo("Demo Door Staff");
            assertThat(restarted.online()).isFalse();
            assertThat(restarted.scan(tickets.get(4).qrPayload(), "").result()).isEqualTo(ScanResult.ADMIT);
            assertThat(restarted.scan(tickets.get(4).qrPayload(), "").result()).isEqualTo(ScanResult.ALREADY_USED);
        }

        for (int i = 0; i < 200; i++) {
            scan(tickets.get(2).qrPayload());
            offlineMicros.add(door().lastScanMicrosProperty().get());
        }
    }

    @Test
    @Order(5)
    void backOnlineTheJournalUploadsAndTheDuplicateAdmissionIsReportedOnTheScreen() throws Exception {
        for (ChildJvm earlier : started) earlier.close();
        backend = ChildJvm.start(BackendProcess.class, dir.resolve("backend-2.log"), dir.resolve("backend").toString(),
                Integer.toString(port));
        started.add(backend);
        backend.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
        // Door B's first call may still meet the connection the stopped backend left behind (UNAVAILABLE):
        // like the door's own sync loop, try again for a little while.
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertThat(secondDoor.syncOnce()).isTrue();
                break;
            } catch (marquee.kiosk.backend.BackendUnavailableException e) {
                if (System.nanoTime() > until) throw e;
                Thread.sleep(500);
            }
        }
        waitUntil("door A back online with its journal uploaded", Duration.ofSeconds(120),
                () -> door().onlineProperty().get() && door().unsyncedProperty().get() == 0);
        waitUntil("the duplicate on the screen", Duration.ofSeconds(60), () -> door().duplicatesProperty().get() >= 1);
        assertThat(text("#door-duplicates")).isEqualTo("Duplicates today: 1");
        assertThat(text("#door-connection")).isEqualTo("Online");
        shot("door-09-duplicate-reported");

        // Online again: the ticket admitted offline is used in the backend too.
        scan(tickets.get(2).qrPayload());
        assertThat(door().resultProperty().get()).isEqualTo(ScanResult.ALREADY_USED);
    }

    @Test
    @Order(6)
    void tenThousandJournaledScansUploadAfterReconnectAndASecondUploadStoresNothing() throws Exception {
        try (GrpcDoorClient client = new GrpcDoorClient("localhost:" + port, Config.fromEnvironment(), Duration.ofMillis(1500));
             ScanJournal journal = ScanJournal.open(dir.resolve("door-bulk.sqlite"));
             TicketCache cache = TicketCache.open(dir.resolve("door-bulk-cache.sqlite"));
             DoorDesk bulk = new DoorDesk(client, journal, cache, "door-bulk", Duration.ZERO, Clock.systemUTC())) {
            // An evening's outage at a busy door: 10,000 offline scans of real tickets, journaled as the door does.
            long writing = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                TicketInfo t = tickets.get(i % tickets.size());
                journal.record(new DoorModel.JournalEntry(0, java.util.UUID.randomUUID().toString(), t.qrPayload(), "",
                        Instant.now(), ScanResult.ADMIT, true), null);
            }
            double written = (System.nanoTime() - writing) / 1e9;
            assertThat(journal.stats().unsynced()).isEqualTo(10_000);
            var firstBatch = journal.unsynced(1000);
            // Back online: the sign-in starts the sync, which uploads the whole backlog by itself.
            long started = System.nanoTime();
            bulk.signIn("door01", "2468");
            waitUntil("the backlog uploaded", Duration.ofMinutes(5), () -> journal.stats().unsynced() == 0);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("DOOR JOURNAL 10000 scans written: %.1f s (%.2f ms each, synchronous=FULL)%n", written, written / 10);
            System.out.printf("DOOR UPLOAD 10000 scans after reconnect: %.1f s (%.0f scans/s)%n", seconds, 10_000 / seconds);
            // Uploaded again (a door restored from a copy of its journal): nothing is stored twice.
            assertThat(client.upload("door-bulk", firstBatch).uploaded()).isZero();
            assertThat(journal.stats().unsynced()).isZero();
        }
    }

    private static void scan(String code) {
        int before = door().verdictsProperty().get();
        try {
            WaitForAsyncUtils.asyncFx(() -> {
                TextField field = (TextField) robot.lookup("#door-scan").query();
                field.setText(code);
                field.fireEvent(new javafx.event.ActionEvent());
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        awaitVerdict(before);
    }

    private static void awaitVerdict(int before) {
        waitUntil("a verdict", Duration.ofSeconds(30), () -> door().verdictsProperty().get() > before);
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

    private static void print(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(Long::compare);
        System.out.printf("DOOR SCAN %s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
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
    }
}
