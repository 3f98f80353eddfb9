package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.Showtime;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModule;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.WatchSeatMapRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200 seat-map watchers on two reservations instances: each process reads the seat events of all
 * its watched showtimes with one query per tick (not one per watcher), and a hold made on one
 * instance reaches every watcher on both.
 */
class ManyWatchersTest {
    private static final int WATCHERS_PER_INSTANCE = 100;
    private static TestBackend backend;
    private static ReservationsModule first;
    private static ReservationsModule secondModule;
    private static BackendRuntime second;
    private static ManagedChannel secondChannel;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        first = new ReservationsModule();
        List<ServiceModule> modules = new ArrayList<>(List.of(ServiceModules.byName("users", "theaters", "movies")));
        modules.add(first);
        modules.addAll(List.of(ServiceModules.byName("payments", "tickets")));
        backend = TestBackend.start(Map.of(), modules.toArray(ServiceModule[]::new));
        fixture = new Fixture(backend);
        Map<String, String> settings = new HashMap<>();
        settings.put("marquee.db.url", backend.jdbcUrl());
        settings.put("marquee.db.user", "postgres");
        settings.put("marquee.data.dir", backend.dataDir().toString());
        settings.put("marquee.db.pool.size", "4");
        for (String peer : List.of("users", "movies", "theaters", "payments", "tickets")) {
            settings.put("marquee." + peer + ".address", "localhost:" + backend.runtime().port());
        }
        secondModule = new ReservationsModule();
        second = BackendRuntime.start(Config.withOverrides(settings), List.of(secondModule), 0, BackendRuntime.StartupListener.NONE);
        secondChannel = NettyChannelBuilder.forAddress("localhost", second.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        if (secondChannel != null) secondChannel.shutdownNow();
        if (second != null) second.close();
        if (backend != null) backend.close();
    }

    @Test
    void oneQueryPerTickServesEveryWatcherOfEveryShowtimeAndAHoldReachesThemAllOnBothInstances() throws Exception {
        Showtime a = fixture.showtime();
        Showtime b = fixture.showtime();
        CountDownLatch snapshots = new CountDownLatch(2 * WATCHERS_PER_INSTANCE);
        Map<Integer, Long> heldAt = new ConcurrentHashMap<>();
        CountDownLatch heldOnA = new CountDownLatch(WATCHERS_PER_INSTANCE);  // the watchers of showtime a
        for (int i = 0; i < 2 * WATCHERS_PER_INSTANCE; i++) {
            int watcher = i;
            ManagedChannel channel = i % 2 == 0 ? backend.channel() : secondChannel;
            Showtime showtime = i < WATCHERS_PER_INSTANCE ? a : b;
            ReservationsServiceGrpc.newStub(channel).watchSeatMap(
                    WatchSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build(), new StreamObserver<>() {
                        @Override
                        public void onNext(SeatMapEvent event) {
                            if (event.getSnapshot()) {
                                snapshots.countDown();
                            } else if (event.getReason().equals("held") && heldAt.putIfAbsent(watcher, System.nanoTime()) == null) {
                                heldOnA.countDown();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onCompleted() {}
                    });
        }
        assertThat(snapshots.await(30, TimeUnit.SECONDS)).as("every watcher got its snapshot").isTrue();
        assertThat(first.feed().showtimes()).isEqualTo(2);
        assertThat(secondModule.feed().showtimes()).isEqualTo(2);

        // Idle watchers cost one query per tick per process, however many there are (50 ms ticks: ~20/s).
        long before1 = first.feed().queries();
        long before2 = secondModule.feed().queries();
        Thread.sleep(1000);
        long perSecond1 = first.feed().queries() - before1;
        long perSecond2 = secondModule.feed().queries() - before2;
        assertThat(perSecond1).as("feed queries per second, instance 1").isBetween(1L, 25L);
        assertThat(perSecond2).as("feed queries per second, instance 2").isBetween(1L, 25L);

        long madeAt = System.nanoTime();
        fixture.hold(fixture.customer(), a, "A1");
        assertThat(heldOnA.await(10, TimeUnit.SECONDS)).as("every watcher of showtime a saw the hold").isTrue();
        long slowestMs = heldAt.values().stream().mapToLong(t -> TimeUnit.NANOSECONDS.toMillis(t - madeAt)).max().orElseThrow();
        System.out.printf("ManyWatchersTest: %d watchers, hold seen by the slowest after %d ms (incl. the hold call); "
                + "feed queries/s per process: %d and %d%n", 2 * WATCHERS_PER_INSTANCE, slowestMs, perSecond1, perSecond2);
        // Watchers of showtime b saw nothing of it.
        assertThat(heldAt.keySet()).allMatch(w -> w < WATCHERS_PER_INSTANCE);
    }
}
