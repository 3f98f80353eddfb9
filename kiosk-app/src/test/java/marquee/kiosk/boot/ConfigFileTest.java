package marquee.kiosk.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import marquee.kiosk.KioskSettings;
import marquee.platform.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/marquee/kiosk.conf: read into the kiosk's settings, below -D properties and environment variables. */
class ConfigFileTest {
    @TempDir Path dir;

    @AfterEach
    void clear() {
        for (String key : new String[] {"marquee.kiosk.backend", "marquee.kiosk.idle.seconds", "marquee.kiosk.language",
                "marquee.kiosk.fullscreen", "marquee.kiosk.device.id", "marquee.kiosk.printer"}) {
            System.clearProperty(key);
        }
    }

    @Test
    void theFileSetsTheKioskSettings() throws Exception {
        Path file = dir.resolve("kiosk.conf");
        Files.writeString(file, """
                # a lobby kiosk
                MARQUEE_KIOSK_BACKEND=tickets.example.internal:9090
                MARQUEE_KIOSK_DEVICE_ID = "kiosk-lobby-2"
                export MARQUEE_KIOSK_IDLE_SECONDS=45
                marquee.kiosk.language=de
                MARQUEE_KIOSK_FULLSCREEN=true
                MARQUEE_KIOSK_PRINTER=
                nonsense line
                """);
        ConfigFile.Result result = ConfigFile.load(file, name -> null);

        assertThat(result.applied()).containsEntry("marquee.kiosk.backend", "tickets.example.internal:9090")
                .containsEntry("marquee.kiosk.device.id", "kiosk-lobby-2").doesNotContainKey("marquee.kiosk.printer");
        assertThat(result.problems()).singleElement().asString().contains(":8:").contains("nonsense line");
        KioskSettings settings = KioskSettings.from(java.util.List.of(), Config.fromEnvironment());
        assertThat(settings.remoteBackend()).contains("tickets.example.internal:9090");
        assertThat(settings.deviceId()).isEqualTo("kiosk-lobby-2");
        assertThat(settings.idleTimeout()).hasSeconds(45);
        assertThat(settings.language().getLanguage()).isEqualTo("de");
        assertThat(settings.fullScreen()).isTrue();
    }

    @Test
    void propertiesAndEnvironmentWinOverTheFile() throws Exception {
        Path file = dir.resolve("kiosk.conf");
        Files.writeString(file, "MARQUEE_KIOSK_BACKEND=from-file:9090\nMARQUEE_KIOSK_LANGUAGE=de\nMARQUEE_KIOSK_IDLE_SECONDS=45\n");
        System.setProperty("marquee.kiosk.backend", "from-property:9090");
        Map<String, String> environment = Map.of("MARQUEE_KIOSK_LANGUAGE", "en");

        ConfigFile.Result result = ConfigFile.load(file, environment::get);

        assertThat(result.applied()).containsOnlyKeys("marquee.kiosk.idle.seconds");
        assertThat(System.getProperty("marquee.kiosk.backend")).isEqualTo("from-property:9090");
        assertThat(System.getProperty("marquee.kiosk.language")).isNull();
    }

    @Test
    void aMissingFileChangesNothing() {
        ConfigFile.Result result = ConfigFile.load(dir.resolve("absent.conf"), name -> null);
        assertThat(result.applied()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void withoutGtkTheCheckNamesThePackagesToInstall() throws Exception {
        assertThat(DesktopCheck.gtkProblem(java.util.List.of(dir))).hasValueSatisfying(line -> assertThat(line)
                .contains("libgtk-3.so.0").contains("sudo apt install libgtk-3-0").doesNotContain("\n"));
        Files.writeString(dir.resolve(DesktopCheck.GTK), "not a library");
        assertThat(DesktopCheck.gtkProblem(java.util.List.of(dir))).hasValueSatisfying(line -> assertThat(line)
                .contains("cannot be loaded").contains("sudo apt install"));
        assertThat(DesktopCheck.explain(new RuntimeException(new UnsupportedOperationException("Unable to load glass GTK library."))))
                .hasValueSatisfying(line -> assertThat(line).contains("libgtk-3-0"));
    }
}
