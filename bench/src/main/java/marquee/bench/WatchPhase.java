package marquee.bench;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import marquee.common.v1.TicketType;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SeatStatus;
import marquee.reservations.v1.WatchSeatMapRequest;

/**
 * Live seat map across instances: {@code watchers} streams on one instance watch a fresh
 * showtime while single-seat holds are made, one every {@code spacing}, on another; each
 * watcher's delay from the hold being sent to the seat arriving as held is one sample.
 */
final class WatchPhase {
    record Result(int watchers, int holds, long samples, long missing, Latencies delay) {}

    private final ManagedChannel holdAt;
    private final ManagedChannel watchAt;
    private final String token;

    WatchPhase(ManagedChannel holdAt, ManagedChannel watchAt, String token) {
        this.holdAt = holdAt;
        this.watchAt = watchAt;
        this.token = token;
    }

    Result run(BenchSetup.Show show, int watchers, int holds, long spacingMillis) throws InterruptedException {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies delay = new Latencies();
        AtomicLong samples = new AtomicLong();
        CountDownLatch snapshots = new CountDownLatch(watchers);
        var watchStub = ReservationsServiceGrpc.newStub(watchAt).withCallCredentials(new Bearer(token));
        List<io.grpc.Context.CancellableContext> streams = new java.util.ArrayList<>();
        for (int w = 0; w < watchers; w++) {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
            streams.add(context);
            context.run(() -> watchStub.watchSeatMap(WatchSeatMapRequest.newBuilder().setShowtimeId(show.id()).build(),
                    new StreamObserver<SeatMapEvent>() {
                        @Override
                        public void onNext(SeatMapEvent event) {
                            long now = System.nanoTime();
                            if (event.getSnapshot()) {
                                snapshots.countDown();
                                return;
                            }
                            event.getChangesList().forEach(change -> {
                                Long sent = sentAt.get(change.getSeatId());
                                if (sent != null && change.getStatus() == SeatStatus.SEAT_HELD && seen.add(change.getSeatId())) {
                                    delay.record(now - sent);
                                    samples.incrementAndGet();
                                }
                            });
                        }

                        @Override
                        public void onError(Throwable t) {
                            snapshots.countDown();
                        }

                        @Override
                        public void onCompleted() {}
                    }));
        }
        if (!snapshots.await(60, TimeUnit.SECONDS)) System.out.println("    (not every watcher got its snapshot within 60 s)");
        var holdStub = ReservationsServiceGrpc.newBlockingStub(holdAt).withCallCredentials(new Bearer(token));
        List<String> seats = show.seats();
        int made = 0;
        for (int i = 0; i < holds && i < seats.size(); i++) {
            String seat = seats.get(i);
            sentAt.put(seat, System.nanoTime());
            holdStub.withDeadlineAfter(10, TimeUnit.SECONDS).holdSeats(HoldSeatsRequest.newBuilder().setShowtimeId(show.id())
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .addSeats(SeatSelection.newBuilder().setSeatId(seat).setTicketType(TicketType.ADULT)).build());
            made++;
            Thread.sleep(spacingMillis);
        }
        long expected = (long) made * watchers;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (samples.get() < expected && System.nanoTime() < deadline) Thread.sleep(20);
        streams.forEach(c -> c.cancel(null));
        return new Result(watchers, made, samples.get(), expected - samples.get(), delay);
    }
}
