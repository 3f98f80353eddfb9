package marquee.reservations;

import static marquee.reservations.Fixture.assertFails;
import static marquee.reservations.Fixture.holdRequest;
import static marquee.reservations.Fixture.instant;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.ConfirmBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.SeatMap;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SeatState;
import marquee.reservations.v1.SeatStatus;
import marquee.theaters.v1.Cinema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HoldSeatsTest {
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
    void aHoldPricesTheSeatsAddsTheFeeAndExpiresAfterTheConfiguredTime() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Instant before = Instant.now();
        Booking hold = fixture.reservations(customer).holdSeats(HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                .setIdempotencyKey("k1")
                .addSeats(SeatSelection.newBuilder().setSeatId("A1").setTicketType(TicketType.ADULT))
                .addSeats(SeatSelection.newBuilder().setSeatId("A2").setTicketType(TicketType.CHILD))
                .addSeats(SeatSelection.newBuilder().setSeatId("B5")).build());

        assertThat(hold.getStatus()).isEqualTo(BookingStatus.BOOKING_HELD);
        assertThat(hold.getCode()).matches("[ACDEFGHJKMNPQRTUVWXY34679]{6}");
        assertThat(hold.getShowtimeId()).isEqualTo(showtime.getId());
        assertThat(hold.getCinemaId()).isEqualTo(showtime.getCinemaId());
        assertThat(hold.getLinesList()).extracting(l -> l.getSeatId() + ":" + l.getCategory() + ":" + l.getTicketType() + ":"
                + l.getPrice().getAmountMinor()).containsExactly("A1:STANDARD:ADULT:1200", "A2:STANDARD:CHILD:800",
                "B5:PREMIUM:ADULT:1500");
        assertThat(hold.getBookingFee().getAmountMinor()).isEqualTo(50);
        assertThat(hold.getTotal().getAmountMinor()).isEqualTo(1200 + 800 + 1500 + 50);
        assertThat(hold.getTotal().getCurrency()).isEqualTo("EUR");
        assertThat(instant(hold.getExpiresAt())).isBetween(before.plus(Duration.ofMinutes(8)).minusSeconds(5),
                Instant.now().plus(Duration.ofMinutes(8)).plusSeconds(5));
        assertThat(hold.getMovieTitle()).isEqualTo(showtime.getMovieTitle());
        assertThat(hold.getHallName()).isEqualTo(showtime.getHallName());
        assertThat(hold.getStartsAt()).isEqualTo(showtime.getStartsAt());
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE booking_id = '" + hold.getId() + "'")).isEqualTo(3);
    }

    @Test
    void heldSeatsShowAsHeldOnThePublicSeatMapNextToBlockedSeats() {
        Showtime showtime = fixture.showtime();
        SeatMap empty = fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        assertThat(empty.getStatesList()).containsExactly(state("B4", SeatStatus.SEAT_BLOCKED));
        assertThat(empty.getHall().getId()).isEqualTo(showtime.getHallId());
        assertThat(empty.getSalesRules().getMaxSeatsPerOrder()).isEqualTo(4);
        assertThat(empty.getPrices().getBookingFeeMinor()).isEqualTo(50);
        assertThat(empty.getPrices().getEntriesList()).hasSize(6);

        fixture.hold(fixture.customer(), showtime, "D4", "D5");
        SeatMap after = fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        assertThat(after.getStatesList()).containsExactlyInAnyOrder(state("B4", SeatStatus.SEAT_BLOCKED),
                state("D4", SeatStatus.SEAT_HELD), state("D5", SeatStatus.SEAT_HELD));
        // Since V10 the version names the last *settled* change: one a transaction that was open
        // when the hold was written (anywhere on the PostgreSQL server) can no longer overtake.
        // GetSeatMap waits up to a second for that; on a starved machine it may take longer.
        long version = after.getVersion();
        for (int i = 0; i < 100 && version <= empty.getVersion(); i++) {
            sleep(100);
            version = fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build())
                    .getVersion();
        }
        assertThat(version).isGreaterThan(empty.getVersion());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SeatState state(String seat, SeatStatus status) {
        return SeatState.newBuilder().setSeatId(seat).setStatus(status).build();
    }

    @Test
    void aSeatHeldByOneCustomerIsRefusedToTheNextWithTheSeatsNamed() {
        Showtime showtime = fixture.showtime();
        fixture.hold(fixture.customer(), showtime, "A3", "A4");
        String other = fixture.customer();
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "seat taken: A4",
                () -> fixture.hold(other, showtime, "A4", "A5"));
        assertThat(fixture.hold(other, showtime, "A5", "A6").getLinesCount()).isEqualTo(2);
    }

    @Test
    void retryingWithTheSameIdempotencyKeyReturnsTheFirstHold() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        HoldSeatsRequest request = holdRequest(showtime, "D1", "D2");
        Booking first = fixture.reservations(customer).holdSeats(request);
        Booking again = fixture.reservations(customer).holdSeats(request);
        assertThat(again).isEqualTo(first);
        assertThat(backend.count("SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + showtime.getId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void selectionRulesAreCheckedAndABrokenRuleChangesNothing() {
        Cinema strict = fixture.cinema(3, true);
        Showtime showtime = fixture.showtime(strict);
        String customer = fixture.customer();
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "at most 3 seats",
                () -> fixture.hold(customer, showtime, "D1", "D2", "D3", "D4"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "couple seats are sold in pairs",
                () -> fixture.hold(customer, showtime, "C1"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "companion seats are only sold together",
                () -> fixture.hold(customer, showtime, "B2"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "single empty seat",
                () -> fixture.hold(customer, showtime, "D2", "D3"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "no CHILD ticket for PREMIUM",
                () -> fixture.reservations(customer).holdSeats(holdRequest(showtime, "B5").toBuilder()
                        .setSeats(0, SeatSelection.newBuilder().setSeatId("B5").setTicketType(TicketType.CHILD)).build()));
        assertThat(fixture.hold(customer, showtime, "C1", "C2").getLinesList()).extracting(l -> l.getCategory())
                .containsOnly(SeatCategory.COUPLE);
        // B3 is taken along: alone between the companion seat and the blocked B4 it would be a single empty seat.
        assertThat(fixture.hold(customer, showtime, "B1", "B2", "B3").getTotal().getAmountMinor()).isEqualTo(1200 + 0 + 1200 + 50);
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "showtime_id must be an id",
                () -> fixture.reservations(customer).holdSeats(holdRequest(showtime, "A1").toBuilder().setShowtimeId("nope").build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "there is no showtime",
                () -> fixture.reservations(customer).holdSeats(holdRequest(showtime, "A1").toBuilder()
                        .setShowtimeId("00000000-0000-4000-8000-000000000000").build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "no such seat in this hall: Z99",
                () -> fixture.hold(customer, showtime, "Z99"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "blocked): B4", () -> fixture.hold(customer, showtime, "B4"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "at most 4 seats",
                () -> fixture.hold(customer, showtime, "D1", "D2", "D3", "D4", "D5"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "repeated: A1", () -> fixture.hold(customer, showtime, "A1", "A1"));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "at least one seat", () -> fixture.hold(customer, showtime));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "seats[0].ticket_type: unknown value 42",
                () -> fixture.reservations(customer).holdSeats(holdRequest(showtime, "A1").toBuilder()
                        .setSeats(0, SeatSelection.newBuilder().setSeatId("A1").setTicketTypeValue(42)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "showtime_id must be an id",
                () -> fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId("x").build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "there is no showtime",
                () -> fixture.reservations(null).getSeatMap(GetSeatMapRequest.newBuilder()
                        .setShowtimeId("00000000-0000-4000-8000-000000000000").build()));
    }

    @Test
    void holdingNeedsASignedInCaller() {
        Showtime showtime = fixture.showtime();
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "Sign in first", () -> fixture.hold(null, showtime, "A1"));
    }

    @Test
    void aCancelledShowtimeSellsNoSeats() {
        Showtime showtime = fixture.showtime();
        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "is cancelled", () -> fixture.hold(fixture.customer(), showtime, "A1"));
    }

    @Test
    void onlyServicesAndStaffConfirmBookings() {
        assertFails(Code.PERMISSION_DENIED, "SERVICE or CASHIER or MANAGER", () -> fixture.reservations(fixture.customer())
                .confirmBooking(ConfirmBookingRequest.newBuilder().setBookingId("00000000-0000-4000-8000-000000000000").build()));
    }
}
