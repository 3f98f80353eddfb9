package marquee.movies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import marquee.platform.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class ShowtimeRulesTest {
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Duration YEARS = Duration.ofDays(730);

    @Test
    void endIsStartPlusRuntimePlusCleaning() {
        assertThat(ShowtimeRules.endsAt(Instant.parse("2030-03-01T19:00:00Z"), 155, Duration.ofMinutes(20)))
                .isEqualTo(Instant.parse("2030-03-01T21:55:00Z"));
    }

    @Test
    void businessDateIsTheCinemasLocalDateOfTheStart() {
        Instant lateInUtc = Instant.parse("2030-03-01T23:30:00Z");
        assertThat(ShowtimeRules.businessDate(lateInUtc, ZoneId.of("Europe/Berlin"))).isEqualTo(LocalDate.of(2030, 3, 2));
        assertThat(ShowtimeRules.businessDate(lateInUtc, ZoneId.of("America/New_York"))).isEqualTo(LocalDate.of(2030, 3, 1));
    }

    @Test
    void startMustBeInTheFutureUnlessAGraceIsConfigured() {
        assertThatThrownBy(() -> ShowtimeRules.checkStart(NOW, NOW, Duration.ZERO, YEARS))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("starts_at must be in the future");
        assertThatThrownBy(() -> ShowtimeRules.checkStart(NOW.minusSeconds(60), NOW, Duration.ZERO, YEARS))
                .hasMessageContaining("starts_at");
        ShowtimeRules.checkStart(NOW.plusSeconds(1), NOW, Duration.ZERO, YEARS);
        ShowtimeRules.checkStart(NOW.minusSeconds(60), NOW, Duration.ofMinutes(5), YEARS);
    }

    @Test
    void startMustBeWithinTheHorizon() {
        assertThatThrownBy(() -> ShowtimeRules.checkStart(NOW.plus(Duration.ofDays(731)), NOW, Duration.ZERO, YEARS))
                .hasMessageContaining("starts_at must be within the next 730 days");
    }

    @Test
    void missingStartIsRefused() {
        assertThatThrownBy(() -> ShowtimeRules.checkStart(null, NOW, Duration.ZERO, YEARS)).hasMessageContaining("starts_at is required");
    }

    @Test
    void listingCoversOneToFourteenDaysAndZeroMeansOne() {
        assertThat(ShowtimeRules.listDays(0)).isEqualTo(1);
        assertThat(ShowtimeRules.listDays(14)).isEqualTo(14);
        assertThatThrownBy(() -> ShowtimeRules.listDays(15)).hasMessageContaining("days must be between 1 and 14");
        assertThatThrownBy(() -> ShowtimeRules.listDays(-1)).hasMessageContaining("days");
    }

    @Test
    void formatIsAShortOptionalLabel() {
        assertThat(ShowtimeRules.format(" 3D ")).isEqualTo("3D");
        assertThat(ShowtimeRules.format("")).isEmpty();
        assertThatThrownBy(() -> ShowtimeRules.format("x".repeat(21))).hasMessageContaining("format");
    }
}
