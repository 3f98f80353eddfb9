package marquee.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

/** The demo kiosk's built-in secret is used only with the embedded (demo) backend. */
class KioskSettingsTest {
    @Test
    void theBuiltInDemoSecretIsOnlyForTheEmbeddedBackend() {
        Config none = Config.withOverrides(Map.of());
        assertThat(KioskSettings.from(List.of(), none).deviceSecret()).isEqualTo("KioskDemo2026");
        assertThat(KioskSettings.from(List.of("--backend", "tickets.cinema.example:9090"), none).deviceSecret()).isEmpty();
        Config own = Config.withOverrides(Map.of("marquee.kiosk.device.secret", "k0wnSecretOfThisKiosk7"));
        assertThat(KioskSettings.from(List.of("--backend", "tickets.cinema.example:9090"), own).deviceSecret())
                .isEqualTo("k0wnSecretOfThisKiosk7");
    }
}
