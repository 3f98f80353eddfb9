package marquee.reservations;

import static marquee.reservations.Fixture.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.Map;
import marquee.common.v1.TicketType;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.ChangeTicketTypesRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.SeatSelection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChangeTicketTypesTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        // payments too: ticket types cannot change once a payment exists for the hold
        backend = TestBackend.start(Map.of(), marquee.platform.ServiceModules.byName("users", "theaters", "movies", "reservations",
                "payments"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static SeatSelection seat(String id, TicketType type) {
        return SeatSelection.newBuilder().setSeatId(id).setTicketType(type).build();
    }

    private Booking hold(Showtime showtime, String customer) {
        return fixture.reservations(customer).holdSeats(HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                .addSeats(seat("A1", TicketType.ADULT)).addSeats(seat("A2", TicketType.ADULT)).build());
    }

    @Test
    void aChildTicketIsRepricedAndTheSeatsAndExpiryStay() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking held = hold(showtime, customer);

        Booking changed = fixture.reservations(customer).changeTicketTypes(ChangeTicketTypesRequest.newBuilder()
                .setBookingId(held.getId()).addSeats(seat("A2", TicketType.CHILD)).addSeats(seat("A1", TicketType.ADULT)).build());

        assertThat(changed.getLinesList()).extracting(l -> l.getSeatId() + ":" + l.getTicketType() + ":" + l.getPrice().getAmountMinor())
                .containsExactlyInAnyOrder("A1:ADULT:1200", "A2:CHILD:800");
        assertThat(changed.getTotal().getAmountMinor()).isEqualTo(1200 + 800 + 50);
        assertThat(changed.getExpiresAt()).isEqualTo(held.getExpiresAt());
        assertThat(changed.getCode()).isEqualTo(held.getCode());
        assertThat(backend.count("SELECT total_minor FROM reservations.booking WHERE id = '" + held.getId() + "'")).isEqualTo(2050);
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE booking_id = '" + held.getId() + "'")).isEqualTo(2);
    }

    @Test
    void otherSeatsThanTheHeldOnesAreRefusedAndChangeNothing() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking held = hold(showtime, customer);

        assertFails(Code.INVALID_ARGUMENT, "exactly the held seats", () -> fixture.reservations(customer).changeTicketTypes(
                ChangeTicketTypesRequest.newBuilder().setBookingId(held.getId())
                        .addSeats(seat("A1", TicketType.CHILD)).addSeats(seat("A3", TicketType.CHILD)).build()));
        assertFails(Code.INVALID_ARGUMENT, "sells no", () -> fixture.reservations(customer).changeTicketTypes(
                ChangeTicketTypesRequest.newBuilder().setBookingId(held.getId())
                        .addSeats(seat("A1", TicketType.STUDENT)).addSeats(seat("A2", TicketType.STUDENT)).build()));
        assertThat(backend.count("SELECT total_minor FROM reservations.booking WHERE id = '" + held.getId() + "'")).isEqualTo(2450);
    }

    @Test
    void someoneElsesHoldIsNotFoundAndAReleasedHoldCannotChange() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking held = hold(showtime, customer);
        ChangeTicketTypesRequest change = ChangeTicketTypesRequest.newBuilder().setBookingId(held.getId())
                .addSeats(seat("A1", TicketType.CHILD)).addSeats(seat("A2", TicketType.CHILD)).build();

        assertFails(Code.NOT_FOUND, "in your account", () -> fixture.reservations(fixture.customer()).changeTicketTypes(change));
        fixture.reservations(customer).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(held.getId()).build());
        assertFails(Code.FAILED_PRECONDITION, "no longer held", () -> fixture.reservations(customer).changeTicketTypes(change));
        assertFails(Code.INVALID_ARGUMENT, "booking_id", () -> fixture.reservations(customer).changeTicketTypes(
                ChangeTicketTypesRequest.newBuilder().setBookingId("nope").addSeats(seat("A1", TicketType.CHILD)).build()));
    }

    @Test
    void onceAPaymentOrACheckoutExistsTheTicketTypesCannotChange() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking held = hold(showtime, customer);
        ChangeTicketTypesRequest change = ChangeTicketTypesRequest.newBuilder().setBookingId(held.getId())
                .addSeats(seat("A1", TicketType.CHILD)).addSeats(seat("A2", TicketType.CHILD)).build();

        var declined = fixture.reservations(customer).checkout(CheckoutTest.checkout(held, CheckoutTest.card(CheckoutTest.DECLINE),
                java.util.UUID.randomUUID().toString()));
        assertThat(declined.getOutcome()).isEqualTo(marquee.reservations.v1.CheckoutOutcome.PAYMENT_DECLINED);

        assertFails(Code.FAILED_PRECONDITION, "can no longer change", () -> fixture.reservations(customer).changeTicketTypes(change));
        assertThat(backend.count("SELECT total_minor FROM reservations.booking WHERE id = '" + held.getId() + "'")).isEqualTo(2450);
    }
}
