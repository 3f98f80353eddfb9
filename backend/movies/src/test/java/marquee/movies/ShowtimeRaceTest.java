package marquee.movies;

import static marquee.movies.Fixture.at;
import static marquee.movies.Fixture.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.Movie;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.Hall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShowtimeRaceTest {
    private static final int MANAGERS = 20;
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
    void ofTwentyConcurrentOverlappingShowtimesInOneHallExactlyOneIsScheduled() throws Exception {
        Cinema cinema = fixture.cinema();
        Hall hall = fixture.hall(cinema, "Contested");
        Movie movie = fixture.movie("Everyone Wants Hall 1", 120);
        var date = day(9);
        ExecutorService pool = Executors.newFixedThreadPool(MANAGERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Status.Code>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < MANAGERS; i++) {
                // Starts a minute apart: every pair overlaps, and none is an exact copy of another.
                var start = at(date, "18:00").plus(Duration.ofMinutes(i));
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        fixture.schedule(movie, hall, start);
                        return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            go.countDown();
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) codes.add(outcome.get(60, TimeUnit.SECONDS));

            assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
            assertThat(codes).filteredOn(c -> c != Status.Code.OK).hasSize(MANAGERS - 1)
                    .containsOnly(Status.Code.FAILED_PRECONDITION);
        } finally {
            pool.shutdownNow();
        }
        assertThat(backend.count("SELECT count(*) FROM movies.showtimes WHERE hall_id = '" + hall.getId() + "'")).isEqualTo(1);
        assertThat(backend.count("SELECT count(*) FROM movies.showtime_prices p JOIN movies.showtimes s ON s.id = p.showtime_id"
                + " WHERE s.hall_id = '" + hall.getId() + "'")).isEqualTo(2);
        assertThat(fixture.movies(null).listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinema.getId())
                .setDate(date.toString()).build()).getShowtimesCount()).isEqualTo(1);
    }
}
