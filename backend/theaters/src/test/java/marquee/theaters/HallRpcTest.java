package marquee.theaters;

import static marquee.theaters.TheatersTestSupport.anonymous;
import static marquee.theaters.TheatersTestSupport.as;
import static marquee.theaters.TheatersTestSupport.assertRejected;
import static marquee.theaters.TheatersTestSupport.cinemaRequest;
import static marquee.theaters.TheatersTestSupport.couple;
import static marquee.theaters.TheatersTestSupport.grid;
import static marquee.theaters.TheatersTestSupport.manager;
import static marquee.theaters.TheatersTestSupport.mixedLayout;
import static marquee.theaters.TheatersTestSupport.seat;
import static marquee.theaters.TheatersTestSupport.standard;
import static marquee.theaters.TheatersTestSupport.stub;
import static marquee.theaters.TheatersTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import marquee.common.v1.SeatCategory;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.GetHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.ListHallsRequest;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.SetSeatsBlockedRequest;
import marquee.theaters.v1.TheatersServiceGrpc.TheatersServiceBlockingStub;
import marquee.theaters.v1.UpdateHallRequest;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ListHalls, GetHall, CreateHall, UpdateHall and SetSeatsBlocked against a real database over gRPC. */
class HallRpcTest {
    private static TestBackend backend;
    private static Cinema cinema;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(ServiceModules.byName("theaters"));
        cinema = manager(backend).createCinema(cinemaRequest("Hall Test Cinema"));
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static Hall createHall(Cinema in, String name, SeatLayout layout) {
        return manager(backend).createHall(CreateHallRequest.newBuilder()
                .setCinemaId(in.getId()).setName(name).setLayout(layout).build());
    }

    private static Hall createHall(String name) {
        return createHall(cinema, name, mixedLayout());
    }

    private static Hall getHall(String id) {
        return anonymous(backend).getHall(GetHallRequest.newBuilder().setHallId(id).build());
    }

    private static SetSeatsBlockedRequest block(Hall hall, boolean blocked, String... seats) {
        return SetSeatsBlockedRequest.newBuilder().setHallId(hall.getId()).addAllSeatIds(List.of(seats))
                .setBlocked(blocked).build();
    }

    private static Seat seatOf(Hall hall, String id) {
        return hall.getLayout().getRowsList().stream().flatMap(r -> r.getSeatsList().stream())
                .filter(s -> s.getId().equals(id)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------------- happy paths

    @Test
    void createHallStoresTheLayoutExactlyAsSent() {
        String name = unique("Hall");

        Hall created = createHall(name);

        Hall expected = Hall.newBuilder().setId(created.getId()).setCinemaId(cinema.getId()).setName(name)
                .setLayout(mixedLayout()).setSeatCount(8).build();
        assertThat(created).isEqualTo(expected);
        assertThat(getHall(created.getId())).isEqualTo(expected);
        assertThat(backend.count("SELECT count(*) FROM theaters.seat WHERE hall_id = '" + created.getId() + "'"))
                .isEqualTo(8);
        assertThat(backend.count("SELECT count(*) FROM theaters.seat WHERE hall_id = '" + created.getId()
                + "' AND blocked")).isEqualTo(1);
    }

    @Test
    void getHallReturnsRowsByYAndSeatsByXWithComputedSizeWhenSentUnordered() {
        SeatLayout unordered = SeatLayout.newBuilder()
                .addRows(Row.newBuilder().setLabel("B").setY(4).addSeats(standard("B", 2, 3)).addSeats(standard("B", 1, 1)))
                .addRows(Row.newBuilder().setLabel("A").setY(1).addSeats(standard("A", 1, 0)))
                .build();

        Hall hall = getHall(createHall(cinema, unique("Unordered"), unordered).getId());

        assertThat(hall.getLayout().getRowsList()).extracting(Row::getLabel).containsExactly("A", "B");
        assertThat(hall.getLayout().getRows(1).getSeatsList()).extracting(Seat::getId).containsExactly("B1", "B2");
        assertThat(hall.getLayout().getWidth()).isEqualTo(4);
        assertThat(hall.getLayout().getDepth()).isEqualTo(5);
        assertThat(hall.getSeatCount()).isEqualTo(3);
    }

    @Test
    void listHallsIsPublicAndReturnsHallsByNameWithSeatCountsButNoLayout() {
        Cinema own = manager(backend).createCinema(cinemaRequest(unique("List Cinema")));
        Hall small = createHall(own, "b small", grid(2, 3));
        Hall big = createHall(own, "A big", grid(4, 10));
        createHall(cinema, unique("Elsewhere"), grid(1, 1));

        List<Hall> halls = anonymous(backend).listHalls(ListHallsRequest.newBuilder().setCinemaId(own.getId()).build())
                .getHallsList();

        assertThat(halls).containsExactly(
                Hall.newBuilder().setId(big.getId()).setCinemaId(own.getId()).setName("A big").setSeatCount(40).build(),
                Hall.newBuilder().setId(small.getId()).setCinemaId(own.getId()).setName("b small").setSeatCount(6).build());
        assertThat(halls).allSatisfy(hall -> assertThat(hall.hasLayout()).isFalse());
    }

    @Test
    void listHallsOfACinemaWithoutHallsIsEmpty() {
        Cinema empty = manager(backend).createCinema(cinemaRequest(unique("Empty Cinema")));

        assertThat(anonymous(backend).listHalls(ListHallsRequest.newBuilder().setCinemaId(empty.getId()).build())
                .getHallsList()).isEmpty();
    }

    @Test
    void sameHallNameMayBeUsedInAnotherCinema() {
        Cinema other = manager(backend).createCinema(cinemaRequest(unique("Other Cinema")));
        String name = unique("Screen");
        createHall(cinema, name, grid(1, 2));

        Hall hall = createHall(other, name, grid(1, 2));

        assertThat(hall.getName()).isEqualTo(name);
    }

    @Test
    void updateHallReplacesNameAndLayout() {
        Hall hall = createHall(unique("Before"));
        String newName = unique("After");
        SeatLayout newLayout = grid(3, 4).toBuilder().setWidth(10).setDepth(5).build();

        Hall updated = manager(backend).updateHall(UpdateHallRequest.newBuilder()
                .setHallId(hall.getId()).setName(newName).setLayout(newLayout).build());

        Hall expected = Hall.newBuilder().setId(hall.getId()).setCinemaId(cinema.getId()).setName(newName)
                .setLayout(newLayout).setSeatCount(12).build();
        assertThat(updated).isEqualTo(expected);
        assertThat(getHall(hall.getId())).isEqualTo(expected);
        assertThat(backend.count("SELECT count(*) FROM theaters.seat WHERE hall_id = '" + hall.getId() + "'"))
                .isEqualTo(12);
        assertThat(backend.count("SELECT count(*) FROM theaters.hall_row WHERE hall_id = '" + hall.getId() + "'"))
                .isEqualTo(3);
    }

    @Test
    void updateHallMayKeepItsNameAndLayout() {
        Hall hall = createHall(unique("Unchanged"));

        Hall updated = manager(backend).updateHall(UpdateHallRequest.newBuilder()
                .setHallId(hall.getId()).setName(hall.getName()).setLayout(hall.getLayout()).build());

        assertThat(updated).isEqualTo(hall);
    }

    @Test
    void setSeatsBlockedBlocksAndUnblocksOnlyTheNamedSeats() {
        Hall hall = createHall(unique("Blocking"));

        Hall blocked = manager(backend).setSeatsBlocked(block(hall, true, "A3", "A4", "A3"));

        assertThat(seatOf(blocked, "A3").getBlocked()).isTrue();
        assertThat(seatOf(blocked, "A4").getBlocked()).isTrue();
        assertThat(seatOf(blocked, "B3").getBlocked()).isTrue();
        assertThat(seatOf(blocked, "A1").getBlocked()).isFalse();
        assertThat(getHall(hall.getId())).isEqualTo(blocked);

        Hall unblocked = manager(backend).setSeatsBlocked(block(hall, false, "A3", "B3"));

        assertThat(seatOf(unblocked, "A3").getBlocked()).isFalse();
        assertThat(seatOf(unblocked, "B3").getBlocked()).isFalse();
        assertThat(seatOf(unblocked, "A4").getBlocked()).isTrue();
        assertThat(unblocked.getSeatCount()).isEqualTo(8);
        assertThat(backend.count("SELECT count(*) FROM theaters.seat WHERE hall_id = '" + hall.getId()
                + "' AND blocked")).isEqualTo(1);
    }

    @Test
    void blockingAnAlreadyBlockedSeatIsHarmless() {
        Hall hall = createHall(unique("Idempotent"));

        Hall again = manager(backend).setSeatsBlocked(block(hall, true, "B3"));

        assertThat(again).isEqualTo(hall);
    }

    @Test
    void managerOfTheCinemaMayEditItsHalls() {
        TheatersServiceBlockingStub local = as(backend, Role.MANAGER, cinema.getId());
        Hall hall = local.createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId())
                .setName(unique("Local")).setLayout(mixedLayout()).build());

        local.updateHall(UpdateHallRequest.newBuilder().setHallId(hall.getId()).setName(hall.getName())
                .setLayout(grid(1, 3)).build());
        Hall blocked = local.setSeatsBlocked(block(hall, true, "A2"));

        assertThat(seatOf(blocked, "A2").getBlocked()).isTrue();
    }

    // ------------------------------------------------------------------- bad input: create

    static Stream<Arguments> invalidLayouts() {
        SeatLayout base = mixedLayout();
        return Stream.of(
                invalid("no seats", SeatLayout.getDefaultInstance(), "layout has no seats"),
                invalid("couple seat without partner", replaceSeat(base, 1, 0, s -> s.setPartnerId("")),
                        "seat B1: couple seat without partner"),
                invalid("couple partner that is not a couple seat", replaceSeat(base, 1, 1, s -> s
                        .setCategory(SeatCategory.STANDARD).setPartnerId("")), "seat B1: partner B2 is not a couple seat"),
                invalid("couple partner that does not point back", replaceSeat(base, 1, 1, s -> s.setPartnerId("B3")),
                        "seat B1: partner B2 does not point back to it"),
                invalid("companion seat away from the wheelchair space", replaceSeat(base, 0, 1, s -> s.setX(3)),
                        "seat A2: companion seat must be directly next to a wheelchair space"),
                invalid("unspecified category", replaceSeat(base, 0, 2, s -> s.setCategory(SeatCategory.SEAT_CATEGORY_UNSPECIFIED)),
                        "seat A3: category must be STANDARD, PREMIUM, WHEELCHAIR, COMPANION or COUPLE"),
                invalid("unknown category number", replaceSeat(base, 0, 2, s -> s.setCategoryValue(99)),
                        "seat A3: category must be"),
                invalid("overlapping seats", replaceSeat(base, 0, 3, s -> s.setX(4)), "row A: seats A3 and A4 overlap"),
                invalid("seat id not matching row and number", replaceSeat(base, 0, 3, s -> s.setId("A9")),
                        "seat A9: id must be the row label followed by the number, i.e. \"A4\""),
                invalid("duplicate row y", base.toBuilder().setRows(1, base.getRows(1).toBuilder().setY(0)).build(),
                        "row B: y 0 is also used by row A"),
                invalid("width smaller than the seats", base.toBuilder().setWidth(5).build(),
                        "layout width 5 is smaller than the seats need (6)"),
                invalid("blank seat id", replaceSeat(base, 0, 2, s -> s.setId("   ")), "row A, seat #3: id is required"),
                invalid("huge seat id", replaceSeat(base, 0, 2, s -> s.setId("A".repeat(500_000))), "…: id must be"),
                invalid("too many seats", grid(51, 100), "layout has 5100 seats; a hall may have at most 5000"));
    }

    private static SeatLayout replaceSeat(SeatLayout layout, int row, int seat, UnaryOperator<Seat.Builder> change) {
        Row.Builder rowBuilder = layout.getRows(row).toBuilder();
        rowBuilder.setSeats(seat, change.apply(rowBuilder.getSeats(seat).toBuilder()));
        return layout.toBuilder().setRows(row, rowBuilder).build();
    }

    private static Arguments invalid(String what, SeatLayout layout, String message) {
        return Arguments.of(what, layout, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLayouts")
    void createHallWithInvalidLayoutIsInvalidArgumentAndStoresNothing(String what, SeatLayout layout, String message) {
        assertRejected(backend, Code.INVALID_ARGUMENT, message, () -> manager(backend).createHall(CreateHallRequest
                .newBuilder().setCinemaId(cinema.getId()).setName(unique("Invalid")).setLayout(layout).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLayouts")
    void updateHallWithInvalidLayoutIsInvalidArgumentAndChangesNothing(String what, SeatLayout layout, String message) {
        Hall hall = createHall(unique("Stays"));

        assertRejected(backend, Code.INVALID_ARGUMENT, message, () -> manager(backend).updateHall(UpdateHallRequest
                .newBuilder().setHallId(hall.getId()).setName(hall.getName()).setLayout(layout).build()));
        assertThat(getHall(hall.getId())).isEqualTo(hall);
    }

    @Test
    void createHallWithoutLayoutIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "layout is required", () -> manager(backend).createHall(
                CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName(unique("No Layout")).build()));
    }

    @Test
    void createHallWithBlankOrTooLongNameIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "name is required", () -> manager(backend).createHall(
                CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName(" ").setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.INVALID_ARGUMENT, "name must have at most 60 characters", () -> manager(backend)
                .createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("H".repeat(61))
                        .setLayout(mixedLayout()).build()));
    }

    @Test
    void createHallWithoutOrWithMalformedCinemaIdIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema_id is required", () -> manager(backend).createHall(
                CreateHallRequest.newBuilder().setName(unique("Orphan")).setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema_id must be an id (UUID)", () -> manager(backend)
                .createHall(CreateHallRequest.newBuilder().setCinemaId("1234").setName(unique("Orphan"))
                        .setLayout(mixedLayout()).build()));
    }

    @Test
    void createHallInUnknownCinemaIsNotFound() {
        String id = UUID.randomUUID().toString();

        assertRejected(backend, Code.NOT_FOUND, "cinema " + id + " does not exist", () -> manager(backend).createHall(
                CreateHallRequest.newBuilder().setCinemaId(id).setName(unique("Nowhere")).setLayout(mixedLayout()).build()));
    }

    @Test
    void duplicateHallNameInTheSameCinemaIsAlreadyExistsRegardlessOfCase() {
        String name = unique("Imax");
        createHall(name);

        assertRejected(backend, Code.ALREADY_EXISTS, "this cinema already has a hall named \"" + name.toUpperCase() + "\"",
                () -> createHall(name.toUpperCase()));
    }

    // ------------------------------------------------------------- bad input: other RPCs

    @Test
    void getHallWithoutOrWithMalformedIdIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "hall_id is required", () -> getHall(""));
        assertRejected(backend, Code.INVALID_ARGUMENT, "hall_id must be an id (UUID)", () -> getHall("hall-1"));
    }

    @Test
    void getUnknownHallIsNotFound() {
        String id = UUID.randomUUID().toString();

        assertRejected(backend, Code.NOT_FOUND, "hall " + id + " does not exist", () -> getHall(id));
    }

    @Test
    void listHallsWithMalformedCinemaIdIsInvalidArgument() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "cinema_id must be an id (UUID)", () -> anonymous(backend)
                .listHalls(ListHallsRequest.newBuilder().setCinemaId("not-a-uuid").build()));
    }

    @Test
    void listHallsOfUnknownCinemaIsNotFound() {
        String id = UUID.randomUUID().toString();

        assertRejected(backend, Code.NOT_FOUND, "cinema " + id + " does not exist", () -> anonymous(backend)
                .listHalls(ListHallsRequest.newBuilder().setCinemaId(id).build()));
    }

    @Test
    void updateUnknownHallIsNotFound() {
        String id = UUID.randomUUID().toString();

        assertRejected(backend, Code.NOT_FOUND, "hall " + id + " does not exist", () -> manager(backend).updateHall(
                UpdateHallRequest.newBuilder().setHallId(id).setName("Ghost").setLayout(mixedLayout()).build()));
    }

    @Test
    void updateHallWithoutNameOrLayoutIsInvalidArgument() {
        Hall hall = createHall(unique("Incomplete"));

        assertRejected(backend, Code.INVALID_ARGUMENT, "name is required", () -> manager(backend).updateHall(
                UpdateHallRequest.newBuilder().setHallId(hall.getId()).setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.INVALID_ARGUMENT, "layout is required", () -> manager(backend).updateHall(
                UpdateHallRequest.newBuilder().setHallId(hall.getId()).setName(hall.getName()).build()));
    }

    @Test
    void renamingAHallToAnotherHallsNameIsAlreadyExists() {
        Hall first = createHall(unique("Left"));
        Hall second = createHall(unique("Right"));

        assertRejected(backend, Code.ALREADY_EXISTS, "already has a hall named", () -> manager(backend).updateHall(
                UpdateHallRequest.newBuilder().setHallId(second.getId()).setName(first.getName())
                        .setLayout(mixedLayout()).build()));
    }

    @Test
    void blockingAnUnknownSeatIsNotFoundAndBlocksNothing() {
        Hall hall = createHall(unique("Unknown Seat"));

        assertRejected(backend, Code.NOT_FOUND, "has no seats Z1, Z2",
                () -> manager(backend).setSeatsBlocked(block(hall, true, "A3", "Z1", "Z2")));
        assertThat(seatOf(getHall(hall.getId()), "A3").getBlocked()).isFalse();
    }

    @Test
    void blockingWithoutSeatIdsOrWithABlankOneIsInvalidArgument() {
        Hall hall = createHall(unique("No Seats Named"));

        assertRejected(backend, Code.INVALID_ARGUMENT, "seat_ids must name at least one seat",
                () -> manager(backend).setSeatsBlocked(block(hall, true)));
        assertRejected(backend, Code.INVALID_ARGUMENT, "seat_ids[1] is empty",
                () -> manager(backend).setSeatsBlocked(block(hall, true, "A1", " ")));
        assertRejected(backend, Code.INVALID_ARGUMENT, "seat_ids[0] is not a seat id (too long)",
                () -> manager(backend).setSeatsBlocked(block(hall, true, "A".repeat(100_000))));
    }

    @Test
    void blockingSeatsOfAMalformedOrUnknownHallIsRejected() {
        assertRejected(backend, Code.INVALID_ARGUMENT, "hall_id must be an id (UUID)", () -> manager(backend)
                .setSeatsBlocked(SetSeatsBlockedRequest.newBuilder().setHallId("?").addSeatIds("A1").build()));
        String id = UUID.randomUUID().toString();
        assertRejected(backend, Code.NOT_FOUND, "hall " + id + " does not exist", () -> manager(backend)
                .setSeatsBlocked(SetSeatsBlockedRequest.newBuilder().setHallId(id).addSeatIds("A1").build()));
    }

    // ----------------------------------------------------------------------------- auth

    @Test
    void hallWritesWithoutTokenAreUnauthenticated() {
        Hall hall = createHall(unique("No Token"));
        TheatersServiceBlockingStub nobody = anonymous(backend);

        assertRejected(backend, Code.UNAUTHENTICATED, "Sign in first", () -> nobody.createHall(CreateHallRequest
                .newBuilder().setCinemaId(cinema.getId()).setName(unique("X")).setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.UNAUTHENTICATED, "Sign in first", () -> nobody.updateHall(UpdateHallRequest
                .newBuilder().setHallId(hall.getId()).setName("X").setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.UNAUTHENTICATED, "Sign in first", () -> nobody.setSeatsBlocked(block(hall, true, "A1")));
    }

    @Test
    void hallWritesAsCustomerOrCashierArePermissionDenied() {
        Hall hall = createHall(unique("Staff Only"));
        for (TheatersServiceBlockingStub caller : List.of(stub(backend, backend.tokens().customer()),
                as(backend, Role.CASHIER, cinema.getId()))) {
            assertRejected(backend, Code.PERMISSION_DENIED, "needs the role MANAGER", () -> caller.createHall(
                    CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName(unique("X"))
                            .setLayout(mixedLayout()).build()));
            assertRejected(backend, Code.PERMISSION_DENIED, "needs the role MANAGER", () -> caller.updateHall(
                    UpdateHallRequest.newBuilder().setHallId(hall.getId()).setName("X").setLayout(mixedLayout()).build()));
            assertRejected(backend, Code.PERMISSION_DENIED, "needs the role MANAGER",
                    () -> caller.setSeatsBlocked(block(hall, true, "A1")));
        }
    }

    @Test
    void hallWritesAsManagerOfAnotherCinemaArePermissionDenied() {
        Hall hall = createHall(unique("Not Yours"));
        Cinema other = manager(backend).createCinema(cinemaRequest(unique("Other Site")));
        TheatersServiceBlockingStub stranger = as(backend, Role.MANAGER, other.getId());

        assertRejected(backend, Code.PERMISSION_DENIED, "you may not change cinema " + cinema.getId(),
                () -> stranger.createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId())
                        .setName(unique("X")).setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.PERMISSION_DENIED, "you may not change cinema " + cinema.getId(),
                () -> stranger.updateHall(UpdateHallRequest.newBuilder().setHallId(hall.getId()).setName("X")
                        .setLayout(mixedLayout()).build()));
        assertRejected(backend, Code.PERMISSION_DENIED, "you may not change cinema " + cinema.getId(),
                () -> stranger.setSeatsBlocked(block(hall, true, "A1")));
    }

    @Test
    void readsNeedNoToken() {
        Hall hall = createHall(unique("Public"));

        assertThat(getHall(hall.getId())).isEqualTo(hall);
        assertThat(anonymous(backend).listHalls(ListHallsRequest.newBuilder().setCinemaId(cinema.getId()).build())
                .getHallsList()).extracting(Hall::getId).contains(hall.getId());
    }

    // ---------------------------------------------------------------------------- misc

    @Test
    void coupleSeatsSurviveTheRoundTripWithTheirPartners() {
        SeatLayout sofas = SeatLayout.newBuilder().addRows(Row.newBuilder().setLabel("K").setY(0)
                .addSeats(couple("K", 1, 0, 2)).addSeats(couple("K", 2, 1, 1))
                .addSeats(couple("K", 3, 3, 4)).addSeats(couple("K", 4, 4, 3))
                .addSeats(seat("K", 5, 6, SeatCategory.PREMIUM))).setWidth(7).setDepth(1).build();

        Hall hall = getHall(createHall(cinema, unique("Sofas"), sofas).getId());

        assertThat(hall.getLayout()).isEqualTo(sofas);
    }
}
