package marquee.movies;

import static marquee.movies.Fixture.assertFails;
import static marquee.movies.Fixture.at;
import static marquee.movies.Fixture.day;
import static marquee.movies.Fixture.instant;
import static marquee.movies.Fixture.showtime;
import static marquee.movies.Fixture.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Status.Code;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.GetShowtimeRequest;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.Movie;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.movies.v1.Showtime;
import marquee.movies.v1.ShowtimeStatus;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.Hall;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShowtimeSchedulingTest {
    private static TestBackend backend;
    private static Fixture fixture;
    private static Cinema cinema;
    private static Movie film;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of());
        fixture = new Fixture(backend);
        cinema = fixture.cinema();
        // 100 minutes + 20 minutes cleaning: each showtime keeps its hall for two hours.
        film = fixture.movie("Two Hours With Cleaning", 100);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static Hall newHall() {
        return fixture.hall(cinema, "Hall " + UUID.randomUUID().toString().substring(0, 6));
    }

    private static Showtime get(String id) {
        return fixture.movies(null).getShowtime(GetShowtimeRequest.newBuilder().setShowtimeId(id).build());
    }

    private static Showtime cancel(String id) {
        return fixture.asManager().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(id).build());
    }

    @Test
    void schedulingComputesEndBusinessDateAndCopiesNames() {
        Hall hall = newHall();
        Instant start = at(day(2), "19:30");

        Showtime created = fixture.asManager().createShowtime(showtime(film, hall, start).setFormat(" 3D ").build());

        assertThat(created.getId()).isNotEmpty();
        assertThat(created.getMovieId()).isEqualTo(film.getId());
        assertThat(created.getCinemaId()).isEqualTo(cinema.getId());
        assertThat(created.getHallId()).isEqualTo(hall.getId());
        assertThat(created.getHallName()).isEqualTo(hall.getName());
        assertThat(created.getMovieTitle()).isEqualTo(film.getTitle());
        assertThat(instant(created.getStartsAt())).isEqualTo(start);
        assertThat(instant(created.getEndsAt())).isEqualTo(start.plus(Duration.ofMinutes(120)));
        assertThat(created.getBusinessDate()).isEqualTo(day(2).toString());
        assertThat(created.getStatus()).isEqualTo(ShowtimeStatus.SCHEDULED);
        assertThat(created.getFormat()).isEqualTo("3D");
        assertThat(created.getPriceList()).isEqualTo(Fixture.prices("EUR", 1200));
        assertThat(get(created.getId())).isEqualTo(created);
    }

    @Test
    void businessDateIsTheCinemasLocalDate() {
        Cinema newYork = fixture.cinema("America/New_York", "USD");
        Hall hall = fixture.hall(newYork, "Main");
        LocalDate date = LocalDate.now(java.time.ZoneId.of("America/New_York")).plusDays(4);
        // 22:30 in New York is already the next day in UTC.
        Instant start = date.atTime(22, 30).atZone(java.time.ZoneId.of("America/New_York")).toInstant();

        Showtime created = fixture.asManager().createShowtime(showtime(film, hall, start)
                .setPriceList(Fixture.prices("USD", 1500)).build());

        assertThat(created.getBusinessDate()).isEqualTo(date.toString());
        assertThat(created.getPriceList().getCurrency()).isEqualTo("USD");
    }

    @Test
    void overlappingShowtimeInTheSameHallIsRefusedWithTheOtherShowtimeNamed() {
        Hall hall = newHall();
        fixture.schedule(film, hall, at(day(3), "18:00"));

        // Starts during the other's cleaning time (19:40–20:00).
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION,
                "overlaps the showtime of \"" + film.getTitle() + "\" at " + day(3) + " 18:00 in " + hall.getName(),
                () -> fixture.schedule(film, hall, at(day(3), "19:50")));
        // Ends during the other one.
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "overlaps",
                () -> fixture.schedule(film, hall, at(day(3), "16:30")));
        // Fully inside / fully around.
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "overlaps",
                () -> fixture.schedule(film, hall, at(day(3), "18:00")));
        Movie shortFilm = fixture.movie("Short", 10);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "overlaps",
                () -> fixture.schedule(shortFilm, hall, at(day(3), "18:30")));
    }

    @Test
    void showtimesTouchingEndToStartAreFine() {
        Hall hall = newHall();
        Showtime first = fixture.schedule(film, hall, at(day(3), "14:00"));

        Showtime after = fixture.schedule(film, hall, instant(first.getEndsAt()));
        Showtime before = fixture.schedule(film, hall, instant(first.getStartsAt()).minus(Duration.ofMinutes(120)));

        assertThat(after.getStatus()).isEqualTo(ShowtimeStatus.SCHEDULED);
        assertThat(before.getEndsAt()).isEqualTo(first.getStartsAt());
    }

    @Test
    void sameTimeInAnotherHallIsFine() {
        Hall one = newHall();
        Hall two = newHall();
        fixture.schedule(film, one, at(day(3), "20:00"));

        assertThat(fixture.schedule(film, two, at(day(3), "20:00")).getHallId()).isEqualTo(two.getId());
    }

    @Test
    void cancellingFreesTheSlotAndIsIdempotent() {
        Hall hall = newHall();
        Showtime first = fixture.schedule(film, hall, at(day(6), "20:00"));

        Showtime cancelled = cancel(first.getId());
        String afterFirstCancel = backend.snapshot("movies");
        Showtime again = cancel(first.getId());
        assertThat(backend.snapshot("movies")).isEqualTo(afterFirstCancel);
        Showtime replacement = fixture.schedule(film, hall, at(day(6), "20:30"));

        assertThat(cancelled.getStatus()).isEqualTo(ShowtimeStatus.CANCELLED);
        assertThat(again).isEqualTo(cancelled);
        assertThat(get(first.getId()).getStatus()).isEqualTo(ShowtimeStatus.CANCELLED);
        assertThat(replacement.getStatus()).isEqualTo(ShowtimeStatus.SCHEDULED);
        assertThat(backend.count("SELECT count(*) FROM movies.showtimes WHERE hall_id = '" + hall.getId() + "'")).isEqualTo(2);
    }

    @Test
    void listsACinemasShowtimesOfOneDayByStartTime() {
        Cinema own = fixture.cinema();
        Hall a = fixture.hall(own, "A");
        Hall b = fixture.hall(own, "B");
        Movie other = fixture.movie("Other Film", 90);
        LocalDate date = day(8);
        Showtime late = fixture.schedule(film, a, at(date, "21:00"));
        Showtime early = fixture.schedule(other, b, at(date, "11:00"));
        Showtime middle = fixture.schedule(film, b, at(date, "15:00"));
        Showtime cancelled = fixture.schedule(other, a, at(date, "13:00"));
        cancel(cancelled.getId());
        fixture.schedule(film, a, at(date.plusDays(1), "12:00"));
        fixture.schedule(film, a, at(date.minusDays(1), "12:00"));

        var listed = fixture.movies(null).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(own.getId())
                .setDate(date.toString()).build()).getShowtimesList();
        var withCancelled = fixture.movies(null).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(own.getId())
                .setDate(date.toString()).setIncludeCancelled(true).build()).getShowtimesList();
        var onlyOther = fixture.movies(null).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(own.getId())
                .setDate(date.toString()).setMovieId(other.getId()).build()).getShowtimesList();

        assertThat(listed).containsExactly(early, middle, late);
        assertThat(withCancelled).extracting(Showtime::getId)
                .containsExactly(early.getId(), cancelled.getId(), middle.getId(), late.getId());
        assertThat(withCancelled.get(1).getStatus()).isEqualTo(ShowtimeStatus.CANCELLED);
        assertThat(onlyOther).containsExactly(early);
    }

    @Test
    void listsARangeOfDays() {
        Cinema own = fixture.cinema();
        Hall hall = fixture.hall(own, "Only");
        LocalDate first = day(10);
        Showtime d0 = fixture.schedule(film, hall, at(first, "20:00"));
        Showtime d1 = fixture.schedule(film, hall, at(first.plusDays(1), "20:00"));
        Showtime d2 = fixture.schedule(film, hall, at(first.plusDays(2), "20:00"));
        fixture.schedule(film, hall, at(first.plusDays(3), "20:00"));

        var threeDays = fixture.movies(null).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(own.getId())
                .setDate(first.toString()).setDays(3).build()).getShowtimesList();
        var zeroMeansOne = fixture.movies(null).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(own.getId())
                .setDate(first.toString()).setDays(0).build()).getShowtimesList();

        assertThat(threeDays).containsExactly(d0, d1, d2);
        assertThat(zeroMeansOne).containsExactly(d0);
    }

    @Test
    void listingRefusesBadInput() {
        var anonymous = ListShowtimesRequest.newBuilder().setCinemaId(cinema.getId()).setDate(day(1).toString());
        assertFails(Code.INVALID_ARGUMENT, "cinema_id is required",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().clearCinemaId().build()));
        assertFails(Code.INVALID_ARGUMENT, "cinema_id must be an id",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setCinemaId("12").build()));
        assertFails(Code.INVALID_ARGUMENT, "date is required",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().clearDate().build()));
        assertFails(Code.INVALID_ARGUMENT, "date must be a date",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setDate("01.02.2030").build()));
        assertFails(Code.INVALID_ARGUMENT, "days must be between 1 and 14",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setDays(15).build()));
        assertFails(Code.INVALID_ARGUMENT, "days must be between 1 and 14",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setDays(-1).build()));
        assertFails(Code.INVALID_ARGUMENT, "movie_id must be an id",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setMovieId("dune").build()));
        assertFails(Code.NOT_FOUND, "there is no movie",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setMovieId(UUID.randomUUID().toString()).build()));
        assertFails(Code.NOT_FOUND, "there is no cinema",
                () -> fixture.movies(null).listShowtimes(anonymous.clone().setCinemaId(UUID.randomUUID().toString()).build()));
    }

    @Test
    void getAndCancelRefuseMalformedAndUnknownIds() {
        assertFails(Code.INVALID_ARGUMENT, "showtime_id is required",
                () -> fixture.movies(null).getShowtime(GetShowtimeRequest.getDefaultInstance()));
        assertFails(Code.INVALID_ARGUMENT, "showtime_id must be an id",
                () -> fixture.movies(null).getShowtime(GetShowtimeRequest.newBuilder().setShowtimeId("7").build()));
        assertFails(Code.NOT_FOUND, "there is no showtime",
                () -> get(UUID.randomUUID().toString()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "showtime_id must be an id", () -> cancel("nope"));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "there is no showtime", () -> cancel(UUID.randomUUID().toString()));
    }

    @Test
    void schedulingRefusesBadInputAndStoresNothing() {
        Hall hall = newHall();
        CreateShowtimeRequest good = showtime(film, hall, at(day(4), "20:00")).build();
        Price adult = good.getPriceList().getPrices(0);

        expectInvalid("movie_id is required", good.toBuilder().clearMovieId());
        expectInvalid("movie_id must be an id", good.toBuilder().setMovieId("dune"));
        expectInvalid("hall_id is required", good.toBuilder().clearHallId());
        expectInvalid("hall_id must be an id", good.toBuilder().setHallId("hall-1"));
        expectInvalid("starts_at is required", good.toBuilder().clearStartsAt());
        expectInvalid("starts_at must be in the future", good.toBuilder().setStartsAt(timestamp(Instant.now().minusSeconds(60))));
        expectInvalid("starts_at must be within the next", good.toBuilder().setStartsAt(timestamp(Instant.now().plus(Duration.ofDays(3000)))));
        expectInvalid("starts_at is not a valid timestamp", good.toBuilder().setStartsAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)));
        expectInvalid("starts_at is not a valid timestamp", good.toBuilder().setStartsAt(Timestamp.newBuilder().setSeconds(2_000_000_000L).setNanos(-1)));
        expectInvalid("price_list is required", good.toBuilder().clearPriceList());
        expectInvalid("price_list.currency is required", good.toBuilder().setPriceList(good.getPriceList().toBuilder().clearCurrency()));
        expectInvalid("price_list.currency must be an ISO 4217 code", good.toBuilder().setPriceList(good.getPriceList().toBuilder().setCurrency("eur")));
        expectInvalid("price_list.currency must be EUR", good.toBuilder().setPriceList(Fixture.prices("USD", 1000)));
        expectInvalid("at least one ADULT price", good.toBuilder().setPriceList(good.getPriceList().toBuilder().clearPrices()));
        expectInvalid("at least one ADULT price", good.toBuilder().setPriceList(good.getPriceList().toBuilder().removePrices(0)));
        expectInvalid("price_list.prices[0].amount_minor must not be negative",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().setPrices(0, adult.toBuilder().setAmountMinor(-1))));
        expectInvalid("price_list.prices[2] repeats the price for STANDARD ADULT",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().addPrices(adult)));
        expectInvalid("price_list.prices[0].category",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().setPrices(0, adult.toBuilder().setCategory(SeatCategory.SEAT_CATEGORY_UNSPECIFIED))));
        expectInvalid("price_list.prices[0].category",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().setPrices(0, adult.toBuilder().setCategoryValue(99))));
        expectInvalid("price_list.prices[0].ticket_type",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().setPrices(0, adult.toBuilder().setTicketType(TicketType.TICKET_TYPE_UNSPECIFIED))));
        expectInvalid("price_list.prices[0].ticket_type",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().setPrices(0, adult.toBuilder().setTicketTypeValue(-3))));
        expectInvalid("price_list.booking_fee_minor must not be negative",
                good.toBuilder().setPriceList(good.getPriceList().toBuilder().setBookingFeeMinor(-1)));
        expectInvalid("format must have at most 20", good.toBuilder().setFormat("x".repeat(21)));

        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "there is no movie",
                () -> fixture.asManager().createShowtime(good.toBuilder().setMovieId(UUID.randomUUID().toString()).build()));
        String unknownHall = UUID.randomUUID().toString();
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "hall_id: there is no hall " + unknownHall,
                () -> fixture.asManager().createShowtime(good.toBuilder().setHallId(unknownHall).build()));

        // After all that, the good request still works.
        assertThat(fixture.asManager().createShowtime(good).getStatus()).isEqualTo(ShowtimeStatus.SCHEDULED);
    }

    private static void expectInvalid(String message, CreateShowtimeRequest.Builder request) {
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, message, () -> fixture.asManager().createShowtime(request.build()));
    }

    @Test
    void freeSeatsAndOtherCategoriesArePriced() {
        Hall hall = newHall();
        PriceList list = PriceList.newBuilder().setCurrency("EUR")
                .addPrices(Price.newBuilder().setCategory(SeatCategory.PREMIUM).setTicketType(TicketType.ADULT).setAmountMinor(1500))
                .addPrices(Price.newBuilder().setCategory(SeatCategory.COMPANION).setTicketType(TicketType.ADULT).setAmountMinor(0))
                .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.SENIOR).setAmountMinor(900))
                .build();

        Showtime created = fixture.asManager().createShowtime(showtime(film, hall, at(day(4), "12:00")).setPriceList(list).build());

        // Returned in a stable order: by category, then ticket type.
        assertThat(created.getPriceList().getPricesList()).extracting(Price::getCategory)
                .containsExactly(SeatCategory.STANDARD, SeatCategory.PREMIUM, SeatCategory.COMPANION);
        assertThat(created.getPriceList().getBookingFeeMinor()).isZero();
    }

    @Test
    void schedulingAndCancellingNeedAManager() {
        Hall hall = newHall();
        Showtime existing = fixture.schedule(film, hall, at(day(5), "10:00"));
        CreateShowtimeRequest request = showtime(film, hall, at(day(5), "20:00")).build();
        CancelShowtimeRequest cancelRequest = CancelShowtimeRequest.newBuilder().setShowtimeId(existing.getId()).build();
        String customer = backend.tokens().customer();
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), cinema.getId());

        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in", () -> fixture.movies(null).createShowtime(request));
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in", () -> fixture.movies(null).cancelShowtime(cancelRequest));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(customer).createShowtime(request));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(customer).cancelShowtime(cancelRequest));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(cashier).createShowtime(request));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "MANAGER", () -> fixture.movies(cashier).cancelShowtime(cancelRequest));
        // Even with bad input, the anonymous caller only hears that they must sign in.
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in",
                () -> fixture.movies(null).createShowtime(CreateShowtimeRequest.getDefaultInstance()));
    }

    @Test
    void aCinemasManagerSchedulesAndCancelsOnlyInThatCinema() {
        Hall own = newHall();
        Cinema otherCinema = fixture.cinema();
        Hall foreign = fixture.hall(otherCinema, "Foreign");
        Showtime foreignShowtime = fixture.schedule(film, foreign, at(day(7), "20:00"));
        String localManager = backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema.getId());

        Showtime mine = fixture.movies(localManager).createShowtime(showtime(film, own, at(day(7), "20:00")).build());
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "belongs to cinema " + otherCinema.getId(),
                () -> fixture.movies(localManager).createShowtime(showtime(film, foreign, at(day(7), "10:00")).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "belongs to cinema " + otherCinema.getId(),
                () -> fixture.movies(localManager).cancelShowtime(CancelShowtimeRequest.newBuilder()
                        .setShowtimeId(foreignShowtime.getId()).build()));
        Showtime cancelled = fixture.movies(localManager).cancelShowtime(CancelShowtimeRequest.newBuilder()
                .setShowtimeId(mine.getId()).build());

        assertThat(cancelled.getStatus()).isEqualTo(ShowtimeStatus.CANCELLED);
    }
}
