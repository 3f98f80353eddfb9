package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.Showtime;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.SeatState;
import marquee.reservations.v1.WatchSeatMapRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Since the V10 watermarks, any open transaction with a transaction id on the server holds back
 * every seat-map watcher. An event consumer busy with slow work — here reservations cancelling a
 * showtime: refunds through payments, then the late-sales wait — must not hold one: a watcher of
 * ANOTHER showtime on the same server still sees a new hold at once. Before the fix the consumer's
 * {@code consumed_events} mark was inserted first, and the watcher waited for the whole handler.
 */
class SlowConsumerSeatFeedTest {
    private static final Logger log = LoggerFactory.getLogger(SlowConsumerSeatFeedTest.class);
    private static final Duration LATE_SALES_WAIT = Duration.ofSeconds(8);
    private TestBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
    }

    private static final class Watcher implements StreamObserver<SeatMapEvent> {
        final Map<String, String> seats = new ConcurrentHashMap<>();
        volatile boolean snapshot;
        volatile Throwable failure;

        @Override
        public void onNext(SeatMapEvent event) {
            for (SeatState s : event.getChangesList()) seats.put(s.getSeatId(), s.getStatus().name());
            if (event.getSnapshot()) snapshot = true;
        }

        @Override
        public void onError(Throwable t) {
            if (!(t instanceof StatusRuntimeException e && e.getStatus().getCode() == io.grpc.Status.Code.CANCELLED)) failure = t;
        }

        @Override
        public void onCompleted() {
        }
    }

    @Test
    void aWatcherOfAnotherShowtimeSeesAHoldAtOnceWhileAShowtimeCancellationIsBeingHandled() throws Exception {
        backend = TestBackend.start(Map.of("marquee.events.relay.interval", "PT0.1S",
                        "marquee.reservations.cancel.late.sales.wait", "PT" + LATE_SALES_WAIT.toSeconds() + "S"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        Fixture fixture = new Fixture(backend);
        Showtime cancelled = ShowtimeCancellationTest.showtime(fixture, 2, 6);
        List<Booking> sold = ShowtimeCancellationTest.sellOutOneSeatEach(fixture, cancelled, 3);
        Showtime watched = ShowtimeCancellationTest.showtime(fixture, 2, 6);

        Watcher watcher = new Watcher();
        Context.CancellableContext stream = Context.current().withCancellation();
        stream.run(() -> ReservationsServiceGrpc.newStub(backend.channel())
                .watchSeatMap(WatchSeatMapRequest.newBuilder().setShowtimeId(watched.getId()).build(), watcher));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watcher.snapshot);

        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(cancelled.getId()).build());
        // The first pass over the sold bookings is done: the handler is now in its late-sales wait,
        // its event not yet marked consumed.
        String marked = "SELECT count(*) FROM reservations.consumed_events WHERE consumer = '" + ShowtimeEventsConsumer.CONSUMER
                + "' AND event_type = 'showtime.cancelled'";
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                backend.count("SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + cancelled.getId()
                        + "' AND status = 'CANCELLED'") == sold.size());
        long handlerBusySince = System.nanoTime();
        assertThat(backend.count(marked)).as("the cancellation is still being handled").isZero();

        long start = System.nanoTime();
        fixture.hold(fixture.customer(), watched, "B3");
        Awaitility.await().atMost(LATE_SALES_WAIT.multipliedBy(3)).pollInterval(Duration.ofMillis(5))
                .until(() -> "SEAT_HELD".equals(watcher.seats.get("B3")));
        long seenMs = (System.nanoTime() - start) / 1_000_000;
        List<String> holders = xidHolders();
        boolean stillHandling = backend.count(marked) == 0;
        log.info("Hold on another showtime reached its watcher after {} ms (cancellation still handled: {}); open transactions"
                + " with an xid for over 0.5 s: {}", seenMs, stillHandling, holders);
        assertThat(seenMs).as("ms until the watcher of another showtime saw the hold (xid holders: " + holders + ")")
                .isLessThan(1000);
        assertThat(System.nanoTime() - handlerBusySince).as("measured while the handler was busy")
                .isLessThan(LATE_SALES_WAIT.toNanos());
        assertThat(watcher.failure).isNull();
        stream.cancel(null);

        // The cancellation itself still completes, once, with every booking refunded.
        ShowtimeCancellationTest.awaitAllCancelled(backend, cancelled, sold.size());
        ShowtimeCancellationTest.assertSettled(backend, fixture, sold);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> backend.count(marked) == 1);
    }

    /** Transactions on the server holding a transaction id for more than half a second. */
    private List<String> xidHolders() throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(backend.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid, state, left(query, 120) FROM pg_stat_activity WHERE backend_xid IS NOT NULL"
                     + " AND pid <> pg_backend_pid() AND now() - xact_start > interval '0.5 seconds'")) {
            while (rs.next()) found.add(rs.getInt(1) + " " + rs.getString(2) + ": " + rs.getString(3));
        }
        return found;
    }
}
