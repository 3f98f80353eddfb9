package marquee.movies;


import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.Movie;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.movies.v1.Showtime;
import marquee.platform.ServiceModules;
import marquee.platform.testing.GrpcAssertions;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Cinemas, halls and films for tests, made through the real gRPC APIs of a {@link TestBackend}
 * running the theaters and movies services.
 */
final class Fixture {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final AtomicInteger names = new AtomicInteger();

    final TestBackend backend;
    final String manager;

    /** The real theaters and movies services on a fresh database; {@code settings} override the configuration. */
    static TestBackend startBackend(Map<String, String> settings) {
        return TestBackend.start(settings, ServiceModules.byName("theaters", "movies"));
    }

    Fixture(TestBackend backend) {
        this.backend = backend;
        this.manager = backend.tokens().manager();
    }

    /** A movies stub calling with {@code token} (null: anonymous); make one per call (its deadline runs from now). */
    MoviesServiceGrpc.MoviesServiceBlockingStub movies(String token) {
        return TestBackend.as(MoviesServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    MoviesServiceGrpc.MoviesServiceBlockingStub asManager() {
        return movies(manager);
    }

    private TheatersServiceGrpc.TheatersServiceBlockingStub theaters() {
        return TestBackend.as(TheatersServiceGrpc.newBlockingStub(backend.channel()), manager);
    }

    Cinema cinema(String zone, String currency) {
        return theaters().createCinema(CreateCinemaRequest.newBuilder()
                .setName("Marquee " + names.incrementAndGet() + " " + UUID.randomUUID().toString().substring(0, 8))
                .setAddress("1 Main Street").setCity("Springfield")
                .setTimeZone(zone).setCurrency(currency).build());
    }

    Cinema cinema() {
        return cinema(BERLIN.getId(), "EUR");
    }

    /** A small hall: one row of four standard seats. */
    Hall hall(Cinema cinema, String name) {
        Row.Builder row = Row.newBuilder().setLabel("A").setY(0);
        for (int number = 1; number <= 4; number++) {
            row.addSeats(Seat.newBuilder().setId("A" + number).setRow("A").setNumber(number).setX(number - 1).setWidth(1)
                    .setCategory(SeatCategory.STANDARD));
        }
        return theaters().createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName(name)
                .setLayout(SeatLayout.newBuilder().addRows(row).setWidth(4).setDepth(1)).build());
    }

    Movie movie(String title, int runtimeMinutes) {
        return asManager().createMovie(movieRequest(title, runtimeMinutes));
    }

    static CreateMovieRequest movieRequest(String title, int runtimeMinutes) {
        return CreateMovieRequest.newBuilder().setTitle(title).setRuntimeMinutes(runtimeMinutes).setRating("12")
                .addGenres("Drama").setSynopsis("A film.").setLanguage("en").setReleaseDate("2024-05-01").build();
    }

    static PriceList prices(String currency, long adult) {
        return PriceList.newBuilder().setCurrency(currency)
                .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT).setAmountMinor(adult))
                .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.CHILD).setAmountMinor(adult / 2))
                .setBookingFeeMinor(50).build();
    }

    static CreateShowtimeRequest.Builder showtime(Movie movie, Hall hall, Instant startsAt) {
        return CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(timestamp(startsAt)).setPriceList(prices("EUR", 1200)).setFormat("2D");
    }

    Showtime schedule(Movie movie, Hall hall, Instant startsAt) {
        return asManager().createShowtime(showtime(movie, hall, startsAt).build());
    }

    /** A future day in Berlin, {@code daysAhead} from today. */
    static LocalDate day(int daysAhead) {
        return LocalDate.now(BERLIN).plusDays(daysAhead);
    }

    static Instant at(LocalDate date, String time) {
        return date.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** The call fails with {@code code} and a message containing {@code messagePart}. */
    static StatusRuntimeException assertFails(Status.Code code, String messagePart, ThrowingCallable call) {
        return GrpcAssertions.assertFails(code, messagePart, call);
    }

    /** Like {@link #assertFails}, and the movies schema is exactly as before the call. */
    void assertFailsWithoutChange(Status.Code code, String messagePart, ThrowingCallable call) {
        GrpcAssertions.assertFailsWithoutChange(backend, "movies", code, messagePart, call);
    }
}
