package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.Showtime;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.ReservationsServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Many customers at two instances of the service fight over the same seats; the database decides. */
class HoldRaceTest {
    private static final Logger log = LoggerFactory.getLogger(HoldRaceTest.class);
    private static final int CUSTOMERS = 60;
    private static TestBackend backend;
    private static BackendRuntime second;
    private static ManagedChannel secondChannel;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of());
        fixture = new Fixture(backend);
        Map<String, String> settings = new HashMap<>();
        settings.put("marquee.db.url", backend.jdbcUrl());
        settings.put("marquee.db.user", "postgres");
        settings.put("marquee.data.dir", backend.dataDir().toString());
        settings.put("marquee.db.pool.size", "4");
        settings.put("marquee.movies.address", "localhost:" + backend.runtime().port());
        settings.put("marquee.theaters.address", "localhost:" + backend.runtime().port());
        second = BackendRuntime.start(Config.withOverrides(settings), ServiceModules.load(List.of("reservations")), 0,
                BackendRuntime.StartupListener.NONE);
        secondChannel = NettyChannelBuilder.forAddress("localhost", second.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        if (secondChannel != null) secondChannel.shutdownNow();
        if (second != null) second.close();
        if (backend != null) backend.close();
    }

    @Test
    void sixtyCustomersAtTwoInstancesNeverHoldTheSameSeatTwice() throws Exception {
        Showtime showtime = fixture.showtime();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) tokens.add(fixture.customer());
        ExecutorService pool = Executors.newFixedThreadPool(CUSTOMERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> outcomes = new ArrayList<>();
        long started;
        try {
            for (int i = 0; i < CUSTOMERS; i++) {
                int n = i;
                // Pairs of neighbouring seats in row D that overlap: D1+D2, D2+D3, …, D9+D10, then again.
                String left = "D" + (1 + n % 9);
                String right = "D" + (2 + n % 9);
                ManagedChannel channel = n % 2 == 0 ? backend.channel() : secondChannel;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), tokens.get(n))
                                .holdSeats(Fixture.holdRequest(showtime, left, right));
                    } catch (StatusRuntimeException e) {
                        return e.getStatus();
                    }
                }));
            }
            started = System.nanoTime();
            go.countDown();
            List<Booking> won = new ArrayList<>();
            List<Status> lost = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                Object result = outcome.get(120, TimeUnit.SECONDS);
                if (result instanceof Booking booking) won.add(booking);
                else lost.add((Status) result);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info("Race: {} customers, 10 seats, 2 instances: {} holds won, {} refused in {} ms", CUSTOMERS, won.size(),
                    lost.size(), millis);

            assertThat(lost).allSatisfy(status -> {
                assertThat(status.getCode()).as(String.valueOf(status.getDescription())).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(status.getDescription()).startsWith("seat taken: D");
            });
            // Between 5 disjoint pairs (D1+D2, D3+D4, …) and 3 (e.g. D2+D3, D5+D6, D8+D9) can win.
            assertThat(won.size()).isBetween(3, 5);
            List<String> heldSeats = won.stream().flatMap(b -> b.getLinesList().stream()).map(l -> l.getSeatId()).toList();
            assertThat(heldSeats).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        String showtimeId = showtime.getId();
        assertThat(backend.count("SELECT count(*) FROM (SELECT l.seat_id FROM reservations.booking b JOIN reservations.booking_line l"
                + " ON l.booking_id = b.id WHERE b.showtime_id = '" + showtimeId + "' AND b.status = 'HELD'"
                + " GROUP BY l.seat_id HAVING count(*) > 1) twice")).isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + showtimeId + "'"))
                .isEqualTo(backend.count("SELECT count(DISTINCT booking_id) FROM reservations.seat_claim WHERE showtime_id = '"
                        + showtimeId + "'"));
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim c JOIN reservations.booking_line l"
                + " ON l.booking_id = c.booking_id AND l.seat_id = c.seat_id WHERE c.showtime_id = '" + showtimeId + "'"))
                .isEqualTo(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + showtimeId + "'"));
    }
}
