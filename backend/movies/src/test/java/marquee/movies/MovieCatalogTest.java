package marquee.movies;

import static marquee.movies.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.Map;
import java.util.UUID;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.GetMovieRequest;
import marquee.movies.v1.GetShowtimeRequest;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.Movie;
import marquee.movies.v1.UpdateMovieRequest;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.Hall;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MovieCatalogTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of());
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void managerCreatesAFilmAndAnyoneCanReadIt() {
        Movie created = fixture.asManager().createMovie(CreateMovieRequest.newBuilder()
                .setTitle("  Arrival ").setRuntimeMinutes(116).setRating("PG-13").addGenres("Sci-Fi").addGenres("Drama")
                .setSynopsis("Linguist meets heptapods.").setPosterUrl("classpath:/posters/arrival.png")
                .setLanguage("en").setReleaseDate("2016-11-11").build());

        assertThat(created.getId()).isNotEmpty();
        assertThat(created.getTitle()).isEqualTo("Arrival");
        Movie read = fixture.movies(null).getMovie(GetMovieRequest.newBuilder().setMovieId(created.getId()).build());
        assertThat(read).isEqualTo(created);
        assertThat(read.getGenresList()).containsExactly("Sci-Fi", "Drama");
        assertThat(read.getReleaseDate()).isEqualTo("2016-11-11");
        assertThat(read.getPosterUrl()).isEqualTo("classpath:/posters/arrival.png");
    }

    @Test
    void filmWithoutOptionalFieldsHasEmptyValues() {
        Movie created = fixture.asManager().createMovie(CreateMovieRequest.newBuilder().setTitle("Untitled").setRuntimeMinutes(90).build());

        assertThat(created.getReleaseDate()).isEmpty();
        assertThat(created.getPosterUrl()).isEmpty();
        assertThat(created.getGenresList()).isEmpty();
    }

    @Test
    void updateChangesTheFilmAndTheTitleShownOnItsShowtimes() {
        Movie movie = fixture.movie("Blade Runner", 117);
        Cinema cinema = fixture.cinema();
        Hall hall = fixture.hall(cinema, "Hall 1");
        var showtime = fixture.schedule(movie, hall, Fixture.at(Fixture.day(3), "20:00"));

        Movie updated = fixture.asManager().updateMovie(UpdateMovieRequest.newBuilder().setMovieId(movie.getId())
                .setMovie(Fixture.movieRequest("Blade Runner (Final Cut)", 125).toBuilder().clearGenres().addGenres("Noir")).build());

        assertThat(updated.getId()).isEqualTo(movie.getId());
        assertThat(updated.getTitle()).isEqualTo("Blade Runner (Final Cut)");
        assertThat(updated.getRuntimeMinutes()).isEqualTo(125);
        assertThat(updated.getGenresList()).containsExactly("Noir");
        assertThat(fixture.movies(null).getMovie(GetMovieRequest.newBuilder().setMovieId(movie.getId()).build())).isEqualTo(updated);
        var after = fixture.movies(null).getShowtime(GetShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        assertThat(after.getMovieTitle()).isEqualTo("Blade Runner (Final Cut)");
        // A runtime change does not move a showtime already scheduled.
        assertThat(after.getEndsAt()).isEqualTo(showtime.getEndsAt());
    }

    @Test
    void listsAllFilmsByTitle() {
        Movie zulu = fixture.movie("Zulu Dawn", 117);
        Movie alpha = fixture.movie("alpha Centauri", 90);

        var titles = fixture.movies(null).listMovies(ListMoviesRequest.getDefaultInstance()).getMoviesList().stream()
                .map(Movie::getTitle).toList();

        assertThat(titles).contains(zulu.getTitle(), alpha.getTitle());
        assertThat(titles).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }

    @Test
    void listingByCinemaAndDateShowsOnlyFilmsScheduledThereThatDay() {
        Cinema cinema = fixture.cinema();
        Cinema elsewhere = fixture.cinema();
        Hall hall = fixture.hall(cinema, "Hall 1");
        Hall otherHall = fixture.hall(elsewhere, "Hall 1");
        Movie today = fixture.movie("Showing That Day", 100);
        Movie nextDay = fixture.movie("Showing The Next Day", 100);
        Movie otherCinema = fixture.movie("Showing Elsewhere", 100);
        Movie cancelled = fixture.movie("Cancelled That Day", 100);
        Movie late = fixture.movie("Late Show", 100);
        var date = Fixture.day(5);
        fixture.schedule(today, hall, Fixture.at(date, "14:00"));
        fixture.schedule(today, hall, Fixture.at(date, "17:00"));
        fixture.schedule(nextDay, hall, Fixture.at(date.plusDays(1), "14:00"));
        fixture.schedule(otherCinema, otherHall, Fixture.at(date, "14:00"));
        var gone = fixture.schedule(cancelled, hall, Fixture.at(date, "10:00"));
        fixture.asManager().cancelShowtime(marquee.movies.v1.CancelShowtimeRequest.newBuilder().setShowtimeId(gone.getId()).build());
        // 23:30 in Berlin is still that business date although it is the next day in some zones.
        fixture.schedule(late, hall, Fixture.at(date, "23:30"));

        var listed = fixture.movies(null).listMovies(ListMoviesRequest.newBuilder().setCinemaId(cinema.getId())
                .setDate(date.toString()).build()).getMoviesList();

        assertThat(listed).extracting(Movie::getTitle).containsExactly("Late Show", "Showing That Day");
    }

    @Test
    void listingACinemaWithNothingOnThatDayIsEmpty() {
        Cinema cinema = fixture.cinema();

        var listed = fixture.movies(null).listMovies(ListMoviesRequest.newBuilder().setCinemaId(cinema.getId())
                .setDate(Fixture.day(1).toString()).build());

        assertThat(listed.getMoviesList()).isEmpty();
    }

    @Test
    void listingRefusesHalfAFilterAnUnknownCinemaAndBadValues() {
        var anonymous = fixture.movies(null);
        String cinema = fixture.cinema().getId();
        assertFails(Code.INVALID_ARGUMENT, "date is required",
                () -> fixture.movies(null).listMovies(ListMoviesRequest.newBuilder().setCinemaId(cinema).build()));
        assertFails(Code.INVALID_ARGUMENT, "cinema_id is required",
                () -> fixture.movies(null).listMovies(ListMoviesRequest.newBuilder().setDate("2030-01-01").build()));
        assertFails(Code.INVALID_ARGUMENT, "cinema_id must be an id",
                () -> fixture.movies(null).listMovies(ListMoviesRequest.newBuilder().setCinemaId("riverside").setDate("2030-01-01").build()));
        assertFails(Code.INVALID_ARGUMENT, "date must be a date as YYYY-MM-DD",
                () -> fixture.movies(null).listMovies(ListMoviesRequest.newBuilder().setCinemaId(cinema).setDate("2030-13-01").build()));
        assertFails(Code.NOT_FOUND, "cinema",
                () -> anonymous.listMovies(ListMoviesRequest.newBuilder().setCinemaId(UUID.randomUUID().toString())
                        .setDate("2030-01-01").build()));
    }

    @Test
    void getRefusesMalformedAndUnknownIds() {
        assertFails(Code.INVALID_ARGUMENT, "movie_id is required",
                () -> fixture.movies(null).getMovie(GetMovieRequest.getDefaultInstance()));
        assertFails(Code.INVALID_ARGUMENT, "movie_id must be an id",
                () -> fixture.movies(null).getMovie(GetMovieRequest.newBuilder().setMovieId("not-a-uuid").build()));
        String unknown = UUID.randomUUID().toString();
        assertFails(Code.NOT_FOUND, "there is no movie " + unknown,
                () -> fixture.movies(null).getMovie(GetMovieRequest.newBuilder().setMovieId(unknown).build()));
    }

    @Test
    void createRefusesBadFieldsAndStoresNothing() {
        var base = Fixture.movieRequest("Valid", 100);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "title is required",
                () -> fixture.asManager().createMovie(base.toBuilder().setTitle(" ").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "title must have at most 200",
                () -> fixture.asManager().createMovie(base.toBuilder().setTitle("x".repeat(201)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "runtime_minutes must be between 1 and 600",
                () -> fixture.asManager().createMovie(base.toBuilder().setRuntimeMinutes(0).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "runtime_minutes",
                () -> fixture.asManager().createMovie(base.toBuilder().setRuntimeMinutes(601).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "rating",
                () -> fixture.asManager().createMovie(base.toBuilder().setRating("x".repeat(21)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "genres may have at most 10",
                () -> fixture.asManager().createMovie(base.toBuilder().clearGenres()
                        .addAllGenres(java.util.stream.IntStream.range(0, 11).mapToObj(i -> "G" + i).toList()).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "genres[1]",
                () -> fixture.asManager().createMovie(base.toBuilder().addGenres("x".repeat(41)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "synopsis",
                () -> fixture.asManager().createMovie(base.toBuilder().setSynopsis("x".repeat(4001)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "poster_url",
                () -> fixture.asManager().createMovie(base.toBuilder().setPosterUrl("https://x/" + "p".repeat(500)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "release_date",
                () -> fixture.asManager().createMovie(base.toBuilder().setReleaseDate("2024-02-30").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "language",
                () -> fixture.asManager().createMovie(base.toBuilder().setLanguage("English, mostly").build()));
    }

    @Test
    void updateRefusesBadInputAndUnknownFilmsAndChangesNothing() {
        Movie movie = fixture.movie("Stays As It Is", 100);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "movie is required",
                () -> fixture.asManager().updateMovie(UpdateMovieRequest.newBuilder().setMovieId(movie.getId()).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "movie.title is required",
                () -> fixture.asManager().updateMovie(UpdateMovieRequest.newBuilder().setMovieId(movie.getId())
                        .setMovie(Fixture.movieRequest("", 100)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "movie.runtime_minutes",
                () -> fixture.asManager().updateMovie(UpdateMovieRequest.newBuilder().setMovieId(movie.getId())
                        .setMovie(Fixture.movieRequest("Ok", -5)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "movie_id must be an id",
                () -> fixture.asManager().updateMovie(UpdateMovieRequest.newBuilder().setMovieId("x")
                        .setMovie(Fixture.movieRequest("Ok", 100)).build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "there is no movie",
                () -> fixture.asManager().updateMovie(UpdateMovieRequest.newBuilder().setMovieId(UUID.randomUUID().toString())
                        .setMovie(Fixture.movieRequest("Ok", 100)).build()));
    }

    @Test
    void editingFilmsNeedsAManager() {
        Movie movie = fixture.movie("Protected", 100);
        var create = Fixture.movieRequest("Intruder", 100);
        var update = UpdateMovieRequest.newBuilder().setMovieId(movie.getId()).setMovie(create).build();
        String customer = backend.tokens().customer();
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), UUID.randomUUID().toString());

        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in", () -> fixture.movies(null).createMovie(create));
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in", () -> fixture.movies(null).updateMovie(update));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(customer).createMovie(create));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(customer).updateMovie(update));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(cashier).createMovie(create));
    }

    @Test
    void authorizationIsCheckedBeforeTheInput() {
        // An anonymous caller learns nothing about validation rules.
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in",
                () -> fixture.movies(null).createMovie(CreateMovieRequest.getDefaultInstance()));
    }
}
