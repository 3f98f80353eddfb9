package marquee.reservations;


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
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.Role;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Cinemas, halls, films and showtimes made through the real gRPC APIs of a {@link TestBackend}
 * running theaters, movies and reservations on a fresh database.
 */
final class Fixture {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final AtomicInteger names = new AtomicInteger();

    final TestBackend backend;
    final String manager;

    static TestBackend startBackend(Map<String, String> settings) {
        return TestBackend.start(settings, ServiceModules.byName("theaters", "movies", "reservations"));
    }

    Fixture(TestBackend backend) {
        this.backend = backend;
        this.manager = backend.tokens().manager();
    }

    ReservationsServiceGrpc.ReservationsServiceBlockingStub reservations(String token) {
        return TestBackend.as(ReservationsServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    private TheatersServiceGrpc.TheatersServiceBlockingStub theaters() {
        return TestBackend.as(TheatersServiceGrpc.newBlockingStub(backend.channel()), manager);
    }

    MoviesServiceGrpc.MoviesServiceBlockingStub movies() {
        return TestBackend.as(MoviesServiceGrpc.newBlockingStub(backend.channel()), manager);
    }

    String customer() {
        return backend.tokens().customer();
    }

    String cashier(String cinemaId) {
        return backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), cinemaId);
    }

    /** Opens a till shift for the staff member (cash needs one); needs the payments service in the backend. */
    marquee.payments.v1.Shift openShift(String staffToken) {
        return TestBackend.as(marquee.payments.v1.PaymentsServiceGrpc.newBlockingStub(backend.channel()), staffToken)
                .openShift(marquee.payments.v1.OpenShiftRequest.newBuilder().setStationId("till-" + UUID.randomUUID())
                        .setOpeningFloat(marquee.common.v1.Money.newBuilder().setAmountMinor(10000).setCurrency("EUR"))
                        .setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    Cinema cinema(int maxSeatsPerOrder, boolean forbidSingleEmptySeat) {
        return theaters().createCinema(CreateCinemaRequest.newBuilder()
                .setName("Marquee " + names.incrementAndGet() + " " + UUID.randomUUID().toString().substring(0, 8))
                .setAddress("1 Main Street").setCity("Springfield").setTimeZone(BERLIN.getId()).setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(maxSeatsPerOrder)
                        .setForbidSingleEmptySeat(forbidSingleEmptySeat))
                .build());
    }

    /**
     * Row A: A1–A6, an aisle, A7–A8. Row B: wheelchair space B1 (2 wide), companion B2, B3,
     * blocked B4, premium B5. Row C: sofas C1+C2 and C3+C4. Row D: D1–D10.
     */
    Hall hall(Cinema cinema) {
        Row.Builder a = Row.newBuilder().setLabel("A").setY(0);
        for (int n = 1; n <= 6; n++) a.addSeats(seat("A", n, n - 1, SeatCategory.STANDARD));
        a.addSeats(seat("A", 7, 7, SeatCategory.STANDARD)).addSeats(seat("A", 8, 8, SeatCategory.STANDARD));
        Row.Builder b = Row.newBuilder().setLabel("B").setY(1)
                .addSeats(seat("B", 1, 0, SeatCategory.WHEELCHAIR).toBuilder().setWidth(2))
                .addSeats(seat("B", 2, 2, SeatCategory.COMPANION))
                .addSeats(seat("B", 3, 3, SeatCategory.STANDARD))
                .addSeats(seat("B", 4, 4, SeatCategory.STANDARD).toBuilder().setBlocked(true))
                .addSeats(seat("B", 5, 5, SeatCategory.PREMIUM));
        Row.Builder c = Row.newBuilder().setLabel("C").setY(2)
                .addSeats(seat("C", 1, 0, SeatCategory.COUPLE).toBuilder().setPartnerId("C2"))
                .addSeats(seat("C", 2, 1, SeatCategory.COUPLE).toBuilder().setPartnerId("C1"))
                .addSeats(seat("C", 3, 2, SeatCategory.COUPLE).toBuilder().setPartnerId("C4"))
                .addSeats(seat("C", 4, 3, SeatCategory.COUPLE).toBuilder().setPartnerId("C3"));
        Row.Builder d = Row.newBuilder().setLabel("D").setY(3);
        for (int n = 1; n <= 10; n++) d.addSeats(seat("D", n, n - 1, SeatCategory.STANDARD));
        return theaters().createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId())
                .setName("Hall " + names.incrementAndGet())
                .setLayout(SeatLayout.newBuilder().addRows(a).addRows(b).addRows(c).addRows(d)).build());
    }

    private static Seat seat(String row, int number, int x, SeatCategory category) {
        return Seat.newBuilder().setId(row + number).setRow(row).setNumber(number).setX(x).setWidth(1).setCategory(category).build();
    }

    /** Adult prices for every category, a child price for standard seats only, a 50 cent fee. */
    static PriceList prices() {
        return PriceList.newBuilder().setCurrency("EUR")
                .addPrices(price(SeatCategory.STANDARD, TicketType.ADULT, 1200))
                .addPrices(price(SeatCategory.STANDARD, TicketType.CHILD, 800))
                .addPrices(price(SeatCategory.PREMIUM, TicketType.ADULT, 1500))
                .addPrices(price(SeatCategory.WHEELCHAIR, TicketType.ADULT, 1200))
                .addPrices(price(SeatCategory.COMPANION, TicketType.ADULT, 0))
                .addPrices(price(SeatCategory.COUPLE, TicketType.ADULT, 1400))
                .setBookingFeeMinor(50).build();
    }

    private static Price price(SeatCategory category, TicketType type, long amount) {
        return Price.newBuilder().setCategory(category).setTicketType(type).setAmountMinor(amount).build();
    }

    /** A scheduled showtime a few days ahead in a new hall of the cinema. */
    Showtime showtime(Cinema cinema) {
        Hall hall = hall(cinema);
        Movie movie = movies().createMovie(CreateMovieRequest.newBuilder().setTitle("Film " + names.incrementAndGet())
                .setRuntimeMinutes(100).setRating("12").addGenres("Drama").setSynopsis("A film.").setLanguage("en")
                .setReleaseDate("2024-05-01").build());
        Instant start = LocalDate.now(BERLIN).plusDays(5).atTime(LocalTime.of(20, 0)).atZone(BERLIN).toInstant();
        return movies().createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(timestamp(start)).setPriceList(prices()).setFormat("2D").build());
    }

    Showtime showtime() {
        return showtime(cinema(4, false));
    }

    static HoldSeatsRequest holdRequest(Showtime showtime, String... seats) {
        HoldSeatsRequest.Builder request = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                .setIdempotencyKey(UUID.randomUUID().toString());
        for (String seat : seats) request.addSeats(SeatSelection.newBuilder().setSeatId(seat));
        return request.build();
    }

    Booking hold(String token, Showtime showtime, String... seats) {
        return reservations(token).holdSeats(holdRequest(showtime, seats));
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static StatusRuntimeException assertFails(Status.Code code, String messagePart, ThrowingCallable call) {
        return GrpcAssertions.assertFails(code, messagePart, call);
    }

    /** Like {@link #assertFails}, and the reservations schema is exactly as before the call. */
    void assertFailsWithoutChange(Status.Code code, String messagePart, ThrowingCallable call) {
        GrpcAssertions.assertFailsWithoutChange(backend, "reservations", code, messagePart, call);
    }
}
