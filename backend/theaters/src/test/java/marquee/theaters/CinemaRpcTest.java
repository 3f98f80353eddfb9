package marquee.theaters;

import static marquee.theaters.TheatersTestSupport.anonymous;
import static marquee.theaters.TheatersTestSupport.as;
import static marquee.theaters.TheatersTestSupport.assertRejected;
import static marquee.theaters.TheatersTestSupport.cinemaRequest;
import static marquee.theaters.TheatersTestSupport.manager;
import static marquee.theaters.TheatersTestSupport.stub;
import static marquee.theaters.TheatersTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.UpdateCinemaRequest;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ListCinemas, GetCinema, CreateCinema and UpdateCinema against a real database over gRPC. */
class CinemaRpcTest {
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(ServiceModules.byName("theaters"));
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static Cinema create(String name) {
        return manager(backend).createCinema(cinemaRequest(name));
    }

    // ---------------------------------------------------------------------- happy paths

    @Test
    void createCinemaReturnsTheCinemaWithAnIdAndAllFields() {
        String name = unique("Marquee Riverside");

        Cinema cinema = manager(backend).createCinema(cinemaRequest(name));

        assertThat(UUID.fromString(cinema.getId())).isNotNull();
        assertThat(cinema.getName()).isEqualTo(name);
        assertThat(cinema.getAddress()).isEqualTo("1 River Walk");
        assertThat(cinema.getCity()).isEqualTo("Berlin");
        assertThat(cinema.getTimeZone()).isEqualTo("Europe/Berlin");
        assertThat(cinema.getCurrency()).isEqualTo("EUR");
        assertThat(cinema.getSalesRules().getMaxSeatsPerOrder()).isEqualTo(8);
        assertThat(cinema.getSalesRules().getForbidSingleEmptySeat()).isTrue();
        assertThat(backend.count("SELECT count(*) FROM theaters.cinema WHERE id = '" + cinema.getId() + "'")).isEqualTo(1);
    }

    @Test
    void maxSeatsPerOrderDefaultsToTenWhenLeftZeroOrRulesAreMissing() {
        Cinema zero = manager(backend).createCinema(cinemaRequest(unique("Zero Rules")).toBuilder()
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(0)).build());
        Cinema missing = manager(backend).createCinema(cinemaRequest(unique("No Rules")).toBuilder()
                .clearSalesRules().build());

        assertThat(zero.getSalesRules().getMaxSeatsPerOrder()).isEqualTo(10);
        assertThat(missing.getSalesRules().getMaxSeatsPerOrder()).isEqualTo(10);
        assertThat(missing.getSalesRules().getForbidSingleEmptySeat()).isFalse();
    }

    @Test
    void namesAreStoredWithoutSurroundingWhitespace() {
        String name = unique("Trimmed");

        Cinema cinema = manager(backend).createCinema(cinemaRequest("  " + name + "  "));

        assertThat(cinema.getName()).isEqualTo(name);
    }

    @Test
    void getCinemaIsPublicAndReturnsWhatWasCreated() {
        Cinema created = create(unique("Marquee Docks"));

        Cinema read = anonymous(backend).getCinema(GetCinemaRequest.newBuilder().setCinemaId(created.getId()).build());

        assertThat(read).isEqualTo(created);
    }

    @Test
    void listCinemasIsPublicAndOrderedByName() {
        Cinema zeta = create(unique("zeta Lights"));
        Cinema alpha = create(unique("Alpha Lights"));
        Cinema beta = create(unique("beta Lights"));

        var cinemas = anonymous(backend).listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList();

        assertThat(cinemas).contains(alpha, beta, zeta);
        assertThat(cinemas).extracting(c -> c.getName().toLowerCase())
                .isSorted();
    }

    @Test
    void updateCinemaChangesEveryField() {
        Cinema created = create(unique("Old Name"));
        String newName = unique("New Name");
        CreateCinemaRequest values = CreateCinemaRequest.newBuilder()
                .setName(newName).setAddress("2 Harbour Road").setCity("London").setTimeZone("Europe/London")
                .setCurrency("GBP")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(50).setForbidSingleEmptySeat(false))
                .build();

        Cinema updated = manager(backend).updateCinema(UpdateCinemaRequest.newBuilder()
                .setCinemaId(created.getId()).setCinema(values).build());

        Cinema expected = Cinema.newBuilder().setId(created.getId()).setName(newName).setAddress("2 Harbour Road")
                .setCity("London").setTimeZone("Europe/London").setCurrency("GBP")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(50)).build();
        assertThat(updated).isEqualTo(expected);
        assertThat(anonymous(backend).getCinema(GetCinemaRequest.newBuilder().setCinemaId(created.getId()).build()))
                .isEqualTo(expected);
    }

    @Test
    void offlineSellingRulesAreStoredAndReturned() {
        Cinema created = create(unique("Offline Rules"));
        assertThat(created.getSalesRules().getOfflineSeatsPerShowtime()).isZero(); // the environment default

        SalesRules offline = SalesRules.newBuilder().setMaxSeatsPerOrder(8).setOfflineSeatsPerShowtime(6)
                .setOfflineKiosksAllowed(true).setOfflineCardFloorLimitMinor(5000).setOfflineReturnMinutesBefore(45)
                .setOfflineHoursAhead(36).build();
        Cinema updated = manager(backend).updateCinema(UpdateCinemaRequest.newBuilder().setCinemaId(created.getId())
                .setCinema(cinemaRequest(created.getName()).toBuilder().setSalesRules(offline)).build());
        assertThat(updated.getSalesRules()).isEqualTo(offline);
        assertThat(anonymous(backend).getCinema(GetCinemaRequest.newBuilder().setCinemaId(created.getId()).build())
                .getSalesRules()).isEqualTo(offline);

        Cinema off = manager(backend).updateCinema(UpdateCinemaRequest.newBuilder().setCinemaId(created.getId())
                .setCinema(cinemaRequest(created.getName()).toBuilder()
                        .setSalesRules(SalesRules.newBuilder().setOfflineSeatsPerShowtime(-1))).build());
        assertThat(off.getSalesRules().getOfflineSeatsPerShowtime()).isEqualTo(-1);
    }

    @Test
    void updateCinemaMayKeepItsOwnNameInAnotherCase() {
        String name = unique("Keep Name");
        Cinema created = create(name);

        Cinema updated = manager(backend).updateCinema(UpdateCinemaRequest.newBuilder().setCinemaId(created.getId())
                .setCinema(cinemaRequest(name.toUpperCase()).toBuilder().setCity("Hamburg")).build());

        assertThat(updated.getName()).isEqualTo(name.toUpperCase());
        assertThat(updated.getCity()).isEqualTo("Hamburg");
    }

    @Test
    void managerOfACinemaMayUpdateThatCinema() {
        Cinema created = create(unique("Own Cinema"));

        Cinema updated = as(backend, Role.MANAGER, created.getId()).updateCinema(UpdateCinemaRequest.newBuilder()
                .setCinemaId(created.getId()).setCinema(cinemaRequest(created.getName()).toBuilder().setCity("Bonn"))
                .build());

        assertThat(updated.getCity()).isEqualTo("Bonn");
    }

    // ------------------------------------------------------------------------ bad input

    static Stream<Arguments> invalidCinemas() {
        return Stream.of(
                invalid("blank name", r -> r.setName("   "), "name is required"),
                invalid("name over 100 characters", r -> r.setName("N".repeat(101)), "name must have at most 100 characters"),
                invalid("huge name", r -> r.setName("N".repeat(1_000_000)), "name must have at most 100 characters"),
                invalid("name with a line break", r -> r.setName("Two\nLines"), "name must be a single line"),
                invalid("address over 200 characters", r -> r.setAddress("a".repeat(201)), "address must have at most 200"),
                invalid("city over 100 characters", r -> r.setCity("c".repeat(101)), "city must have at most 100"),
                invalid("missing time zone", r -> r.setTimeZone(""), "time_zone is required"),
                invalid("unknown time zone", r -> r.setTimeZone("Mars/Olympus_Mons"), "time_zone must be an IANA time zone"),
                invalid("offset instead of a zone", r -> r.setTimeZone("+02:00"), "time_zone must be an IANA time zone"),
                invalid("huge time zone", r -> r.setTimeZone("Europe/" + "x".repeat(100_000)), "time_zone must be an IANA"),
                invalid("missing currency", r -> r.setCurrency(""), "currency is required"),
                invalid("lower-case currency", r -> r.setCurrency("eur"), "currency must be an ISO 4217 code"),
                invalid("four-letter currency", r -> r.setCurrency("EURO"), "currency must be an ISO 4217 code"),
                invalid("unknown currency", r -> r.setCurrency("QQQ"), "currency \"QQQ\" is not a known ISO 4217 currency"),
                invalid("too many seats per order", r -> r.setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(51)),
                        "sales_rules.max_seats_per_order must be between 1 and 50, got 51"),
                invalid("negative seats per order", r -> r.setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(-1)),
                        "sales_rules.max_seats_per_order must be between 1 and 50, got -1"),
                invalid("too many offline seats", r -> r.setSalesRules(SalesRules.newBuilder().setOfflineSeatsPerShowtime(51)),
                        "sales_rules.offline_seats_per_showtime must be between -1 and 50, got 51"),
                invalid("negative offline floor limit", r -> r.setSalesRules(SalesRules.newBuilder().setOfflineCardFloorLimitMinor(-1)),
                        "sales_rules.offline_card_floor_limit_minor must be between 0 and 100000000"),
                invalid("negative return minutes", r -> r.setSalesRules(SalesRules.newBuilder().setOfflineReturnMinutesBefore(-5)),
                        "sales_rules.offline_return_minutes_before must be between 0 and 1440"),
                invalid("hours ahead over a week", r -> r.setSalesRules(SalesRules.newBuilder().setOfflineHoursAhead(169)),
                        "sales_rules.offline_hours_ahead must be between 0 and 168"));
    }

    private static Arguments invalid(String what, UnaryOperator<CreateCinemaRequest.Builder> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCinemas")
    void createCinemaWithBadFieldIsInvalidArgumentAndStoresNothing(String what,
            UnaryOperator<CreateCinemaRequest.Builder> change, String message) {
        CreateCinemaRequest request = change.apply(cinemaRequest(unique("Bad")).toBuilder()).build();

        assertRejected(backend, Code.INVALID_ARGUMENT, message, () -> manager(backend).createCinema(request));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCinemas")
    void updateCinemaWithBadFieldIsInvalidArgumentNamingTheNestedFieldAndChangesNothing(String what,
            UnaryOperator<CreateCinemaRequest.Builder> change, String message) {
        Cinema cinema = create(unique("Update Target"));
        CreateCinemaRequest values = change.apply(cinemaRequest(unique("Bad")).toBuilder()).build();

        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema." + message, () -> manager(backend).updateCinema(
                UpdateCinemaRequest.newBuilder().setCinemaId(cinema.getId()).setCinema(values).build()));
    }

    @Test
    void duplicateCinemaNameIsAlreadyExistsRegardlessOfCase() {
        String name = unique("Marquee Central");
        create(name);

        assertRejected(backend, Code.ALREADY_EXISTS, "a cinema named \"" + name.toUpperCase() + "\" already exists",
                () -> manager(backend).createCinema(cinemaRequest(name.toUpperCase())));
    }

    @Test
    void concurrentCreatesWithTheSameNameMakeOneCinemaAndAlreadyExistsForTheRest() throws Exception {
        String name = unique("Race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Code>> outcomes = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        manager(backend).createCinema(cinemaRequest(name));
                        return Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            go.countDown();
            List<Code> codes = new ArrayList<>();
            for (Future<Code> outcome : outcomes) codes.add(outcome.get(30, TimeUnit.SECONDS));

            assertThat(codes).containsOnlyOnce(Code.OK).containsOnly(Code.OK, Code.ALREADY_EXISTS);
            assertThat(backend.count("SELECT count(*) FROM theaters.cinema WHERE name = '" + name + "'")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renamingACinemaToAnotherCinemasNameIsAlreadyExists() {
        Cinema first = create(unique("First"));
        Cinema second = create(unique("Second"));

        assertRejected(backend, Code.ALREADY_EXISTS, "already exists", () -> manager(backend).updateCinema(
                UpdateCinemaRequest.newBuilder().setCinemaId(second.getId()).setCinema(cinemaRequest(first.getName())).build()));
    }

    @Test
    void getCinemaWithoutIdIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema_id is required",
                () -> anonymous(backend).getCinema(GetCinemaRequest.getDefaultInstance()));
    }

    @Test
    void getCinemaWithMalformedIdIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema_id must be an id (UUID)",
                () -> anonymous(backend).getCinema(GetCinemaRequest.newBuilder().setCinemaId("riverside").build()));
    }

    @Test
    void getUnknownCinemaIsNotFound() {
        String id = UUID.randomUUID().toString();

        assertRejected(backend, Code.NOT_FOUND, "cinema " + id + " does not exist",
                () -> anonymous(backend).getCinema(GetCinemaRequest.newBuilder().setCinemaId(id).build()));
    }

    @Test
    void updateCinemaWithoutNewValuesIsInvalidArgument() {
        Cinema cinema = create(unique("No Values"));

        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema is required", () -> manager(backend).updateCinema(
                UpdateCinemaRequest.newBuilder().setCinemaId(cinema.getId()).build()));
    }

    @Test
    void updateCinemaWithMalformedIdIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema_id must be an id (UUID)", () -> manager(backend)
                .updateCinema(UpdateCinemaRequest.newBuilder().setCinemaId("x".repeat(100_000))
                        .setCinema(cinemaRequest(unique("Whatever"))).build()));
    }

    @Test
    void updateUnknownCinemaIsNotFound() {
        String id = UUID.randomUUID().toString();

        assertRejected(backend, Code.NOT_FOUND, "cinema " + id + " does not exist", () -> manager(backend).updateCinema(
                UpdateCinemaRequest.newBuilder().setCinemaId(id).setCinema(cinemaRequest(unique("Ghost"))).build()));
    }

    // ----------------------------------------------------------------------------- auth

    @Test
    void createCinemaWithoutTokenIsUnauthenticated() {
        assertRejected(backend, Code.UNAUTHENTICATED, "Sign in first",
                () -> anonymous(backend).createCinema(cinemaRequest(unique("Anonymous"))));
    }

    @Test
    void createCinemaAsCustomerOrCashierIsPermissionDenied() {
        assertRejected(backend, Code.PERMISSION_DENIED, "needs the role MANAGER",
                () -> stub(backend, backend.tokens().customer()).createCinema(cinemaRequest(unique("Customer's"))));
        assertRejected(backend, Code.PERMISSION_DENIED, "needs the role MANAGER",
                () -> as(backend, Role.CASHIER, "").createCinema(cinemaRequest(unique("Cashier's"))));
    }

    @Test
    void createCinemaAsManagerOfOneCinemaIsPermissionDenied() {
        Cinema own = create(unique("Own"));

        assertRejected(backend, Code.PERMISSION_DENIED, "Only chain-wide managers may create cinemas",
                () -> as(backend, Role.MANAGER, own.getId()).createCinema(cinemaRequest(unique("Another"))));
    }

    @Test
    void updateCinemaWithoutTokenIsUnauthenticated() {
        Cinema cinema = create(unique("Guarded"));

        assertRejected(backend, Code.UNAUTHENTICATED, "Sign in first", () -> anonymous(backend).updateCinema(
                UpdateCinemaRequest.newBuilder().setCinemaId(cinema.getId()).setCinema(cinemaRequest("Hijacked")).build()));
    }

    @Test
    void updateCinemaAsCashierOfThatCinemaIsPermissionDenied() {
        Cinema cinema = create(unique("Cashier Site"));

        assertRejected(backend, Code.PERMISSION_DENIED, "needs the role MANAGER", () -> as(backend, Role.CASHIER,
                cinema.getId()).updateCinema(UpdateCinemaRequest.newBuilder().setCinemaId(cinema.getId())
                .setCinema(cinemaRequest("Hijacked")).build()));
    }

    @Test
    void updateCinemaAsManagerOfAnotherCinemaIsPermissionDenied() {
        Cinema mine = create(unique("Mine"));
        Cinema theirs = create(unique("Theirs"));

        assertRejected(backend, Code.PERMISSION_DENIED, "you may not change cinema " + theirs.getId(),
                () -> as(backend, Role.MANAGER, mine.getId()).updateCinema(UpdateCinemaRequest.newBuilder()
                        .setCinemaId(theirs.getId()).setCinema(cinemaRequest("Hijacked")).build()));
    }
}
