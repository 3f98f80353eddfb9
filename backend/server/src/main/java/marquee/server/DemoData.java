package marquee.server;

import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.Movie;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.platform.auth.BearerToken;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.ListHallsRequest;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.Role;
import marquee.users.v1.UsersServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo programme, loaded through the public gRPC API as the demo manager — the same
 * validation a real manager's edits go through. Cinemas, halls, films and staff are created
 * once; showtimes are topped up on every start so there is always a week to sell from today.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    public static final String MANAGER_EMAIL = "manager@marquee.demo";
    public static final String MANAGER_PASSWORD = "Manager2026!";
    public static final String CASHIER_EMAIL = "cashier@marquee.demo";
    public static final String CASHIER_PASSWORD = "Cashier2026!";
    public static final String CASHIER_LOGIN = "cash01";
    public static final String CASHIER_PIN = "1234";
    /** The floor manager who approves refunds, voids and reprints at the till (ApproveOverride). */
    public static final String MANAGER_STAFF_EMAIL = "floor.manager@marquee.demo";
    public static final String MANAGER_STAFF_LOGIN = "mgr01";
    public static final String MANAGER_STAFF_PIN = "9876";
    /** Door staff: checks tickets in at the door scanner and can do nothing else (role DOOR). */
    public static final String DOOR_EMAIL = "door@marquee.demo";
    public static final String DOOR_LOGIN = "door01";
    public static final String DOOR_PIN = "2468";
    public static final String KIOSK_DEVICE = "kiosk-riverside-1";
    public static final String KIOSK_SECRET = "KioskDemo2026";
    public static final String ZONE = "Europe/Berlin";
    static final int DAYS = 7;
    static final List<String> DEMO_CINEMAS = List.of("Marquee Riverside", "Marquee Old Town");

    private final Channel usersChannel;
    private final Channel theatersChannel;
    private final Channel moviesChannel;

    /** Demo data for a backend whose services all answer on one channel (all-in-one). */
    public DemoData(Channel channel) {
        this(channel, channel, channel);
    }

    public DemoData(Channel users, Channel theaters, Channel movies) {
        this.usersChannel = users;
        this.theatersChannel = theaters;
        this.moviesChannel = movies;
    }

    private record Film(String title, int runtime, String rating, List<String> genres, String synopsis) {}

    private static final List<Film> FILMS = List.of(
            new Film("The Lighthouse Keeper", 112, "12", List.of("Drama", "Mystery"),
                    "On a storm-bound island, a keeper finds a logbook that predicts the next shipwreck."),
            new Film("Starfall Express", 128, "12", List.of("Science Fiction", "Adventure"),
                    "A night train to the edge of the galaxy, and one passenger who should not be aboard."),
            new Film("Paper Tigers", 96, "6", List.of("Animation", "Family"),
                    "Two origami tigers escape a toy shop and try to find their way home across the city."),
            new Film("Midnight at the Majestic", 104, "16", List.of("Thriller"),
                    "A projectionist discovers the last reel of a lost film is a confession."),
            new Film("Garden of Small Things", 89, "0", List.of("Documentary"),
                    "A year in one square metre of meadow, filmed at the scale of the creatures who live there."),
            new Film("Second Serve", 118, "12", List.of("Comedy", "Sport"),
                    "A retired tennis pro coaches her estranged son for one last amateur tournament."),
            new Film("The Copper Crown", 152, "12", List.of("Fantasy", "Adventure"),
                    "Three rival heirs must forge the kingdom's crown from the metal of its enemies."),
            new Film("Quiet Harbour", 101, "0", List.of("Romance", "Drama"),
                    "A ferry captain and a marine biologist keep missing each other by one crossing."),
            new Film("Signal Lost", 93, "16", List.of("Horror"),
                    "A radio crew broadcasting from an abandoned station start hearing replies."));

    /** Creates what is missing; safe to run on every start and from several processes. */
    public void ensure() {
        String manager = login();
        var theaters = TheatersServiceGrpc.newBlockingStub(theatersChannel).withCallCredentials(new BearerToken(manager));
        var movies = MoviesServiceGrpc.newBlockingStub(moviesChannel).withCallCredentials(new BearerToken(manager));
        var users = UsersServiceGrpc.newBlockingStub(usersChannel).withCallCredentials(new BearerToken(manager));

        List<Cinema> cinemas = deadline(theaters).listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList();
        if (cinemas.isEmpty()) {
            log.info("Loading the demo programme (first start)");
            Cinema riverside = createCinema(theaters, DEMO_CINEMAS.get(0), "1 River Walk", "Berlin", 10, false);
            riverside = enableOfflineSelling(theaters, riverside);
            Cinema oldTown = createCinema(theaters, DEMO_CINEMAS.get(1), "12 Market Square", "Berlin", 8, true);
            createHall(theaters, riverside, "Hall 1 – Grand", DemoLayouts.grand());
            createHall(theaters, riverside, "Hall 2", DemoLayouts.classic(10, 6, true));
            createHall(theaters, oldTown, "Studio 1", DemoLayouts.classic(6, 5, false));
            createHall(theaters, oldTown, "Studio 2", DemoLayouts.classic(5, 4, true));
            for (Film film : FILMS) {
                deadline(movies).createMovie(CreateMovieRequest.newBuilder().setTitle(film.title())
                        .setRuntimeMinutes(film.runtime()).setRating(film.rating()).addAllGenres(film.genres())
                        .setSynopsis(film.synopsis()).setLanguage("en").build());
            }
            createStaff(users, riverside);
            cinemas = deadline(theaters).listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList();
        }
        ensureDoorStaff(users, cinemas);
        // Demo installations made before offline selling existed get it too (never a deployment's cinemas).
        for (Cinema cinema : cinemas) {
            var rules = cinema.getSalesRules();
            if (cinema.getName().equals(DEMO_CINEMAS.get(0)) && rules.getOfflineSeatsPerShowtime() == 0 && !rules.getOfflineKiosksAllowed()
                    && rules.getOfflineCardFloorLimitMinor() == 0) {
                enableOfflineSelling(theaters, cinema);
            }
        }
        List<Movie> films = deadline(movies).listMovies(ListMoviesRequest.getDefaultInstance()).getMoviesList();
        int created = 0;
        for (Cinema cinema : cinemas) {
            // Only the demo's own cinemas: others belong to someone (a manager, a benchmark).
            if (!DEMO_CINEMAS.contains(cinema.getName())) continue;
            List<Hall> halls = deadline(theaters).listHalls(ListHallsRequest.newBuilder().setCinemaId(cinema.getId()).build())
                    .getHallsList();
            created += scheduleWeek(movies, cinema, halls, films);
        }
        log.info("Demo programme ready: {} cinemas, {} films, {} new showtimes", cinemas.size(), films.size(), created);
    }

    private String login() {
        StatusRuntimeException last = null;
        // The users service may still be creating the demo manager when several processes start together.
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                return deadline(UsersServiceGrpc.newBlockingStub(usersChannel)).login(LoginRequest.newBuilder()
                        .setEmail(MANAGER_EMAIL).setPassword(MANAGER_PASSWORD).build()).getAccessToken();
            } catch (StatusRuntimeException e) {
                last = e;
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE && e.getStatus().getCode() != Status.Code.UNAUTHENTICATED) throw e;
                sleep(1000);
            }
        }
        throw last;
    }

    private static Cinema createCinema(TheatersServiceGrpc.TheatersServiceBlockingStub theaters, String name, String address,
                                       String city, int maxSeats, boolean noSingleSeat) {
        return deadline(theaters).createCinema(CreateCinemaRequest.newBuilder().setName(name).setAddress(address).setCity(city)
                .setTimeZone(ZONE).setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(maxSeats).setForbidSingleEmptySeat(noSingleSeat))
                .build());
    }

    /**
     * The demo's lobby kiosk and till sell offline from 4 seats set aside per showtime (cash, and
     * cards up to 60 EUR with the terminal's own offline approval).
     */
    private static Cinema enableOfflineSelling(TheatersServiceGrpc.TheatersServiceBlockingStub theaters, Cinema cinema) {
        SalesRules rules = cinema.getSalesRules().toBuilder().setOfflineSeatsPerShowtime(4).setOfflineKiosksAllowed(true)
                .setOfflineCardFloorLimitMinor(6000).build();
        return deadline(theaters).updateCinema(marquee.theaters.v1.UpdateCinemaRequest.newBuilder().setCinemaId(cinema.getId())
                .setCinema(CreateCinemaRequest.newBuilder().setName(cinema.getName()).setAddress(cinema.getAddress())
                        .setCity(cinema.getCity()).setTimeZone(cinema.getTimeZone()).setCurrency(cinema.getCurrency())
                        .setSalesRules(rules))
                .build());
    }

    private static void createHall(TheatersServiceGrpc.TheatersServiceBlockingStub theaters, Cinema cinema, String name, SeatLayout layout) {
        deadline(theaters).createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName(name).setLayout(layout).build());
    }

    private static void createStaff(UsersServiceGrpc.UsersServiceBlockingStub users, Cinema cinema) {
        deadline(users).createUser(CreateUserRequest.newBuilder().setEmail(CASHIER_EMAIL).setPassword(CASHIER_PASSWORD)
                .setDisplayName("Demo Cashier").setRole(Role.CASHIER).setCinemaId(cinema.getId())
                .setStaffLogin(CASHIER_LOGIN).setPin(CASHIER_PIN).build());
        deadline(users).createUser(CreateUserRequest.newBuilder().setEmail(MANAGER_STAFF_EMAIL).setPassword(CASHIER_PASSWORD)
                .setDisplayName("Demo Floor Manager").setRole(Role.MANAGER).setCinemaId(cinema.getId())
                .setStaffLogin(MANAGER_STAFF_LOGIN).setPin(MANAGER_STAFF_PIN).build());
        deadline(users).createUser(CreateUserRequest.newBuilder().setEmail(KIOSK_DEVICE + "@devices.marquee.demo")
                .setPassword(KIOSK_SECRET).setDisplayName("Riverside lobby kiosk 1").setRole(Role.KIOSK)
                .setCinemaId(cinema.getId()).setDeviceId(KIOSK_DEVICE).build());
    }

    /** The door staff of Riverside; also added to demo installations made before door mode existed. */
    private static void ensureDoorStaff(UsersServiceGrpc.UsersServiceBlockingStub users, List<Cinema> cinemas) {
        Cinema riverside = cinemas.stream().filter(c -> c.getName().equals(DEMO_CINEMAS.get(0))).findFirst().orElse(null);
        if (riverside == null) return;
        try {
            deadline(users).createUser(CreateUserRequest.newBuilder().setEmail(DOOR_EMAIL).setPassword(CASHIER_PASSWORD)
                    .setDisplayName("Demo Door Staff").setRole(Role.DOOR).setCinemaId(riverside.getId())
                    .setStaffLogin(DOOR_LOGIN).setPin(DOOR_PIN).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) throw e;
        }
    }

    /** Fills every hall from noon to late evening, for each of the next days that has no showtimes yet. */
    private static int scheduleWeek(MoviesServiceGrpc.MoviesServiceBlockingStub movies, Cinema cinema, List<Hall> halls, List<Movie> films) {
        ZoneId zone = ZoneId.of(cinema.getTimeZone());
        LocalDate today = LocalDate.now(zone);
        var existing = deadline(movies).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinema.getId())
                .setDate(today.toString()).setDays(DAYS).build()).getShowtimesList();
        int created = 0;
        for (int h = 0; h < halls.size(); h++) {
            Hall hall = halls.get(h);
            for (int day = 0; day < DAYS; day++) {
                LocalDate date = today.plusDays(day);
                boolean planned = existing.stream().anyMatch(s -> s.getHallId().equals(hall.getId())
                        && s.getBusinessDate().equals(date.toString()));
                if (planned) continue;
                ZonedDateTime start = date.atTime(LocalTime.of(12, 0).plusMinutes(30L * h)).atZone(zone);
                int film = (day + h * 3) % films.size();
                while (start.toLocalTime().isBefore(LocalTime.of(22, 31)) && start.toLocalDate().equals(date)) {
                    Movie movie = films.get(film % films.size());
                    if (start.toInstant().isAfter(Instant.now().plusSeconds(300))) {
                        try {
                            deadline(movies).createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId())
                                    .setHallId(hall.getId()).setStartsAt(timestamp(start.toInstant()))
                                    .setPriceList(prices(hall.getSeatCount() > 300)).setFormat(film % 3 == 1 ? "3D" : "2D").build());
                            created++;
                        } catch (StatusRuntimeException e) {
                            if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) throw e;
                            // Another process planned this slot first: fine.
                        }
                    }
                    // Next show after the film plus cleaning, rounded up to a quarter hour.
                    start = roundUpToQuarter(start.plusMinutes(movie.getRuntimeMinutes() + 20 + 5));
                    film++;
                }
            }
        }
        return created;
    }

    private static PriceList prices(boolean bigHall) {
        long base = bigHall ? 1250 : 1050;
        List<Price> prices = new ArrayList<>();
        for (SeatCategory category : List.of(SeatCategory.STANDARD, SeatCategory.PREMIUM, SeatCategory.WHEELCHAIR,
                SeatCategory.COMPANION, SeatCategory.COUPLE)) {
            long categoryBase = switch (category) {
                case PREMIUM -> base + 300;
                case COUPLE -> base + 200;
                default -> base;
            };
            for (TicketType type : List.of(TicketType.ADULT, TicketType.CHILD, TicketType.SENIOR, TicketType.STUDENT)) {
                long amount = switch (type) {
                    case CHILD -> categoryBase - 350;
                    case SENIOR, STUDENT -> categoryBase - 200;
                    default -> categoryBase;
                };
                // A wheelchair user's companion goes free, as many cinemas' access schemes do.
                if (category == SeatCategory.COMPANION) amount = 0;
                prices.add(Price.newBuilder().setCategory(category).setTicketType(type).setAmountMinor(amount).build());
            }
        }
        return PriceList.newBuilder().setCurrency("EUR").addAllPrices(prices).setBookingFeeMinor(75).build();
    }

    private static ZonedDateTime roundUpToQuarter(ZonedDateTime time) {
        int minute = time.getMinute();
        int rounded = ((minute + 14) / 15) * 15;
        return time.withSecond(0).withNano(0).withMinute(0).plusMinutes(rounded);
    }

    private static Timestamp timestamp(Instant instant) {
        return marquee.platform.grpc.ProtoTime.timestamp(instant);
    }

    private static <S extends io.grpc.stub.AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
