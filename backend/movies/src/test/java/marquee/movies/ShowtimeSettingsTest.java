package marquee.movies;

import static marquee.movies.Fixture.instant;
import static marquee.movies.Fixture.showtime;
import static marquee.movies.Fixture.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.GetShowtimeRequest;
import marquee.movies.v1.Movie;
import marquee.movies.v1.Showtime;
import marquee.movies.v1.ShowtimeStatus;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Hall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduling settings are read from the configuration. */
class ShowtimeSettingsTest {
    private static TestBackend backend;
    private static Fixture fixture;
    private static Hall hall;
    private static Movie hourLong;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of(
                "marquee.movies.cleaning.buffer", "PT5M",
                "marquee.movies.schedule.grace", "PT6H"));
        fixture = new Fixture(backend);
        hall = fixture.hall(fixture.cinema(), "Hall 1");
        hourLong = fixture.movie("An Hour", 60);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static Showtime cancel(Showtime showtime) {
        return fixture.asManager().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
    }

    @Test
    void cleaningBufferComesFromTheConfiguration() {
        Instant start = Fixture.at(Fixture.day(3), "20:00");

        Showtime created = fixture.schedule(hourLong, hall, start);

        assertThat(instant(created.getEndsAt())).isEqualTo(start.plus(Duration.ofMinutes(65)));
    }

    @Test
    void startIsKeptToTheWholeSecond() {
        Instant start = Fixture.at(Fixture.day(4), "20:00").plusNanos(123_456_789);

        Showtime created = fixture.schedule(hourLong, hall, start);

        assertThat(instant(created.getStartsAt())).isEqualTo(start.truncatedTo(ChronoUnit.SECONDS));
        assertThat(fixture.movies(null).getShowtime(GetShowtimeRequest.newBuilder().setShowtimeId(created.getId()).build()))
                .isEqualTo(created);
    }

    @Test
    void withAGraceAShowtimeMayStartInTheRecentPastAndARunningOneCanBeCancelled() {
        Showtime running = fixture.schedule(hourLong, hall, Instant.now().minus(Duration.ofMinutes(30)));

        assertThat(cancel(running).getStatus()).isEqualTo(ShowtimeStatus.CANCELLED);
    }

    @Test
    void aShowtimeThatIsOverCannotBeCancelled() {
        Showtime over = fixture.schedule(hourLong, hall, Instant.now().minus(Duration.ofHours(5)));

        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "is already over", () -> cancel(over));
    }

    @Test
    void beyondTheGraceTheStartIsRefused() {
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "starts_at must be in the future",
                () -> fixture.asManager().createShowtime(showtime(hourLong, hall, Instant.now()).setStartsAt(
                        timestamp(Instant.now().minus(Duration.ofHours(7)))).build()));
    }
}
