package marquee.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import marquee.common.v1.TicketType;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;

/**
 * Holds offered at a fixed rate, whatever the backend's answers do: request i is due at
 * start + i / rate, and its latency is measured from that due time, not from when it was sent.
 * A closed loop of buyers slows down with the server and hides queueing (coordinated omission);
 * this is what a crowd of independent customers sees. Each hold is released when it answers.
 */
final class OpenLoop {
    record Result(double offeredRate, double achievedRate, long sent, long holds, long refusals, long errors, long lateSends,
                  Latencies latency) {}

    private final List<ManagedChannel> channels;
    private final String token;
    private final List<BenchSetup.Show> shows;

    OpenLoop(List<ManagedChannel> channels, String token, List<BenchSetup.Show> shows) {
        this.channels = channels;
        this.token = token;
        this.shows = shows;
    }

    Result run(double rate, Duration duration) throws InterruptedException {
        Latencies latency = new Latencies();
        AtomicLong holds = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        long lateSends = 0;
        long intervalNanos = (long) (1e9 / rate);
        long total = (long) (rate * duration.toSeconds());
        var stubs = channels.stream().map(c -> ReservationsServiceGrpc.newFutureStub(c).withCallCredentials(new Bearer(token))).toList();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            else if (wait < -TimeUnit.MILLISECONDS.toNanos(1)) lateSends++;
            BenchSetup.Show show = shows.get(random.nextInt(shows.size()));
            List<String> row = show.rows().get(random.nextInt(show.rows().size()));
            int count = 1 + random.nextInt(4);
            int first = random.nextInt(row.size() - count + 1);
            HoldSeatsRequest.Builder request = HoldSeatsRequest.newBuilder().setShowtimeId(show.id())
                    .setIdempotencyKey(UUID.randomUUID().toString());
            row.subList(first, first + count).forEach(seat -> request.addSeats(
                    SeatSelection.newBuilder().setSeatId(seat).setTicketType(TicketType.ADULT)));
            var stub = stubs.get((int) (i % stubs.size()));
            inFlight.incrementAndGet();
            Futures.addCallback(stub.withDeadlineAfter(30, TimeUnit.SECONDS).holdSeats(request.build()), new FutureCallback<Booking>() {
                @Override
                public void onSuccess(Booking hold) {
                    latency.record(System.nanoTime() - due);
                    holds.incrementAndGet();
                    inFlight.decrementAndGet();
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build());
                }

                @Override
                public void onFailure(Throwable failure) {
                    latency.record(System.nanoTime() - due);
                    inFlight.decrementAndGet();
                    Status.Code code = Status.fromThrowable(failure).getCode();
                    if (code == Status.Code.FAILED_PRECONDITION || code == Status.Code.ABORTED) refusals.incrementAndGet();
                    else errors.incrementAndGet();
                }
            }, MoreExecutors.directExecutor());
        }
        long sendEnd = System.nanoTime();
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) Thread.sleep(10);
        double seconds = (sendEnd - start) / 1e9;
        return new Result(rate, (holds.get() + refusals.get()) / Math.max(seconds, 1e-9), total, holds.get(), refusals.get(),
                errors.get() + inFlight.get(), lateSends, latency);
    }
}
