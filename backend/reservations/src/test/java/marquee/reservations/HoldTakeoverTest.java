package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.GetBookingRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With the sweeper far away, a run-out hold must still not keep its seats from the next customer. */
class HoldTakeoverTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of("marquee.reservations.hold.ttl", "PT1S",
                "marquee.reservations.sweep.interval", "PT1H"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aSeatWhoseHoldRanOutCanBeHeldAtOnceWithoutWaitingForTheSweeper() throws InterruptedException {
        Showtime showtime = fixture.showtime();
        String first = fixture.customer();
        Booking old = fixture.hold(first, showtime, "A1", "A2");
        Thread.sleep(1_500);
        Booking next = fixture.hold(fixture.customer(), showtime, "A2", "A3");
        assertThat(next.getStatus()).isEqualTo(BookingStatus.BOOKING_HELD);
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + showtime.getId()
                + "' AND booking_id = '" + next.getId() + "'")).isEqualTo(2);
        assertThat(fixture.reservations(first).getBooking(GetBookingRequest.newBuilder().setBookingId(old.getId()).build())
                .getStatus()).isEqualTo(BookingStatus.BOOKING_EXPIRED);
    }
}
