package marquee.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void dottedKeysMapToEnvironmentNames() {
        assertThat(Config.envName("marquee.users.db.url")).isEqualTo("MARQUEE_USERS_DB_URL");
    }

    @Test
    void overridesWinAndDefaultsApply() {
        Config config = Config.withOverrides(Map.of("marquee.port", "9999", "marquee.hold.ttl", "PT8M", "marquee.sweep", "15"));
        assertThat(config.getInt("marquee.port", 1)).isEqualTo(9999);
        assertThat(config.getInt("marquee.other", 7)).isEqualTo(7);
        assertThat(config.getDuration("marquee.hold.ttl", Duration.ZERO)).isEqualTo(Duration.ofMinutes(8));
        assertThat(config.getDuration("marquee.sweep", Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void badValuesNameTheSetting() {
        Config config = Config.withOverrides(Map.of("marquee.port", "ninety"));
        assertThatThrownBy(() -> config.getInt("marquee.port", 1)).hasMessageContaining("MARQUEE_PORT");
    }
}
