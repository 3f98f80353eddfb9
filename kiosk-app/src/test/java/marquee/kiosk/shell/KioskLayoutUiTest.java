package marquee.kiosk.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import marquee.kiosk.LayoutAudit;
import marquee.kiosk.Screenshots;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.health.Fault;
import marquee.kiosk.nav.Screen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every kiosk screen at every supported window size, in English and German, with and without high
 * contrast: nothing cut off, nothing ending in "…", nothing lying on top of something else. A
 * screenshot of each goes to target/screenshots/layout-SIZE-SCREEN-LANG[-hc].png to be looked at.
 */
class KioskLayoutUiTest {
    private static EmbeddedTestBackend backend;
    private KioskUi ui;

    @BeforeAll
    static void startBackend() throws Exception {
        System.setProperty("marquee.data.dir", Files.createTempDirectory("kiosk-layout-data").toString());
        backend = EmbeddedTestBackend.start(Files.createTempDirectory("kiosk-layout"));
    }

    @AfterAll
    static void stopBackend() {
        System.clearProperty("marquee.data.dir");
        if (backend != null) backend.close();
    }

    @AfterEach
    void closeApp() throws Exception {
        if (ui != null) ui.close();
    }

    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"1280x800", "1920x1080", "1080x1920"})
    void everyScreenFitsInEveryLanguageWithAndWithoutHighContrast(String size) throws Exception {
        ui = KioskUi.launch("--backend", backend.runtime().inProcessTarget(), "--size", size, "--idle-seconds", "600");
        Set<String> problems = new LinkedHashSet<>();

        ui.waitForScreen(Screen.ATTRACT);
        ui.waitUntil("the programme", Duration.ofSeconds(60), () -> !ui.programme().films().isEmpty() && ui.health().readyProperty().get());
        audit(size, "01-start", problems);

        // This customer chooses German before anything opens; the audits below switch to English and back.
        ui.tap("#language-de");
        ui.tap("#start");
        ui.waitForScreen(Screen.FILMS);
        audit(size, "02-films", problems);

        ui.tap("#film-" + ui.programme().films().get(0).id());
        ui.waitUntil("showtimes", Duration.ofSeconds(30), () -> !ui.programme().showtimes().isEmpty());
        audit(size, "03-showtimes", problems);

        ui.tap("#showtime-" + ui.programme().showtimes().get(0).id());
        ui.waitForScreen(Screen.SEATS);
        ui.waitUntil("the seat map", Duration.ofSeconds(30), () -> ui.seats().selectionProperty().get().seatMapProperty().get() != null);
        audit(size, "04-seats", problems);

        // Four people: the ticket types then show four lines, the most common big party.
        ui.onFxRun(() -> ui.seats().selectionProperty().get().suggest(4));
        ui.waitUntil("four seats", Duration.ofSeconds(20),
                () -> ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().size() == 4);
        audit(size, "05-seats-chosen", problems);

        ui.tap("#continue");
        ui.waitForScreen(Screen.TICKETS);
        audit(size, "06-ticket-types", problems);

        ui.tap("#start-over");
        ui.waitUntil("the question", Duration.ofSeconds(5), () -> ui.robot.lookup("#start-over-question").tryQuery().isPresent());
        audit(size, "06b-start-over-asks", problems);
        ui.tap("#to-payment");
        ui.waitForScreen(Screen.PAYMENT);
        audit(size, "07-payment", problems);

        ui.tap("#card-0002");
        ui.waitUntil("the decline", Duration.ofSeconds(20), () -> ui.nav().noticeProperty().get() != null);
        audit(size, "07b-payment-declined", problems);

        ui.tap("#card-4242");
        ui.waitForScreen(Screen.SUCCESS);
        ui.waitUntil("printing finished", Duration.ofSeconds(30), () -> ui.checkout().printStatusProperty().get().startsWith("print.d"));
        String code = ui.checkout().sessionProperty().get().holdProperty().get().code();
        audit(size, "08-success", problems);

        ui.tap("#done");
        ui.waitForScreen(Screen.ATTRACT);
        ui.tap("#pickup");
        ui.waitForScreen(Screen.PICKUP);
        for (char key : code.substring(0, 3).toCharArray()) ui.tap("#key-" + key);
        audit(size, "09-pickup-typing", problems);
        for (char key : code.substring(3).toCharArray()) ui.tap("#key-" + key);
        ui.tap("#find-booking");
        ui.waitUntil("the tickets", Duration.ofSeconds(30),
                () -> ui.pickup().printedProperty().get() > 0 || ui.nav().noticeProperty().get() != null);
        audit(size, "10-pickup-found", problems);

        ui.onFxRun(() -> ui.nav().startOver());
        ui.waitForScreen(Screen.ATTRACT);
        ui.onFxRun(() -> ui.health().startupFailed(new IllegalStateException("layout test")));
        ui.waitForScreen(Screen.OUT_OF_ORDER);
        audit(size, "11-out-of-order", problems);

        assertThat(problems).as("what does not fit at " + size).isEmpty();
    }

    /** The seat legend (when one shows) speaks the language on screen, also after a switch while the map is open. */
    private void legendSpeaks(Locale language, String name, Set<String> problems) {
        List<String> texts = ui.robot.lookup(".seat-legend .legend-text").queryAll().stream()
                .map(node -> ((javafx.scene.control.Labeled) node).getText()).toList();
        String taken = java.util.ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", language).getString("seatmap.status.SOLD");
        if (!texts.isEmpty() && !texts.contains(taken)) problems.add(name + ": the seat legend is not in " + language + ": " + texts);
    }

    /** The current screen in English and German, each with and without high contrast: audited and photographed. */
    private void audit(String size, String screen, Set<String> problems) {
        Locale was = ui.nav().languageProperty().get();
        for (Locale language : List.of(Locale.ENGLISH, Locale.GERMAN)) {
            for (boolean contrast : List.of(false, true)) {
                ui.onFxRun(() -> {
                    ui.nav().languageProperty().set(language);
                    ui.nav().highContrastProperty().set(contrast);
                });
                WaitForAsyncUtils.waitForFxEvents();
                String name = "layout-" + size + "-" + screen + "-" + language.getLanguage() + (contrast ? "-hc" : "");
                Path file = Screenshots.save(ui.scene(), name);
                assertThat(file).exists();
                for (String problem : LayoutAudit.check(ui.scene())) problems.add(name + ": " + problem);
                legendSpeaks(language, name, problems);
            }
        }
        ui.onFxRun(() -> {
            ui.nav().languageProperty().set(was);
            ui.nav().highContrastProperty().set(false);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
