package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.ReleaseHoldRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HoldExpiryTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of("marquee.reservations.hold.ttl", "PT2S",
                "marquee.reservations.sweep.interval", "PT0.5S"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void anUnpaidHoldExpiresByItselfAndItsSeatsAreFreeAgain() {
        String customer = fixture.customer();
        Showtime showtime = fixture.showtime();
        Booking hold = fixture.hold(customer, showtime, "D3", "D4");
        GetSeatMapRequest map = GetSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build();
        assertThat(fixture.reservations(null).getSeatMap(map).getStatesCount()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(backend.count("SELECT count(*) FROM reservations.booking WHERE id = '" + hold.getId()
                        + "' AND status = 'EXPIRED'")).isEqualTo(1));
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE booking_id = '" + hold.getId() + "'")).isZero();
        assertThat(fixture.reservations(null).getSeatMap(map).getStatesList()).extracting(s -> s.getSeatId()).containsExactly("B4");
        assertThat(fixture.reservations(customer).getBooking(GetBookingRequest.newBuilder().setBookingId(hold.getId()).build())
                .getStatus()).isEqualTo(BookingStatus.BOOKING_EXPIRED);
        assertThat(fixture.hold(fixture.customer(), showtime, "D3", "D4").getStatus()).isEqualTo(BookingStatus.BOOKING_HELD);
        // Releasing an expired hold is not an error and does not touch the new holder's seats.
        assertThat(fixture.reservations(customer).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build())
                .getStatus()).isEqualTo(BookingStatus.BOOKING_EXPIRED);
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + showtime.getId() + "'"))
                .isEqualTo(2);
    }
}
