package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.Map;
import java.util.UUID;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.ListMyBookingsRequest;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.theaters.v1.Cinema;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BookingAccessTest {
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

    private static GetBookingRequest byCode(String code) {
        return GetBookingRequest.newBuilder().setCode(code).build();
    }

    private static GetBookingRequest byId(String id) {
        return GetBookingRequest.newBuilder().setBookingId(id).build();
    }

    @Test
    void aCustomerFindsTheirHoldByCodeInAnyCaseAndById() {
        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, fixture.showtime(), "A1");
        assertThat(fixture.reservations(customer).getBooking(byCode(hold.getCode().toLowerCase()))).isEqualTo(hold);
        assertThat(fixture.reservations(customer).getBooking(byId(hold.getId()))).isEqualTo(hold);
    }

    @Test
    void aCustomerCannotSeeAnotherCustomersBooking() {
        Booking hold = fixture.hold(fixture.customer(), fixture.showtime(), "A1");
        String stranger = fixture.customer();
        Fixture.assertFails(Code.NOT_FOUND, "there is no booking", () -> fixture.reservations(stranger).getBooking(byCode(hold.getCode())));
        Fixture.assertFails(Code.NOT_FOUND, "there is no booking", () -> fixture.reservations(stranger).getBooking(byId(hold.getId())));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "there is no booking",
                () -> fixture.reservations(stranger).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build()));
    }

    @Test
    void cashiersSeeBookingsOfTheirOwnCinemaOnlyAndManagersSeeAll() {
        Cinema cinema = fixture.cinema(4, false);
        Booking hold = fixture.hold(fixture.customer(), fixture.showtime(cinema), "A1");
        assertThat(fixture.reservations(fixture.cashier(cinema.getId())).getBooking(byCode(hold.getCode())).getId()).isEqualTo(hold.getId());
        assertThat(fixture.reservations(fixture.manager).getBooking(byCode(hold.getCode())).getId()).isEqualTo(hold.getId());
        String kiosk = backend.tokens().token(Role.KIOSK, UUID.randomUUID().toString(), cinema.getId());
        assertThat(fixture.reservations(kiosk).getBooking(byCode(hold.getCode())).getId()).isEqualTo(hold.getId());
        String elsewhere = fixture.cashier(fixture.cinema(4, false).getId());
        Fixture.assertFails(Code.PERMISSION_DENIED, "another cinema", () -> fixture.reservations(elsewhere).getBooking(byCode(hold.getCode())));
    }

    @Test
    void badLookupsAreRefusedClearly() {
        String customer = fixture.customer();
        Fixture.assertFails(Code.INVALID_ARGUMENT, "code or booking_id is required",
                () -> fixture.reservations(customer).getBooking(GetBookingRequest.getDefaultInstance()));
        Fixture.assertFails(Code.INVALID_ARGUMENT, "code must be 6 characters", () -> fixture.reservations(customer).getBooking(byCode("O0I1L")));
        Fixture.assertFails(Code.INVALID_ARGUMENT, "booking_id must be an id", () -> fixture.reservations(customer).getBooking(byId("x")));
        Fixture.assertFails(Code.NOT_FOUND, "there is no booking", () -> fixture.reservations(customer).getBooking(byCode("AAAAAA")));
        Fixture.assertFails(Code.UNAUTHENTICATED, "Sign in first", () -> fixture.reservations(null).getBooking(byCode("AAAAAA")));
    }

    @Test
    void listMyBookingsShowsOnlyTheCallersBookingsNewestFirst() {
        String customer = fixture.customer();
        Showtime showtime = fixture.showtime();
        Booking first = fixture.hold(customer, showtime, "D1");
        Booking second = fixture.hold(customer, showtime, "D5");
        fixture.hold(fixture.customer(), showtime, "D8");
        assertThat(fixture.reservations(customer).listMyBookings(ListMyBookingsRequest.getDefaultInstance()).getBookingsList())
                .extracting(Booking::getId).containsExactly(second.getId(), first.getId());
    }

    @Test
    void releasingAHoldFreesItsSeatsAtOnceAndReleasingAgainIsHarmless() {
        String customer = fixture.customer();
        Showtime showtime = fixture.showtime();
        Booking hold = fixture.hold(customer, showtime, "A5", "A6");
        ReleaseHoldRequest release = ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build();
        assertThat(fixture.reservations(customer).releaseHold(release).getStatus()).isEqualTo(BookingStatus.BOOKING_RELEASED);
        assertThat(fixture.reservations(customer).releaseHold(release).getStatus()).isEqualTo(BookingStatus.BOOKING_RELEASED);
        assertThat(fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build())
                .getStatesList()).extracting(s -> s.getSeatId()).containsExactly("B4");
        assertThat(fixture.hold(fixture.customer(), showtime, "A5", "A6").getStatus()).isEqualTo(BookingStatus.BOOKING_HELD);
    }

    @Test
    void staffOfTheCinemaMayReleaseACustomersHold() {
        Cinema cinema = fixture.cinema(4, false);
        Booking hold = fixture.hold(fixture.customer(), fixture.showtime(cinema), "A1");
        assertThat(fixture.reservations(fixture.cashier(cinema.getId()))
                .releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build()).getStatus())
                .isEqualTo(BookingStatus.BOOKING_RELEASED);
    }
}
