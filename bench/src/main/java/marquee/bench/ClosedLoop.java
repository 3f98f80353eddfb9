package marquee.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import marquee.common.v1.TicketType;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;

/**
 * Buyers in a closed loop: each buyer holds → (checkout | release | keep) → next, until the time is up or the show sells out.
 * A kept hold is what "hold-only" measures: one hold call per count, on showtimes with enough seats that none runs out.
 */
final class ClosedLoop {
    private final List<ManagedChannel> channels;
    private final String token;
    private final List<BenchSetup.Show> shows;
    private final double purchaseShare;
    private final boolean untilSoldOut;
    private final boolean releaseUnbought;
    private final Latencies holdLatency = new Latencies();
    private final Latencies purchaseLatency = new Latencies();
    private final AtomicLong holds = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong purchases = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, String> soldTo = new ConcurrentHashMap<>();
    private final AtomicLong soldTwice = new AtomicLong();
    private final Map<String, Set<String>> believedTaken = new ConcurrentHashMap<>();
    private final AtomicBoolean soldOut = new AtomicBoolean();

    private final HttpBuyer http;
    /** Holds kept (neither bought nor released), to give back after the phase: see {@link #releaseKept}. */
    private final java.util.Queue<String> kept = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ClosedLoop(List<ManagedChannel> channels, String token, List<BenchSetup.Show> shows, double purchaseShare, boolean untilSoldOut,
        String gateway) {
        this(channels, token, shows, purchaseShare, untilSoldOut, gateway, true);
    }

    ClosedLoop(List<ManagedChannel> channels, String token, List<BenchSetup.Show> shows, double purchaseShare, boolean untilSoldOut,
        String gateway, boolean releaseUnbought) {
        this.releaseUnbought = releaseUnbought;
        this.http = gateway == null ? null : new HttpBuyer(gateway, token);
        this.channels = channels;
        this.token = token;
        this.shows = shows;
        this.purchaseShare = purchaseShare;
        this.untilSoldOut = untilSoldOut;
    }

    void reset() {
        holdLatency.clear();
        purchaseLatency.clear();
        holds.set(0);
        refusals.set(0);
        purchases.set(0);
        errors.set(0);
    }

    long runFor(int buyers, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < buyers; i++) {
            ManagedChannel channel = channels.get(i % channels.size());
            Thread thread = new Thread(() -> buyLoop(channel, deadline), "buyer-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        return System.nanoTime() - started;
    }

    private void buyLoop(ManagedChannel channel, long deadline) {
        var stub = ReservationsServiceGrpc.newBlockingStub(channel).withCallCredentials(new Bearer(token));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline && !soldOut.get()) {
            BenchSetup.Show show = shows.get(random.nextInt(shows.size()));
            List<String> seats = pickSeats(show, 1 + random.nextInt(4), random);
            if (seats.isEmpty()) {
                if (untilSoldOut) soldOut.set(true);
                continue;
            }
            HoldSeatsRequest.Builder request = HoldSeatsRequest.newBuilder().setShowtimeId(show.id())
                    .setIdempotencyKey(java.util.UUID.randomUUID().toString());
            seats.forEach(seat -> request.addSeats(SeatSelection.newBuilder().setSeatId(seat).setTicketType(TicketType.ADULT)));
            long t0 = System.nanoTime();
            marquee.reservations.v1.Booking hold;
            try {
                hold = http != null ? http.hold(request.build())
                        : stub.withDeadlineAfter(10, TimeUnit.SECONDS).holdSeats(request.build());
                holdLatency.record(System.nanoTime() - t0);
                holds.incrementAndGet();
            } catch (StatusRuntimeException e) {
                holdLatency.record(System.nanoTime() - t0);
                if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION || e.getStatus().getCode() == Status.Code.ABORTED) {
                    refusals.incrementAndGet();
                    believedTaken.computeIfAbsent(show.id(), k -> ConcurrentHashMap.newKeySet()).addAll(seats);
                    if (untilSoldOut) refreshFromSeatMap(stub, show);
                } else {
                    errors.incrementAndGet();
                }
                continue;
            }
            believedTaken.computeIfAbsent(show.id(), k -> ConcurrentHashMap.newKeySet()).addAll(seats);
            if (random.nextDouble() < purchaseShare) {
                try {
                    CheckoutRequest checkout = CheckoutRequest.newBuilder()
                            .setBookingId(hold.getId()).setIdempotencyKey(java.util.UUID.randomUUID().toString())
                            .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder()
                                    .setNumber("4242424242424242").setExpiryMonth(12).setExpiryYear(2030).setCvc("123")))
                            .build();
                    var result = http != null ? http.checkout(checkout)
                            : stub.withDeadlineAfter(30, TimeUnit.SECONDS).checkout(checkout);
                    purchaseLatency.record(System.nanoTime() - t0);
                    if (result.getOutcome() == CheckoutOutcome.COMPLETED) {
                        purchases.incrementAndGet();
                        for (String seat : seats) {
                            if (soldTo.putIfAbsent(show.id() + "/" + seat, hold.getId()) != null) soldTwice.incrementAndGet();
                        }
                    }
                } catch (StatusRuntimeException e) {
                    errors.incrementAndGet();
                }
            } else if (!releaseUnbought) {
                kept.add(hold.getId());
            } else {
                try {
                    if (http != null) http.release(hold.getId());
                    else stub.withDeadlineAfter(10, TimeUnit.SECONDS).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build());
                    believedTaken.get(show.id()).removeAll(seats);
                } catch (StatusRuntimeException e) {
                    errors.incrementAndGet();
                }
            }
        }
    }

    /**
     * Releases every hold this loop kept, outside any measurement. Left alone they would expire
     * (8 minutes by default) in the middle of a later phase or run, and the backend's hold sweeper
     * would take its share of the machine then.
     */
    int releaseKept(int threads) throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ManagedChannel channel = channels.get(i % channels.size());
            Thread worker = new Thread(() -> {
                var stub = ReservationsServiceGrpc.newBlockingStub(channel).withCallCredentials(new Bearer(token));
                for (String id = kept.poll(); id != null; id = kept.poll()) {
                    try {
                        stub.withDeadlineAfter(10, TimeUnit.SECONDS).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(id).build());
                        released.incrementAndGet();
                    } catch (StatusRuntimeException e) {
                        // expired meanwhile, or the backend is stopping: the sweeper has it
                    }
                }
            }, "release-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) worker.join();
        return released.get();
    }

    private void refreshFromSeatMap(ReservationsServiceGrpc.ReservationsServiceBlockingStub stub, BenchSetup.Show show) {
        var map = stub.withDeadlineAfter(10, TimeUnit.SECONDS).getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(show.id()).build());
        Set<String> taken = ConcurrentHashMap.newKeySet();
        map.getStatesList().forEach(s -> taken.add(s.getSeatId()));
        believedTaken.put(show.id(), taken);
    }

    /** Adjacent seats in one row that this buyer believes free (others may have taken them meanwhile). */
    private List<String> pickSeats(BenchSetup.Show show, int count, ThreadLocalRandom random) {
        Set<String> taken = believedTaken.getOrDefault(show.id(), Set.of());
        List<List<String>> rows = show.rows();
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> row = rows.get(random.nextInt(rows.size()));
            int start = random.nextInt(Math.max(1, row.size() - count + 1));
            List<String> seats = row.subList(start, Math.min(row.size(), start + count));
            if (seats.stream().noneMatch(taken::contains)) return new ArrayList<>(seats);
        }
        // Few seats left: any free seat at all, in row order.
        for (List<String> row : rows) {
            for (String seat : row) {
                if (!taken.contains(seat)) return List.of(seat);
            }
        }
        return List.of();
    }

    /** The figures of the last {@link #runFor} (after a {@link #reset}, the measured part only). */
    Result result(long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        return new Result(seconds, holds.get(), refusals.get(), purchases.get(), errors.get(), soldTwice.get(),
                holdLatency, purchaseLatency);
    }

    record Result(double seconds, long holds, long refusals, long purchases, long errors, long soldTwice,
                  Latencies holdLatency, Latencies purchaseLatency) {
        double holdsPerSecond() {
            return holds / seconds;
        }

        double answersPerSecond() {
            return (holds + refusals) / seconds;
        }

        double purchasesPerSecond() {
            return purchases / seconds;
        }
    }
}
