package marquee.kiosk.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import marquee.kiosk.Screenshots;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.CashierBackend;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldStatus;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.Payment;
import marquee.kiosk.model.PaymentSummary;
import marquee.kiosk.model.ShiftReport;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.StaffMember;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketType;
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
 * The till as a cashier uses it, keyboard first: the real app and window against the real
 * backend (embedded PostgreSQL, demo data), printing to PDF files that are read back. One shift
 * runs through the tests in order: open, sell, pick up, refund, reprint, drop, close.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CashierUiTest {
    private static final String MANAGER = "mgr01";
    private static final String MANAGER_PIN = "9876";
    private static EmbeddedTestBackend backend;
    private static GrpcBackendClient kiosk;
    private static GrpcBackendClient office;
    private static Path prints;
    private static CashierApp app;
    private static Stage stage;
    private static final FxRobot robot = new FxRobot();
    private static String cashSaleCode;
    private static String kioskCode;
    private static long floatMinor = 15000;
    private static long cashTakenMinor;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("cashier-ui");
        backend = EmbeddedTestBackend.start(dir);
        prints = dir.resolve("prints");
        kiosk = new GrpcBackendClient(backend.runtime().inProcessTarget());
        kiosk.signIn("kiosk-riverside-1", "KioskDemo2026");
        stage = FxToolkit.registerPrimaryStage();
        app = (CashierApp) FxToolkit.setupApplication(CashierApp.class, "--mode", "cashier", "--backend",
                backend.runtime().inProcessTarget(), "--size", "1920x1080", "--printer", "pdf:" + prints,
                "--data-dir", dir.resolve("till").toString(), "--station", "till-test-1", "--cinema-name", "Marquee Riverside");
        waitUntil("the till", Duration.ofSeconds(60), () -> app.model() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (office != null) office.close();
        if (kiosk != null) kiosk.close();
        if (backend != null) backend.close();
    }

    @Test
    @Order(8)
    void withTheBackendStoppedTheTillShowsTheCachedProgrammeAndStillPrintsABookingByCode() throws Exception {
        waitUntil("the programme saved for offline use", Duration.ofSeconds(90),
                () -> till().context().cachedProgramme().isPresent());
        backend.stopServices();

        WaitForAsyncUtils.asyncFx(() -> till().sale().loadShowtimes()).get(10, TimeUnit.SECONDS);
        waitUntil("the cached programme", Duration.ofSeconds(30), () -> till().sale().messageProperty().get().contains("OFFLINE")
                || !till().sale().errorProperty().get().isEmpty());
        assertThat(till().sale().errorProperty().get()).isEmpty();
        assertThat(till().sale().messageProperty().get()).contains("OFFLINE");

        deletePrints("tickets-" + kioskCode);
        WaitForAsyncUtils.asyncFx(() -> {
            till().pickup().inputProperty().set(kioskCode);
            till().pickup().find();
        }).get(10, TimeUnit.SECONDS);
        waitUntil("printed from the offline copy", Duration.ofSeconds(30), () -> !till().pickup().busyProperty().get()
                && (hasPrint("tickets-" + kioskCode) || !till().pickup().errorProperty().get().isEmpty()));
        assertThat(till().pickup().errorProperty().get()).isEmpty();
        assertThat(till().pickup().messageProperty().get()).contains("offline");
        assertThat(pdfText("tickets-" + kioskCode)).contains(kioskCode);
        waitUntil("the offline banner", Duration.ofSeconds(30), () -> !till().offlineBannerProperty().get().isEmpty());
        assertThat(text("#offline-banner")).contains("OFFLINE");
        shot("cashier-16-offline");
    }

    private static CashierViewModel till() {
        return app.model();
    }

    @Test
    @Order(1)
    void aWrongPinIsRefusedAndTheCashierSignsInAndOpensAShift() {
        shot("cashier-01-login");
        robot.clickOn("#staff-id").write("cash01").type(KeyCode.TAB).write("1111").type(KeyCode.ENTER);
        waitUntil("the refusal", Duration.ofSeconds(20), () -> !till().login().errorProperty().get().isEmpty());
        assertThat(text("#login-error")).contains("not recognised");
        assertThat(till().screenProperty().get()).isEqualTo(CashierViewModel.Screen.LOGIN);

        robot.clickOn("#pin").write("1234").type(KeyCode.ENTER);
        waitUntil("the open-shift screen", Duration.ofSeconds(30),
                () -> till().screenProperty().get() == CashierViewModel.Screen.OPEN_SHIFT);
        shot("cashier-02-open-shift");
        robot.clickOn("#opening-float").write("150.00").type(KeyCode.ENTER);
        waitUntil("the desk", Duration.ofSeconds(30), () -> till().screenProperty().get() == CashierViewModel.Screen.DESK);
        assertThat(till().shift().shiftProperty().get().openingFloat()).isEqualTo(new Money(floatMinor, "EUR"));
        assertThat(text("#till-header")).contains("Marquee Riverside").contains("till-test-1").contains("Demo Cashier");
        // The keyboard is in the showtime filter at once: typing and Enter go there, nobody is signed out.
        waitUntil("the filter has the keyboard", Duration.ofSeconds(10),
                () -> robot.lookup("#showtime-filter").query().isFocused());
        robot.write("zz").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(till().screenProperty().get()).isEqualTo(CashierViewModel.Screen.DESK);
        assertThat(till().sale().filterProperty().get()).isEqualTo("zz");
        robot.type(KeyCode.BACK_SPACE).type(KeyCode.BACK_SPACE);
    }

    @Test
    @Order(2)
    void aCashSaleShowsTheChangeAndPrintsTicketsAndReceipt() throws Exception {
        SaleViewModelAccess sale = new SaleViewModelAccess();
        waitUntil("today's showtimes", Duration.ofSeconds(30), () -> !till().sale().showtimes().isEmpty());
        ShowtimeInfo show = till().sale().showtimes().get(0);
        robot.clickOn("#showtime-filter").write(show.movieTitle().substring(0, 6)).type(KeyCode.ENTER);
        waitUntil("the seat map", Duration.ofSeconds(30), sale::seatMapLoaded);
        shot("cashier-03-sale-seat-map");
        robot.clickOn("#best-seats");
        waitUntil("two best seats", Duration.ofSeconds(20), () -> sale.selected() == 2);
        robot.type(KeyCode.F8);
        waitUntil("the hold", Duration.ofSeconds(20), () -> till().sale().holdProperty().get() != null);
        Hold hold = till().sale().holdProperty().get();
        waitUntil("the hold's countdown", Duration.ofSeconds(5), () -> !text("#hold-countdown").isEmpty());
        assertThat(text("#hold-countdown")).matches("Seats held for \\d+:\\d\\d");
        String child = hold.lines().get(0).seatId();
        // Like a cashier with the mouse wheel: at 1280x800 the order panel scrolls, and a click on a
        // button scrolled out of its viewport would land on whatever is drawn there.
        scrollIntoView("#type-" + child + "-CHILD");
        robot.clickOn("#type-" + child + "-CHILD");
        waitUntil("the child price", Duration.ofSeconds(20), () -> till().sale().holdProperty().get() != null
                && till().sale().holdProperty().get().total().amountMinor() < hold.total().amountMinor());
        long total = till().sale().holdProperty().get().total().amountMinor();
        robot.clickOn("#tendered").write("50.00");
        String expectedChange = new Money(5000 - total, "EUR").format(Locale.ENGLISH);
        assertThat(text("#change-due")).isEqualTo(expectedChange);
        shot("cashier-04-sale-tendered");

        // A printer that cannot print (its directory is a file): no money is taken, the hold stays.
        Path away = prints.resolveSibling("prints-away");
        if (Files.exists(prints)) Files.move(prints, away);
        Files.createFile(prints);
        robot.type(KeyCode.ENTER);
        waitUntil("the printer refusal", Duration.ofSeconds(20), () -> !till().sale().errorProperty().get().isEmpty());
        assertThat(text("#sale-error")).contains("printer cannot print").contains("No money was taken");
        shot("cashier-04b-sale-printer-not-ready");
        Hold stillHeld = till().sale().holdProperty().get();
        assertThat(stillHeld.status()).isEqualTo(HoldStatus.HELD);
        assertThat(cashier().payments(stillHeld.id())).isEmpty();
        Files.delete(prints);
        if (Files.exists(away)) Files.move(away, prints);

        robot.clickOn("#tendered").type(KeyCode.ENTER);
        waitUntil("the sale", Duration.ofSeconds(30), () -> till().sale().completedProperty().get() != null);
        shot("cashier-05-sale-change-due");
        var done = till().sale().completedProperty().get();
        cashSaleCode = done.bookingCode();
        cashTakenMinor += total;
        assertThat(done.changeDue().amountMinor()).isEqualTo(5000 - total);
        assertThat(text("#change-due")).isEqualTo(expectedChange);
        assertThat(done.printed()).isTrue();
        String tickets = pdfText("tickets-" + cashSaleCode);
        assertThat(tickets).contains(cashSaleCode).contains(show.movieTitle().substring(0, 6));
        String receipt = pdfText("receipt-" + cashSaleCode);
        assertThat(receipt).contains(expectedChange.replace("€", "").strip());
    }

    @Test
    @Order(3)
    void aKioskBookingIsPickedUpByCodeAndByItsScannedQr() throws Exception {
        kioskCode = kioskBooking(2);
        robot.type(KeyCode.F3);
        waitUntil("pickup", Duration.ofSeconds(10), () -> till().deskProperty().get() == CashierViewModel.Desk.PICKUP);
        robot.clickOn("#pickup-input").write(kioskCode.toLowerCase(Locale.ROOT)).type(KeyCode.ENTER);
        waitUntil("printed", Duration.ofSeconds(20), () -> !till().pickup().messageProperty().get().isEmpty()
                || !till().pickup().errorProperty().get().isEmpty());
        assertThat(till().pickup().errorProperty().get()).isEmpty();
        assertThat(text("#pickup-message")).contains(kioskCode).contains("2 ticket(s) printed");
        shot("cashier-06-pickup-by-code");
        assertThat(pdfText("tickets-" + kioskCode)).contains(kioskCode);

        deletePrints("tickets-" + kioskCode);
        String qr = kiosk.tickets(kioskCode).get(0).qrPayload();
        robot.clickOn("#pickup-input").write(qr).type(KeyCode.ENTER);
        waitUntil("printed from the QR", Duration.ofSeconds(20), () -> !till().pickup().busyProperty().get()
                && till().pickup().bookingCodeProperty().get().equals(kioskCode) && hasPrint("tickets-" + kioskCode));
        assertThat(till().pickup().errorProperty().get()).isEmpty();
        assertThat(pdfText("tickets-" + kioskCode)).contains(kioskCode);
        shot("cashier-07-pickup-by-qr");
    }

    @Test
    @Order(4)
    void aRefundAboveTheLimitNeedsTheManagerWhoseWrongPinIsRefused() throws Exception {
        String code = kioskBooking(5); // five seats are above the cashier limit of 50.00
        robot.type(KeyCode.F4);
        waitUntil("support", Duration.ofSeconds(10), () -> till().deskProperty().get() == CashierViewModel.Desk.SUPPORT);
        robot.clickOn("#support-code").write(code).type(KeyCode.ENTER);
        waitUntil("the booking", Duration.ofSeconds(20), () -> till().support().bookingProperty().get() != null);
        robot.clickOn("#support-reason").write("customer unwell");
        robot.clickOn("#refund");
        waitUntil("the manager dialog", Duration.ofSeconds(20), () -> till().override().showingProperty().get());
        assertThat(text("#override-why")).as("plain words, not the backend's rule").startsWith("Refund €").endsWith("needs a manager.");
        shot("cashier-08-manager-override");

        robot.clickOn("#manager-id").write(MANAGER).type(KeyCode.TAB).write("1111").type(KeyCode.ENTER);
        waitUntil("the refusal", Duration.ofSeconds(20), () -> !till().override().errorProperty().get().isEmpty());
        assertThat(till().override().showingProperty().get()).isTrue();
        shot("cashier-09-manager-wrong-pin");
        assertThat(cashier().booking(code).status()).isEqualTo(HoldStatus.CONFIRMED);

        robot.clickOn("#manager-pin").write(MANAGER_PIN).type(KeyCode.ENTER);
        waitUntil("the refund", Duration.ofSeconds(30), () -> !till().support().messageProperty().get().isEmpty()
                || !till().support().errorProperty().get().isEmpty() && !till().support().busyProperty().get());
        assertThat(till().support().errorProperty().get()).isEmpty();
        assertThat(text("#support-message")).contains("Approved by Demo Floor Manager");
        shot("cashier-10-refunded");

        var booking = cashier().booking(code);
        assertThat(booking.status()).isEqualTo(HoldStatus.CANCELLED);
        Payment payment = cashier().payments(booking.id()).get(0);
        String managerId = manager().id();
        assertThat(payment.refunds()).anySatisfy(r -> {
            assertThat(r.approvedBy()).isEqualTo(managerId);
            assertThat(r.reason()).isEqualTo("customer unwell");
        });
        assertThat(kiosk.ticketRecords(code)).allMatch(t -> t.state() == TicketState.REVOKED);
    }

    @Test
    @Order(5)
    void aReprintAsksTheManagerAndIsMarkedDuplicate() throws Exception {
        deletePrints("tickets-" + cashSaleCode);
        robot.type(KeyCode.F4);
        robot.doubleClickOn("#support-code").eraseText(6).write(cashSaleCode).type(KeyCode.ENTER);
        waitUntil("the booking", Duration.ofSeconds(20), () -> till().support().bookingProperty().get() != null
                && till().support().bookingProperty().get().code().equals(cashSaleCode));
        robot.clickOn("#support-reason").write("printer jammed");
        robot.clickOn("#reprint");
        waitUntil("the manager dialog", Duration.ofSeconds(20), () -> till().override().showingProperty().get());
        robot.clickOn("#manager-id").write(MANAGER).type(KeyCode.TAB).write(MANAGER_PIN).type(KeyCode.ENTER);
        waitUntil("the reprint", Duration.ofSeconds(30), () -> !till().support().messageProperty().get().isEmpty()
                || !till().support().errorProperty().get().isEmpty() && !till().support().busyProperty().get());
        assertThat(till().support().errorProperty().get()).isEmpty();
        shot("cashier-11-reprinted");
        assertThat(pdfText("tickets-" + cashSaleCode)).contains("DUPLICATE").contains(cashSaleCode);
    }

    @Test
    @Order(6)
    void aCardSaleOfTheShiftIsVoidedWithTheManagersApproval() {
        robot.type(KeyCode.F2);
        waitUntil("the sale page", Duration.ofSeconds(10), () -> till().deskProperty().get() == CashierViewModel.Desk.SALE);
        waitUntil("the seat map", Duration.ofSeconds(30), () -> new SaleViewModelAccess().seatMapLoaded());
        robot.clickOn("#best-seats");
        waitUntil("two best seats", Duration.ofSeconds(20), () -> new SaleViewModelAccess().selected() == 2);
        robot.type(KeyCode.F8);
        waitUntil("the hold", Duration.ofSeconds(20), () -> till().sale().holdProperty().get() != null);
        robot.clickOn("#card-4242");
        waitUntil("the card sale", Duration.ofSeconds(30), () -> till().sale().completedProperty().get() != null);
        String code = till().sale().completedProperty().get().bookingCode();
        assertThat(till().sale().completedProperty().get().cash()).isFalse();

        robot.type(KeyCode.F4);
        robot.doubleClickOn("#support-code").eraseText(6).write(code).type(KeyCode.ENTER);
        waitUntil("the booking", Duration.ofSeconds(20), () -> till().support().bookingProperty().get() != null
                && till().support().bookingProperty().get().code().equals(code));
        robot.clickOn("#support-reason").write("wrong film");
        robot.clickOn("#void");
        waitUntil("the manager dialog", Duration.ofSeconds(20), () -> till().override().showingProperty().get());
        robot.clickOn("#manager-id").write(MANAGER).type(KeyCode.TAB).write(MANAGER_PIN).type(KeyCode.ENTER);
        waitUntil("the void", Duration.ofSeconds(30), () -> !till().support().messageProperty().get().isEmpty()
                || !till().support().errorProperty().get().isEmpty() && !till().support().busyProperty().get());
        assertThat(till().support().errorProperty().get()).isEmpty();
        shot("cashier-11b-voided");
        waitUntil("the booking cancelled", Duration.ofSeconds(30),
                () -> cashier().booking(code).status() == HoldStatus.CANCELLED);
        String managerId = manager().id();
        var booking = cashier().booking(code);
        waitUntil("the void refund", Duration.ofSeconds(30), () -> !cashier().payments(booking.id()).get(0).refunds().isEmpty());
        assertThat(cashier().payments(booking.id()).get(0).refunds()).anySatisfy(r -> {
            assertThat(r.isVoid()).isTrue();
            assertThat(r.approvedBy()).isEqualTo(managerId);
        });
    }

    @Test
    @Order(6)
    void whenTheBackendIsUnreachableABannerSaysSinceWhenAndGoesWhenItIsBack() throws Exception {
        java.time.Instant since = java.time.Instant.parse("2026-11-25T12:34:56Z");
        WaitForAsyncUtils.asyncFx(() -> till().connectivity(false, java.util.Optional.of(since))).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#offline-banner").query().isVisible()).isTrue();
        String expected = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(till().context().zone()).format(since);
        assertThat(text("#offline-banner")).contains("OFFLINE").contains(expected);
        WaitForAsyncUtils.asyncFx(() -> till().connectivity(true, java.util.Optional.empty())).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#offline-banner").query().isVisible()).isFalse();
    }

    @Test
    @Order(7)
    void theShiftClosesWithADropAndItsReportMatchesThePaymentsService() throws Exception {
        robot.type(KeyCode.F5);
        waitUntil("the shift page", Duration.ofSeconds(10), () -> till().deskProperty().get() == CashierViewModel.Desk.SHIFT);
        robot.clickOn("#cash-drop");
        waitUntil("the drop dialog", Duration.ofSeconds(10), () -> till().shift().dropShowingProperty().get());
        robot.write("20.00").type(KeyCode.TAB).write("bag 7");
        shot("cashier-12-cash-drop");
        robot.type(KeyCode.ENTER);
        waitUntil("the drop", Duration.ofSeconds(20), () -> !till().shift().dropShowingProperty().get());
        shot("cashier-13-shift");

        robot.press(KeyCode.ALT).type(KeyCode.S).release(KeyCode.ALT);
        waitUntil("the close dialog (Alt+S)", Duration.ofSeconds(20), () -> till().shift().closeShowingProperty().get());
        // A blind count hides what the drawer should hold until the count is in.
        robot.clickOn("#blind-count");
        assertThat(robot.lookup("#expected-row").query().isVisible()).isFalse();
        robot.clickOn("#blind-count");
        assertThat(robot.lookup("#expected-row").query().isVisible()).isTrue();
        robot.clickOn("#counted-cash");
        long expected = floatMinor + cashTakenMinor - 2000;
        assertThat(till().shift().shiftProperty().get().expectedCash().amountMinor()).isEqualTo(expected);
        long counted = expected - 150; // 1.50 short
        robot.write(new Money(counted, "EUR").format(Locale.ENGLISH).replace("€", "").replace(",", ""));
        waitUntil("the variance preview", Duration.ofSeconds(5), () -> !till().shift().variancePreviewProperty().get().isEmpty());
        assertThat(text("#variance-preview")).contains("-€1.50");
        shot("cashier-14-close-shift");
        robot.type(KeyCode.ENTER);
        waitUntil("the report", Duration.ofSeconds(30), () -> till().screenProperty().get() == CashierViewModel.Screen.REPORT);
        shot("cashier-15-shift-report");

        ShiftReport report = till().shift().reportProperty().get();
        assertThat(report.shift().countedCash().amountMinor()).isEqualTo(counted);
        assertThat(report.shift().expectedCash().amountMinor()).isEqualTo(expected);
        assertThat(report.shift().variance().amountMinor()).isEqualTo(-150);
        assertThat(robot.lookup("#report-variance").query().getStyleClass()).as("a short drawer stands out").contains("report-short");
        assertThat(report.dropCount()).isEqualTo(1);
        assertThat(report.drops().amountMinor()).isEqualTo(2000);
        PaymentSummary summary = cashier().summarizePayments(report.shift().id().isEmpty() ? "" : till().context().cinema().id(),
                report.shift().cashierId(), report.shift().openedAt(), report.shift().closedAt().plusMillis(1));
        assertThat(report.cashSales()).isEqualTo(summary.cashTotal());
        assertThat(report.cardSales()).isEqualTo(summary.cardTotal());
        assertThat(report.cashSaleCount() + report.cardSaleCount()).isEqualTo(summary.chargeCount());
        assertThat(report.cashSales().amountMinor()).isEqualTo(cashTakenMinor);
        assertThat(report.refunds().amountMinor() + report.voids().amountMinor()).isEqualTo(summary.refundTotal().amountMinor());

        Path pdf = Path.of(till().shift().reportFileProperty().get());
        assertThat(pdf).exists();
        try (var document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("End-of-shift report").contains("Variance").contains("-€1.50");
        }
    }

    // ---- helpers ----

    /** A paid kiosk booking of {@code seats} seats in the big hall (12.50 a seat), so five go above the cashier limit. */
    private static String kioskBooking(int seats) {
        var cinema = kiosk.cinema();
        var today = java.time.LocalDate.now(java.time.ZoneId.of(cinema.timeZone()));
        for (int day = 0; day < 3; day++) {
            for (var show : kiosk.showtimes(cinema.id(), today.plusDays(day))) {
                if (!show.hallName().contains("Grand") || show.startsAt().isBefore(java.time.Instant.now().plusSeconds(600))) continue;
                List<String> best = kiosk.suggestSeats(show.id(), seats);
                if (best.size() != seats) continue;
                Map<String, TicketType> wanted = new LinkedHashMap<>();
                best.forEach(s -> wanted.put(s, TicketType.ADULT));
                var hold = kiosk.hold(show.id(), wanted, "test-hold-" + java.util.UUID.randomUUID());
                var paid = kiosk.checkoutWithCard(hold.id(), "4242424242424242", 12, 2030, "123", "test-pay-" + java.util.UUID.randomUUID());
                assertThat(paid.outcome()).isEqualTo(CheckoutOutcome.COMPLETED);
                return paid.booking().code();
            }
        }
        throw new AssertionError("no showtime with " + seats + " seats free in the Grand hall");
    }

    private static CashierBackend cashier() {
        if (office == null) {
            office = new GrpcBackendClient(backend.runtime().inProcessTarget());
            office.cashier().signInStaff("cash01", "1234");
        }
        return office.cashier();
    }

    private static StaffMember manager() {
        try (GrpcBackendClient client = new GrpcBackendClient(backend.runtime().inProcessTarget())) {
            return client.cashier().signInStaff(MANAGER, MANAGER_PIN);
        }
    }

    private static Stream<Path> prints(String prefix) throws IOException {
        if (!Files.isDirectory(prints)) return Stream.empty();
        return Files.list(prints).filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".pdf"));
    }

    private static boolean hasPrint(String prefix) {
        try (Stream<Path> files = prints(prefix)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deletePrints(String prefix) throws IOException {
        try (Stream<Path> files = prints(prefix)) {
            for (Path p : files.toList()) Files.delete(p);
        }
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

    /** Reads the sale's seat map state on the FX thread. */
    private static final class SaleViewModelAccess {
        boolean seatMapLoaded() {
            var seats = till().sale().seatsProperty().get();
            return seats != null && seats.seatMapProperty().get() != null;
        }

        int selected() {
            var seats = till().sale().seatsProperty().get();
            return seats == null || seats.seatMapProperty().get() == null ? 0 : seats.seatMapProperty().get().selectedSeats().size();
        }
    }
    /** Scrolls every scroll pane around the node so that the node is inside its viewport. */
    private void scrollIntoView(String query) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.Node node = robot.lookup(query).query();
            for (javafx.scene.Node n = node.getParent(); n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane pane && pane.getContent() != null) {
                    javafx.scene.Node content = pane.getContent();
                    javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                    double scrollable = content.getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
                    if (scrollable > 0) {
                        double target = Math.max(0, Math.min(scrollable, b.getMinY() - 8));
                        pane.setVvalue(pane.getVmin() + (pane.getVmax() - pane.getVmin()) * target / scrollable);
                    }
                }
            }
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

}
