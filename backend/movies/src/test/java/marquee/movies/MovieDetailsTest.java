package marquee.movies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import marquee.platform.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class MovieDetailsTest {

    private static MovieDetails valid(String title, int runtime, List<String> genres, String release) {
        return MovieDetails.validate("", title, runtime, "PG-13", genres, "A synopsis.", "posters/dune.png", "en", release);
    }

    @Test
    void trimsTextAndParsesTheReleaseDate() {
        MovieDetails details = MovieDetails.validate("", "  Dune  ", 155, " PG-13 ", List.of(" Sci-Fi ", "Drama"),
                " Spice. ", "", "pt-BR", "2021-10-21");

        assertThat(details.title()).isEqualTo("Dune");
        assertThat(details.rating()).isEqualTo("PG-13");
        assertThat(details.genres()).containsExactly("Sci-Fi", "Drama");
        assertThat(details.synopsis()).isEqualTo("Spice.");
        assertThat(details.posterUrl()).isEmpty();
        assertThat(details.language()).isEqualTo("pt-BR");
        assertThat(details.releaseDate()).isEqualTo(LocalDate.of(2021, 10, 21));
    }

    @Test
    void emptyReleaseDateMeansUnknown() {
        assertThat(valid("Dune", 155, List.of(), "").releaseDate()).isNull();
    }

    @Test
    void titleMustHaveOneToTwoHundredCharacters() {
        assertThatThrownBy(() -> valid("   ", 100, List.of(), "")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("title is required");
        assertThatThrownBy(() -> valid("x".repeat(201), 100, List.of(), ""))
                .hasMessageContaining("title must have at most 200 characters");
        assertThat(valid("x".repeat(200), 100, List.of(), "").title()).hasSize(200);
    }

    @Test
    void runtimeMustBeBetweenOneAndSixHundredMinutes() {
        assertThatThrownBy(() -> valid("Dune", 0, List.of(), "")).hasMessageContaining("runtime_minutes must be between 1 and 600");
        assertThatThrownBy(() -> valid("Dune", 601, List.of(), "")).hasMessageContaining("runtime_minutes");
        assertThat(valid("Dune", 600, List.of(), "").runtimeMinutes()).isEqualTo(600);
    }

    @Test
    void genresAreAtMostTenShortDistinctLabels() {
        assertThatThrownBy(() -> valid("Dune", 100, Collections.nCopies(11, "Drama"), ""))
                .hasMessageContaining("genres may have at most 10");
        assertThatThrownBy(() -> valid("Dune", 100, List.of("Drama", " "), "")).hasMessageContaining("genres[1]");
        assertThatThrownBy(() -> valid("Dune", 100, List.of("x".repeat(41)), "")).hasMessageContaining("genres[0]");
        assertThatThrownBy(() -> valid("Dune", 100, List.of("Drama", "drama"), "")).hasMessageContaining("twice");
    }

    @Test
    void releaseDateMustBeARealCalendarDate() {
        assertThatThrownBy(() -> valid("Dune", 100, List.of(), "2021-02-30")).hasMessageContaining("release_date");
        assertThatThrownBy(() -> valid("Dune", 100, List.of(), "21-10-2021")).hasMessageContaining("release_date");
        assertThatThrownBy(() -> valid("Dune", 100, List.of(), "2021-10-21T00:00")).hasMessageContaining("release_date");
    }

    @Test
    void ratingSynopsisPosterAndLanguageHaveLimits() {
        assertThatThrownBy(() -> MovieDetails.validate("", "Dune", 1, "x".repeat(21), List.of(), "", "", "", ""))
                .hasMessageContaining("rating");
        assertThatThrownBy(() -> MovieDetails.validate("", "Dune", 1, "", List.of(), "x".repeat(4001), "", "", ""))
                .hasMessageContaining("synopsis");
        assertThatThrownBy(() -> MovieDetails.validate("", "Dune", 1, "", List.of(), "", "x".repeat(501), "", ""))
                .hasMessageContaining("poster_url");
        assertThatThrownBy(() -> MovieDetails.validate("", "Dune", 1, "", List.of(), "", "my poster.png", "", ""))
                .hasMessageContaining("poster_url");
        assertThatThrownBy(() -> MovieDetails.validate("", "Dune", 1, "", List.of(), "", "", "English!", ""))
                .hasMessageContaining("language");
    }

    @Test
    void fieldNamesCarryThePrefixOfTheNestedMessage() {
        assertThatThrownBy(() -> MovieDetails.validate("movie.", "", 1, "", List.of(), "", "", "", ""))
                .hasMessageContaining("movie.title");
    }
}
