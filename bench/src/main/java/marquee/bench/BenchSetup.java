package marquee.bench;

import io.grpc.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;

/** Creates the benchmark's own cinema, 1,000-seat halls and showtimes through the public API, as a manager. */
final class BenchSetup {
    record Show(String id, List<String> seats, List<List<String>> rows) {}

    private static final int ROWS = 25;
    private static final int PER_ROW = 40;

    private final Channel channel;
    private final Options options;
    private String cinemaId;
    private String movieId;
    private final List<String> hallIds = new ArrayList<>();

    BenchSetup(Channel channel, Options options) {
        this.channel = channel;
        this.options = options;
    }

    String customerToken() {
        return login(options.get("customer-email"),
                options.get("customer-password"));
    }

    private String manager;

    private String managerToken() {
        if (manager == null) manager = login0();
        return manager;
    }

    private String login0() {
        return login(options.get("manager-email"),
                options.get("manager-password"));
    }

    private String login(String email, String password) {
        return UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build()).getAccessToken();
    }

    private int spreadBatches;

    /** {@code count} showtimes of 1,000 seats, 25 per hall, 90 minutes apart; each batch on days of its own. */
    List<Show> spreadShowtimes(int count) {
        int perHall = 25;
        prepare((count + perHall - 1) / perHall);
        List<Show> shows = new ArrayList<>();
        Instant first = Instant.now().plus(Duration.ofHours(2)).plus(Duration.ofDays(2L * spreadBatches++));
        for (int i = 0; i < count; i++) {
            shows.add(showtime(hallIds.get(i / perHall), first.plus(Duration.ofMinutes(90L * (i % perHall)))));
        }
        return shows;
    }

    private int contendedShows;

    /** A fresh showtime of its own (a new day each time, so two never overlap in the hall). */
    Show contendedShowtime() {
        prepare(1);
        return showtime(hallIds.get(0), Instant.now().plus(Duration.ofDays(60 + contendedShows++)));
    }

    private void prepare(int halls) {
        var bearer = new Bearer(managerToken());
        var theaters = TheatersServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer);
        var movies = MoviesServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer);
        if (cinemaId == null) {
            cinemaId = theaters.withDeadlineAfter(10, TimeUnit.SECONDS).createCinema(CreateCinemaRequest.newBuilder()
                    .setName("Bench " + System.currentTimeMillis()).setAddress("Load Lane 1").setCity("Bench")
                    .setTimeZone("UTC").setCurrency("EUR")
                    .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(10)).build()).getId();
            movieId = movies.withDeadlineAfter(10, TimeUnit.SECONDS).createMovie(CreateMovieRequest.newBuilder()
                    .setTitle("Bench Film").setRuntimeMinutes(60).setRating("0").build()).getId();
        }
        while (hallIds.size() < halls) {
            hallIds.add(theaters.withDeadlineAfter(30, TimeUnit.SECONDS).createHall(CreateHallRequest.newBuilder()
                    .setCinemaId(cinemaId).setName("Arena " + (hallIds.size() + 1)).setLayout(layout()).build()).getId());
        }
    }

    private Show showtime(String hall, Instant start) {
        var movies = MoviesServiceGrpc.newBlockingStub(channel).withCallCredentials(new Bearer(managerToken()));
        String id = movies.withDeadlineAfter(10, TimeUnit.SECONDS).createShowtime(CreateShowtimeRequest.newBuilder()
                .setMovieId(movieId).setHallId(hall)
                .setStartsAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR").addPrices(Price.newBuilder()
                        .setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT).setAmountMinor(1000)))
                .build()).getId();
        List<List<String>> rows = new ArrayList<>();
        List<String> seats = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            List<String> row = new ArrayList<>();
            for (int n = 1; n <= PER_ROW; n++) row.add(rowLabel(r) + n);
            rows.add(row);
            seats.addAll(row);
        }
        return new Show(id, seats, rows);
    }

    private static SeatLayout layout() {
        SeatLayout.Builder layout = SeatLayout.newBuilder().setWidth(PER_ROW).setDepth(ROWS);
        for (int r = 0; r < ROWS; r++) {
            Row.Builder row = Row.newBuilder().setLabel(rowLabel(r)).setY(r);
            for (int n = 1; n <= PER_ROW; n++) {
                row.addSeats(Seat.newBuilder().setId(rowLabel(r) + n).setRow(rowLabel(r)).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
            }
            layout.addRows(row);
        }
        return layout.build();
    }

    private static String rowLabel(int index) {
        return String.valueOf((char) ('A' + index));
    }
}
