package marquee.movies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InputsTest {

    @Test
    void datesAreStrictYearMonthDay() {
        assertThat(Inputs.date("date", "2030-02-28")).isEqualTo(LocalDate.of(2030, 2, 28));
        assertThatThrownBy(() -> Inputs.date("date", "")).hasMessageContaining("date is required");
        assertThatThrownBy(() -> Inputs.date("date", "2030-02-29")).hasMessageContaining("date must be a date as YYYY-MM-DD");
        assertThatThrownBy(() -> Inputs.date("date", "2030-2-1")).hasMessageContaining("date must be");
        assertThatThrownBy(() -> Inputs.date("date", "+12030-02-01")).hasMessageContaining("date must be");
        assertThatThrownBy(() -> Inputs.date("date", "tomorrow")).hasMessageContaining("\"tomorrow\"");
    }

    @Test
    void optionalValuesAreNullWhenEmpty() {
        assertThat(Inputs.optionalDate("release_date", " ")).isNull();
        assertThat(Inputs.optionalUuid("movie_id", "")).isNull();
        assertThatThrownBy(() -> Inputs.optionalUuid("movie_id", "42")).hasMessageContaining("movie_id must be an id");
    }
}
