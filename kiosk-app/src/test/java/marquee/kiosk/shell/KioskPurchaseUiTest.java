package marquee.kiosk.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.health.Fault;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatInfo;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.SeatStatus;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.nav.Screen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kiosk as a customer meets it: the real app and window, against the real backend (embedded
 * PostgreSQL, demo data) over gRPC. Saves a screenshot of every screen at both kiosk sizes.
 */
class KioskPurchaseUiTest {
    private static final String DEVICE = "kiosk-riverside-1";
    private static final String SECRET = "KioskDemo2026";
    private static EmbeddedTestBackend backend;
    private static BackendClient otherKiosk;
    private KioskUi ui;

    private static Path kioskData;

    @BeforeAll
    static void startBackend() throws Exception {
        // The app's own files (ticket PDFs, offline copy) go to a fresh directory, not ~/.marquee.
        kioskData = Files.createTempDirectory("kiosk-app-data");
        System.setProperty("marquee.data.dir", kioskData.toString());
        backend = EmbeddedTestBackend.start(Files.createTempDirectory("kiosk-ui"));
        otherKiosk = new GrpcBackendClient(backend.runtime().inProcessTarget());
        otherKiosk.signIn(DEVICE, SECRET);
    }

    @AfterAll
    static void stopBackend() {
        System.clearProperty("marquee.data.dir");
        if (otherKiosk != null) otherKiosk.close();
        if (backend != null) backend.close();
    }

    @AfterEach
    void closeApp() throws Exception {
        if (ui != null) ui.close();
    }

    private KioskUi launch(String size, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--backend", backend.runtime().inProcessTarget(), "--size", size,
                "--idle-seconds", "600"));
        args.addAll(List.of(extra));
        ui = KioskUi.launch(args.toArray(String[]::new));
        return ui;
    }

    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"1920x1080", "1080x1920"})
    void aCustomerBuysTwoTicketsFromTheStartScreenToTheTicketWithItsQrCode(String size) throws Exception {
        String shots = size.equals("1920x1080") ? "landscape" : "portrait";
        launch(size);
        ShowtimeInfo show = ui.toSeatMap(shots);
        ui.shot(shots, "04-seat-map");

        ui.tap("#best-seats");
        ui.waitUntil("the best two seats", Duration.ofSeconds(20),
                () -> ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().size() == 2);
        List<String> seats = List.copyOf(ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats());
        assertThat(ui.text("#chosen-seats")).isEqualTo(String.join(", ", seats));
        ui.shot(shots, "05-seats-chosen");

        ui.tap("#continue");
        ui.waitForScreen(Screen.TICKETS);
        Hold held = ui.checkout().sessionProperty().get().holdProperty().get();
        assertThat(held.lines()).extracting(HoldLine::seatId).containsExactlyInAnyOrderElementsOf(seats);
        assertThat(otherKiosk.seatMap(show.id()).status(seats.get(0))).isEqualTo(SeatStatus.HELD);
        assertThat(ui.text("#countdown")).contains(":");
        String adultTotal = ui.text("#total");

        String childSeat = held.lines().get(0).seatId();
        ui.tap("#type-" + childSeat + "-CHILD");
        ui.waitUntil("the child price", Duration.ofSeconds(20), () -> !ui.text("#total").equals(adultTotal));
        Hold repriced = ui.checkout().sessionProperty().get().holdProperty().get();
        assertThat(repriced.id()).as("same hold, seats never let go").isEqualTo(held.id());
        assertThat(repriced.total().amountMinor()).isLessThan(held.total().amountMinor());
        ui.shot(shots, "06-ticket-types");

        ui.tap("#to-payment");
        ui.waitForScreen(Screen.PAYMENT);
        assertThat(ui.text("#amount-due")).isEqualTo(ui.checkout().sessionProperty().get().totalTextProperty().get());
        ui.shot(shots, "07-payment");

        ui.tap("#card-4242");
        ui.waitForScreen(Screen.SUCCESS);
        ui.waitUntil("printing finished", Duration.ofSeconds(20), () -> ui.checkout().printStatusProperty().get().equals("print.done"));
        String code = ui.checkout().sessionProperty().get().holdProperty().get().code();
        assertThat(ui.text("#booking-code")).contains(code);
        ui.shot(shots, "08-success");

        List<TicketInfo> tickets = otherKiosk.tickets(code);
        assertThat(tickets).extracting(TicketInfo::seatId).containsExactlyInAnyOrderElementsOf(seats);
        assertThat(tickets).filteredOn(t -> t.seatId().equals(childSeat)).extracting(TicketInfo::ticketType)
                .containsExactly(TicketType.CHILD);
        assertThat(otherKiosk.seatMap(show.id()).status(seats.get(1))).isEqualTo(SeatStatus.SOLD);
        assertThat(ui.robot.lookup(".ticket-preview").queryAll()).hasSize(2);
        try (var pdfs = Files.list(kioskData.resolve("prints"))) {
            assertThat(pdfs.filter(p -> p.toString().endsWith(".pdf"))).as("the printed tickets").isNotEmpty();
        }

        ui.tap("#done");
        ui.waitForScreen(Screen.ATTRACT);
        assertThat(ui.checkout().sessionProperty().get()).isNull();
    }

    @Test
    void aDeclinedCardAndATerminalTimeoutKeepTheSeatsAndAnotherCardPays() throws Exception {
        launch("1920x1080");
        ui.toSeatMap(null);
        ui.tap("#best-seats");
        ui.waitUntil("seats", Duration.ofSeconds(20), () -> !ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().isEmpty());
        ui.tap("#continue");
        ui.waitForScreen(Screen.TICKETS);
        ui.tap("#to-payment");
        ui.waitForScreen(Screen.PAYMENT);

        ui.tap("#card-0002");
        ui.waitUntil("the decline", Duration.ofSeconds(20), () -> ui.nav().noticeProperty().get() != null);
        assertThat(ui.text("#notice")).contains("declined");
        assertThat(ui.text("#payment-problem")).as("in the middle of the screen").contains("declined").contains("not been charged");
        ui.tap("#card-9995");
        ui.waitUntil("the second decline", Duration.ofSeconds(20), () -> ui.nav().noticeProperty().get() != null
                && ui.nav().noticeProperty().get().key().equals("payment.declined.funds"));
        assertThat(ui.text("#payment-problem")).contains("not enough funds");
        assertThat(ui.nav().screenProperty().get()).isEqualTo(Screen.PAYMENT);
        assertThat(ui.checkout().sessionProperty().get().holdProperty().get()).as("the seats stay held").isNotNull();
        ui.shot("landscape", "07b-payment-declined");

        // The terminal's answer is lost: nothing is sold, the customer is told, and may try again.
        ui.tap("#card-0119");
        ui.waitUntil("the timeout", Duration.ofSeconds(30), () -> ui.nav().noticeProperty().get() != null
                && ui.nav().noticeProperty().get().key().equals("payment.unavailable"));
        assertThat(ui.text("#notice")).contains("in time");
        assertThat(ui.nav().screenProperty().get()).isEqualTo(Screen.PAYMENT);

        ui.tap("#card-4444");
        ui.waitForScreen(Screen.SUCCESS);
        assertThat(ui.nav().noticeProperty().get()).as("another card is a new charge, not the lost one").isNull();
        assertThat(ui.text("#amount-paid")).startsWith("Paid: €");
    }

    @Test
    void aSeatTakenAtAnotherKioskGreysOutAndLeavesTheSelectionWithAnExplanation() throws Exception {
        launch("1920x1080");
        ShowtimeInfo show = ui.toSeatMap(null);
        List<String> pair = ui.freeSeatsTogether(SeatCategory.STANDARD, 2);
        ui.tapSeat(pair.get(0));
        ui.tapSeat(pair.get(1));
        assertThat(ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats()).containsExactlyElementsOf(pair);

        Hold theirs = otherKiosk.hold(show.id(), Map.of(pair.get(1), TicketType.ADULT), "other-" + System.nanoTime());
        ui.waitUntil("the live update", Duration.ofSeconds(20),
                () -> !ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().contains(pair.get(1)));
        assertThat(ui.text("#seat-message")).contains(pair.get(1));
        assertThat(ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats()).containsExactly(pair.get(0));
        ui.shot("landscape", "04b-seat-taken");

        ui.tapSeat(pair.get(1));
        assertThat(ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats()).as("a taken seat cannot be chosen")
                .containsExactly(pair.get(0));
        otherKiosk.release(theirs.id());
    }

    @Test
    void nobodyAnsweringStillThereReleasesTheHoldAndReturnsToTheStart() throws Exception {
        launch("1920x1080", "--idle-seconds", "3", "--idle-grace-seconds", "3");
        ShowtimeInfo show = ui.toSeatMap(null);
        ui.tap("#best-seats");
        ui.waitUntil("seats", Duration.ofSeconds(20), () -> !ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().isEmpty());
        ui.tap("#continue");
        ui.waitForScreen(Screen.TICKETS);
        List<String> held = ui.checkout().sessionProperty().get().heldSeatIds();
        assertThat(otherKiosk.seatMap(show.id()).status(held.get(0))).isEqualTo(SeatStatus.HELD);

        ui.waitUntil("still there?", Duration.ofSeconds(10), () -> ui.nav().stillThereProperty().get());
        assertThat(ui.node("#still-there").isVisible()).isTrue();
        ui.shot("landscape", "09-still-there");
        ui.waitForScreen(Screen.ATTRACT);
        ui.waitUntil("the seats freed", Duration.ofSeconds(20),
                () -> held.stream().allMatch(seat -> otherKiosk.seatMap(show.id()).status(seat) == SeatStatus.FREE));
    }

    @Test
    void answeringStillThereKeepsThePurchase() throws Exception {
        launch("1920x1080", "--idle-seconds", "2", "--idle-grace-seconds", "30");
        ui.toSeatMap(null);
        ui.waitUntil("still there?", Duration.ofSeconds(10), () -> ui.nav().stillThereProperty().get());
        ui.tap("#still-here");
        assertThat(ui.nav().stillThereProperty().get()).isFalse();
        assertThat(ui.nav().screenProperty().get()).isEqualTo(Screen.SEATS);
    }

    @Test
    void theFilmsScrollUnderAFingerAndASwipeOnAPosterDoesNotOpenIt() throws Exception {
        launch("1920x1080");
        ui.waitForScreen(Screen.ATTRACT);
        ui.waitUntil("the programme", Duration.ofSeconds(30), () -> !ui.programme().films().isEmpty());
        ui.tap("#start");
        ui.waitForScreen(Screen.FILMS);
        javafx.scene.control.ScrollPane scroll = ui.node(".film-scroll");
        java.util.Set<javafx.scene.Node> bars = ui.robot.lookup(".film-scroll .scroll-bar").queryAll();
        assertThat(bars).as("no scroll bar to aim at").allMatch(bar -> !bar.isVisible());
        String first = "#film-" + ui.programme().films().get(0).id();
        String last = "#film-" + ui.programme().films().get(ui.programme().films().size() - 1).id();
        javafx.geometry.Bounds viewport = scroll.localToScreen(scroll.getLayoutBounds());
        assertThat(viewport.contains(ui.node(last).localToScreen(ui.node(last).getLayoutBounds()))).as("the last film is below")
                .isFalse();

        // A swipe up that starts on the first poster scrolls and opens nothing.
        ui.robot.drag(first).moveBy(0, -300).release(javafx.scene.input.MouseButton.PRIMARY);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(ui.nav().screenProperty().get()).isEqualTo(Screen.FILMS);
        assertThat(scroll.getVvalue()).isGreaterThan(0);
        ui.waitUntil("the last film in view", Duration.ofSeconds(5), () -> viewport.contains(
                ui.node(last).localToScreen(ui.node(last).getLayoutBounds())));
        ui.shot("landscape", "02b-films-scrolled");

        // A tap still opens a film.
        ui.tap(last);
        ui.waitForScreen(Screen.SHOWTIMES);
    }

    @Test
    void theCustomerChoosesGermanOnTheStartScreenAndTheNextCustomerStartsInEnglish() throws Exception {
        launch("1920x1080");
        ui.waitForScreen(Screen.ATTRACT);
        assertThat(ui.text("#start")).isEqualTo("Buy tickets");
        ui.tap("#language-de");
        assertThat(ui.text("#start")).isEqualTo("Tickets kaufen");
        ui.shot("landscape", "01b-start-german");
        ui.tap("#start");
        ui.waitForScreen(Screen.FILMS);
        assertThat(ui.text(".heading")).startsWith("Jetzt im Kino");
        assertThat(ui.text("#back")).contains("Zurück");
        ui.tap("#start-over");
        ui.waitForScreen(Screen.ATTRACT);
        assertThat(ui.text("#start")).isEqualTo("Buy tickets");
    }

    @Test
    void highContrastMakesTheWholeKioskYellowOnBlackWithLargerText() throws Exception {
        launch("1920x1080");
        ui.waitForScreen(Screen.ATTRACT);
        double normal = ui.robot.lookup("#start").queryButton().getFont().getSize();
        ui.tap("#contrast");
        assertThat(ui.scene().getRoot().getStyleClass()).contains("high-contrast");
        ui.waitUntil("restyled", Duration.ofSeconds(5), () -> ui.robot.lookup("#start").queryButton().getFont().getSize() > normal);
        ui.shot("landscape", "01c-start-high-contrast");
        ui.tap("#start");
        ui.waitForScreen(Screen.FILMS);
        ui.shot("landscape", "02c-films-high-contrast");
        ui.tap("#start-over");
        ui.waitForScreen(Screen.ATTRACT);
        assertThat(ui.scene().getRoot().getStyleClass()).as("the next customer starts in normal contrast").doesNotContain("high-contrast");
    }

    @Test
    void aBookingBoughtElsewhereIsPickedUpByItsCodeOnTheKeypad() throws Exception {
        CinemaInfo cinema = otherKiosk.cinema();
        ShowtimeInfo show = otherKiosk.showtimes(cinema.id(), java.time.LocalDate.now().plusDays(2)).get(0);
        SeatMap map = otherKiosk.seatMap(show.id());
        List<String> free = map.rows().stream().flatMap(r -> r.seats().stream())
                .filter(seat -> seat.category() == SeatCategory.STANDARD && !seat.blocked()
                        && map.status(seat.id()) == SeatStatus.FREE)
                .map(SeatInfo::id).limit(1).toList();
        Hold hold = otherKiosk.hold(show.id(), Map.of(free.get(0), TicketType.ADULT), "pickup-" + System.nanoTime());
        CheckoutResult paid = otherKiosk.checkoutWithCard(hold.id(), "4242424242424242", 12, 2030, "123", "pay-" + hold.id());
        assertThat(paid.outcome()).isEqualTo(CheckoutOutcome.COMPLETED);

        launch("1920x1080");
        ui.waitForScreen(Screen.ATTRACT);
        ui.waitUntil("ready", Duration.ofSeconds(30), () -> ui.health().readyProperty().get());
        ui.tap("#pickup");
        ui.waitForScreen(Screen.PICKUP);
        for (String key : List.of("A", "C", "D", "E", "F", "G")) ui.tap("#key-" + key);
        ui.tap("#find-booking");
        ui.waitUntil("the answer", Duration.ofSeconds(20), () -> ui.nav().noticeProperty().get() != null);
        assertThat(ui.text("#notice")).contains("ACDEFG");
        for (int i = 0; i < 6; i++) ui.tap("#key-erase");
        assertThat(ui.pickup().codeProperty().get()).isEmpty();

        for (char key : hold.code().toCharArray()) ui.tap("#key-" + key);
        ui.tap("#find-booking");
        ui.waitUntil("the tickets printed", Duration.ofSeconds(20), () -> ui.pickup().printedProperty().get() == free.size());
        ui.waitUntil("printed", Duration.ofSeconds(20), () -> ui.pickup().printStatusProperty().get().equals("print.done"));
        assertThat(ui.text("#pickup-status")).contains("printed");
        // Printed: the code and the tickets are gone from the screen before the next customer steps up.
        assertThat(ui.pickup().codeProperty().get()).isEmpty();
        assertThat(ui.pickup().found()).isEmpty();
        assertThat(ui.robot.lookup(".ticket-preview").queryAll()).isEmpty();
        assertThat(ui.pickup().duplicateProperty().get()).as("the first print is the original").isFalse();
        ui.shot("landscape", "11-pickup");

        // The same code again (a second person with the e-mail): printed only as a counted DUPLICATE.
        for (char key : hold.code().toCharArray()) ui.tap("#key-" + key);
        ui.tap("#find-booking");
        ui.waitUntil("the duplicate printed", Duration.ofSeconds(20), () -> ui.pickup().duplicateProperty().get());
        assertThat(ui.text("#pickup-status")).contains("DUPLICATE");
        assertThat(otherKiosk.ticketRecords(hold.code())).extracting(TicketRecord::reprintCount).containsOnly(1);
        ui.shot("landscape", "11b-pickup-duplicate");
    }

    @Test
    void aPrinterOutOfPaperTakesTheKioskOutOfOrderBeforeAnyoneCanPayAndRefillingBringsItBack() throws Exception {
        try (FakeThermalPrinter printer = FakeThermalPrinter.start()) {
            System.setProperty("marquee.kiosk.printer", "escpos-tcp://localhost:" + printer.port());
            try {
                launch("1920x1080");
            } finally {
                System.clearProperty("marquee.kiosk.printer");
            }
            ui.waitForScreen(Screen.ATTRACT);
            ui.waitUntil("ready", Duration.ofSeconds(30), () -> ui.health().readyProperty().get());

            printer.paperOut(true);
            ui.waitForScreen(Screen.OUT_OF_ORDER);
            assertThat(ui.text("#fault-technical")).contains(Fault.PRINTER_NOT_READY).contains(DEVICE);
            assertThat(ui.text("#fault-reason")).contains("printer");
            assertThat(ui.node("#pickup").isVisible()).as("no pickup without paper").isFalse();
            ui.shot("landscape", "10b-out-of-order-printer");
            ui.waitUntil("the report to the backend", Duration.ofSeconds(30), () -> deviceState().equals("OUT_OF_ORDER/PRINTER_PAPER_OUT"));

            printer.paperOut(false);
            ui.waitForScreen(Screen.ATTRACT);
            ui.waitUntil("the report to the backend", Duration.ofSeconds(30), () -> deviceState().equals("IN_SERVICE/PRINTER_READY"));
        }
    }

    private static String deviceState() {
        try (var db = java.sql.DriverManager.getConnection(backend.jdbcUrl());
             var q = db.prepareStatement("SELECT state || '/' || printer FROM users.device_state WHERE device_id = ?")) {
            q.setString(1, DEVICE);
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKioskThatCannotReachItsBackendSaysItIsOutOfOrderWithItsDeviceIdAndAnErrorCode() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ui = KioskUi.launch("--backend", "localhost:" + closedPort, "--size", "1920x1080");
        ui.waitForScreen(Screen.OUT_OF_ORDER);
        assertThat(ui.text("#fault-technical")).contains(DEVICE).contains(Fault.BACKEND_UNREACHABLE);
        assertThat(ui.text("#fault-reason")).contains("cannot reach");
        ui.shot("landscape", "10-out-of-order");
        ui.shot(null, null);
    }
}
