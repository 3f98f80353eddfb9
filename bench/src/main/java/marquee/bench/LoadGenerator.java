package marquee.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import marquee.reservations.v1.SeatStatus;

/**
 * Load generator for the booking core: buyers in flight against a running backend, printing
 * holds/s, answers/s, purchases/s, latency percentiles and the number of seats sold twice.
 *
 * <pre>java -jar bench/target/marquee-bench.jar [--target localhost:9090] [--scenario spread|contended|both]
 *      [--buyers 64] [--warmup 10] [--duration 30] [--purchase-share 0.5]</pre>
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        String target = options.getOrDefault("target", "localhost:9090");
        String scenario = options.getOrDefault("scenario", "both");
        int buyers = Integer.parseInt(options.getOrDefault("buyers", "64"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10")));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "30")));
        double purchaseShare = Double.parseDouble(options.getOrDefault("purchase-share", "0.5"));
        // --http http://host:3000: buyers go through the REST gateway (setup still uses gRPC at --target).
        String gateway = options.get("http");

        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            channels.add(NettyChannelBuilder.forTarget(target).usePlaintext().build());
        }
        BenchSetup setup = new BenchSetup(channels.get(0), options);
        System.out.printf(Locale.ROOT, "Marquee load generator: target %s, %d buyers, %d cores, %s%n",
                gateway == null ? target : gateway + " (HTTP gateway)", buyers, Runtime.getRuntime().availableProcessors(), Instant.now());
        String customerToken = setup.customerToken();
        if (scenario.equals("spread") || scenario.equals("both")) {
            List<BenchSetup.Show> shows = setup.spreadShowtimes();
            System.out.printf(Locale.ROOT, "%nspread: %d showtimes of %d seats, 1–4 seats per order, %.0f%% of holds bought, rest released%n",
                    shows.size(), shows.get(0).seats().size(), purchaseShare * 100);
            Run run = new Run(channels, customerToken, shows, purchaseShare, false, gateway);
            run.runFor(buyers, warmup, Duration.ZERO);
            run.reset();
            long elapsed = run.runFor(buyers, duration, Duration.ZERO);
            run.report("spread", elapsed);
        }
        if (scenario.equals("contended") || scenario.equals("both")) {
            BenchSetup.Show show = setup.contendedShowtime();
            System.out.printf(Locale.ROOT, "%ncontended: one showtime of %d seats, %d buyers until sold out, every hold bought%n",
                    show.seats().size(), buyers);
            Run run = new Run(channels, customerToken, List.of(show), 1.0, true, gateway);
            long elapsed = run.runFor(buyers, Duration.ofMinutes(10), Duration.ZERO);
            run.report("contended", elapsed);
            System.out.printf(Locale.ROOT, "  time to sell out: %.2f s%n", elapsed / 1e9);
            long free = ReservationsServiceGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(show.id()).build())
                    .getStatesList().stream().filter(s -> s.getStatus() == SeatStatus.SEAT_SOLD).count();
            System.out.printf(Locale.ROOT, "  seats shown SOLD by the seat map afterwards: %d of %d%n", free, show.seats().size());
        }
        channels.forEach(ManagedChannel::shutdownNow);
    }

    /** One measured run: buyers loop hold → (checkout | release) until the time is up or the show sells out. */
    static final class Run {
        private final List<ManagedChannel> channels;
        private final String token;
        private final List<BenchSetup.Show> shows;
        private final double purchaseShare;
        private final boolean untilSoldOut;
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

        Run(List<ManagedChannel> channels, String token, List<BenchSetup.Show> shows, double purchaseShare, boolean untilSoldOut,
            String gateway) {
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

        long runFor(int buyers, Duration duration, Duration unused) throws InterruptedException {
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

        void report(String name, long elapsedNanos) {
            double seconds = elapsedNanos / 1e9;
            System.out.printf(Locale.ROOT, "  %s over %.1f s:%n", name, seconds);
            System.out.printf(Locale.ROOT, "    holds/s          %8.1f  (%d holds)%n", holds.get() / seconds, holds.get());
            System.out.printf(Locale.ROOT, "    answers/s        %8.1f  (holds + %d \"seat taken\" refusals)%n",
                    (holds.get() + refusals.get()) / seconds, refusals.get());
            System.out.printf(Locale.ROOT, "    purchases/s      %8.1f  (%d hold → charge → confirm → tickets)%n",
                    purchases.get() / seconds, purchases.get());
            System.out.printf(Locale.ROOT, "    hold latency     p50 %.1f ms  p95 %.1f ms  p99 %.1f ms%n",
                    holdLatency.percentileMillis(50), holdLatency.percentileMillis(95), holdLatency.percentileMillis(99));
            System.out.printf(Locale.ROOT, "    purchase latency p50 %.1f ms  p95 %.1f ms  p99 %.1f ms%n",
                    purchaseLatency.percentileMillis(50), purchaseLatency.percentileMillis(95), purchaseLatency.percentileMillis(99));
            System.out.printf(Locale.ROOT, "    errors           %d%n", errors.get());
            System.out.printf(Locale.ROOT, "    seats sold twice %d%n", soldTwice.get());
        }
    }
}
