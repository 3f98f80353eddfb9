package marquee.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A database URL may carry its password; the logs must not. */
class DatabaseLocationTest {
    @Test
    void aPasswordInTheUrlIsNeverPrinted() {
        var location = new DatabaseLocation("jdbc:postgresql://db:5432/marquee?user=marquee&password=s3cr%26t&sslmode=require", "", "");
        assertThat(location.toString()).isEqualTo("jdbc:postgresql://db:5432/marquee?user=marquee&password=***&sslmode=require")
                .doesNotContain("s3cr");
        assertThat(DatabaseLocation.redact("jdbc:postgresql://db/m?PASSWORD=x")).isEqualTo("jdbc:postgresql://db/m?PASSWORD=***");
        assertThat(new DatabaseLocation("jdbc:postgresql://db/m", "app", "pw").toString()).isEqualTo("jdbc:postgresql://db/m as app");
    }
}
