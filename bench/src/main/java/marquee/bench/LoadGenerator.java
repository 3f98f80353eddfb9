package marquee.bench;

import com.google.gson.GsonBuilder;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatStatus;

/**
 * The booking hot path measured in one run against pgbench on the same PostgreSQL: pgbench -N,
 * the phases (hold-only spread, spread purchase, contended sell-out, open loop at a fixed rate,
 * optionally purchases over HTTP and live seat-map delay across instances), pgbench -N again.
 * Every figure is printed with its ratio to the pgbench TPS, and written as JSON.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            System.err.println("marquee-bench: " + e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return;
        }
        if (options.has("help")) {
            System.out.print(Options.usage());
            return;
        }
        try {
            System.exit(new LoadGenerator.RunAll(options).run());
        } catch (Options.UsageException e) {
            System.err.println("marquee-bench: " + e.getMessage());
            System.exit(2);
        }
    }

    /** One benchmark run: its options, channels and the figures it collects. */
    static final class RunAll {
        private final Options options;
        private final Map<String, Object> json = new LinkedHashMap<>();
        private final Map<String, Object> phases = new LinkedHashMap<>();
        private final List<String> summary = new ArrayList<>();
        private double baselineTps = Double.NaN;
        private double holdOnlyRate = Double.NaN;
        private double grpcPurchaseRate = Double.NaN;

        RunAll(Options options) {
            this.options = options;
        }

        int run() throws Exception {
            String target = options.get("target");
            int buyers = options.integer("buyers");
            Duration warmup = Duration.ofSeconds(options.integer("warmup"));
            Duration duration = Duration.ofSeconds(options.integer("duration"));
            json.put("started", Instant.now().toString());
            json.put("machine", Machine.describe());
            json.put("target", target);
            json.put("buyers", buyers);
            json.put("durationSeconds", duration.toSeconds());
            System.out.printf(Locale.ROOT, "marquee-bench: target %s, %d buyers, phases %s, %s%n", target, buyers,
                    String.join(",", options.phases()), Instant.now());
            System.out.printf(Locale.ROOT, "machine: %s%n", Machine.describe());

            List<ManagedChannel> channels = new ArrayList<>();
            for (int i = 0; i < 4; i++) channels.add(NettyChannelBuilder.forTarget(target).usePlaintext().build());
            try {
                Optional<Pgbench> pgbench = Pgbench.locate(options);
                Pgbench.Result before = null;
                if (pgbench.isPresent()) {
                    System.out.printf(Locale.ROOT, "%nbaseline before: %s%n", pgbench.get().describe());
                    before = pgbench.get().run();
                    baselineTps = before.tps();
                    System.out.printf(Locale.ROOT, "  %.0f TPS, average latency %.1f ms; %s%n", before.tps(), before.averageLatencyMillis(), before.settings());
                    json.put("pgbenchBefore", before);
                }
                BenchSetup setup = new BenchSetup(channels.get(0), options);
                String token = setup.customerToken();
                List<BenchSetup.Show> spread = null;
                for (String phase : options.phases()) {
                    if ((phase.equals("purchase") || phase.equals("open") || phase.equals("http-purchase"))
                            && spread == null) {
                        spread = setup.spreadShowtimes(options.integer("showtimes"));
                    }
                    switch (phase) {
                        case "hold" -> holdPhase(channels, token, setup, buyers, warmup, duration);
                        case "purchase" -> purchasePhase("purchase", channels, token, spread, buyers, warmup, duration, null);
                        // Showtimes of its own: the open phase leaves holds behind (answers that came too late to release).
                        case "http-purchase" -> purchasePhase("http-purchase", channels, token, setup.spreadShowtimes(options.integer("showtimes")),
                                buyers, warmup, duration, options.get("http"));
                        case "contended" -> contendedPhase(channels, token, setup.contendedShowtime(), buyers);
                        case "contended-hold" -> contendedHoldPhase(channels, token, setup, buyers);
                        case "open" -> openPhase("open", channels, token, spread, duration,
                                options.has("rate") ? options.decimal("rate") : Double.isNaN(baselineTps) ? 100 : baselineTps / 2);
                        case "open-capacity" -> {
                            if (Double.isNaN(holdOnlyRate)) throw new Options.UsageException("the open-capacity phase needs the hold phase before it");
                            openPhase("open-capacity", channels, token, setup.spreadShowtimes(options.integer("showtimes")), duration,
                                    holdOnlyRate / 2);
                        }
                        case "watch" -> watchPhase(channels.get(0), token, setup.contendedShowtime());
                        default -> throw new IllegalStateException(phase);
                    }
                }
                if (pgbench.isPresent()) {
                    System.out.printf(Locale.ROOT, "%nbaseline after: %s%n", pgbench.get().describe());
                    Pgbench.Result after = pgbench.get().run();
                    System.out.printf(Locale.ROOT, "  %.0f TPS, average latency %.1f ms%n", after.tps(), after.averageLatencyMillis());
                    json.put("pgbenchAfter", after);
                    // The higher of the two is the stricter baseline for "≥ n × pgbench".
                    baselineTps = Math.max(before.tps(), after.tps());
                    json.put("pgbenchBaselineTps", baselineTps);
                    System.out.printf(Locale.ROOT, "  ratios below use the higher baseline, %.0f TPS (before %.0f, after %.0f)%n",
                            baselineTps, before.tps(), after.tps());
                }
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
            }
            json.put("phases", phases);
            json.put("loadAfter", Machine.loadAverage());
            System.out.printf(Locale.ROOT, "%nsummary (load average %s):%n", Machine.loadAverage());
            summarise();
            summary.forEach(line -> System.out.println("  " + line));
            json.put("summary", summary);
            Path out = Path.of(options.get("json"));
            Files.writeString(out, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json),
                    StandardCharsets.UTF_8);
            System.out.println("JSON: " + out.toAbsolutePath());
            long soldTwice = phases.values().stream().filter(Map.class::isInstance).map(Map.class::cast)
                    .mapToLong(p -> p.get("soldTwice") instanceof Long l ? l : 0).sum();
            return soldTwice == 0 ? 0 : 1;
        }

        /**
         * Holds that are kept, as customers choosing seats do: one hold call per count. The phase gets showtimes of its own,
         * enough for its expected holds (the pgbench rate, or 2,000/s without a baseline) with room to spare, so that seats
         * never run out and no release is mixed into the figure.
         */
        private void holdPhase(List<ManagedChannel> channels, String token, BenchSetup setup, int buyers,
                               Duration warmup, Duration duration) throws InterruptedException, Options.UsageException {
            double expectedRate = Double.isNaN(baselineTps) ? 2_000 : baselineTps;
            double seatsNeeded = expectedRate * (warmup.toSeconds() + duration.toSeconds()) * AVERAGE_SEATS_PER_HOLD * 2;
            int count = Math.max(options.integer("showtimes"), (int) Math.ceil(seatsNeeded / 1_000));
            List<BenchSetup.Show> shows = setup.spreadShowtimes(count);
            System.out.printf(Locale.ROOT, "%nhold: %d showtimes × 1,000 seats of its own, 1–4 seats per hold, holds kept%n", shows.size());
            ClosedLoop loop = new ClosedLoop(channels, token, shows, 0.0, false, null, false);
            loop.runFor(buyers, warmup);
            loop.reset();
            ClosedLoop.Result result = loop.result(loop.runFor(buyers, duration));
            holdOnlyRate = result.holdsPerSecond();
            record("hold", result);
            long started = System.nanoTime();
            int released = loop.releaseKept(16);
            System.out.printf(Locale.ROOT, "    released the phase's %d kept holds afterwards (unmeasured, %.1f s)%n", released,
                    (System.nanoTime() - started) / 1e9);
        }

        private static final double AVERAGE_SEATS_PER_HOLD = 2.5;

        private void purchasePhase(String name, List<ManagedChannel> channels, String token, List<BenchSetup.Show> shows, int buyers,
                                   Duration warmup, Duration duration, String gateway) throws InterruptedException {
            System.out.printf(Locale.ROOT, "%n%s: every hold bought (hold + checkout)%s, spread over %d showtimes%n", name,
                    gateway == null ? "" : " over HTTP at " + gateway, shows.size());
            ClosedLoop loop = new ClosedLoop(channels, token, shows, 1.0, false, gateway);
            loop.runFor(buyers, warmup);
            loop.reset();
            ClosedLoop.Result result = loop.result(loop.runFor(buyers, duration));
            if (gateway == null) grpcPurchaseRate = result.purchasesPerSecond();
            record(name, result);
        }

        private void contendedPhase(List<ManagedChannel> channels, String token, BenchSetup.Show show, int buyers) throws InterruptedException {
            System.out.printf(Locale.ROOT, "%ncontended: one showtime of %d seats sold out by %d buyers, every hold bought%n",
                    show.seats().size(), buyers);
            ClosedLoop loop = new ClosedLoop(channels, token, List.of(show), 1.0, true, null);
            ClosedLoop.Result result = loop.result(loop.runFor(buyers, Duration.ofMinutes(10)));
            Map<String, Object> figures = record("contended", result);
            long sold = ReservationsServiceGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(show.id()).build())
                    .getStatesList().stream().filter(s -> s.getStatus() == SeatStatus.SEAT_SOLD).count();
            figures.put("sellOutSeconds", result.seconds());
            figures.put("seatsSoldAfterwards", sold);
            System.out.printf(Locale.ROOT, "    sold out in %.2f s; the seat map shows %d of %d seats SOLD%n", result.seconds(), sold, show.seats().size());
        }

        /**
         * Contention alone, without the cost of paying: one 1,000-seat showtime at a time filled by every buyer with holds
         * that are kept, then the next, as in the hold-only phase but with all buyers on the same seats; the figure is
         * comparable with the hold-only rate. One showtime fills in well under a second, so several are filled in a row.
         */
        private void contendedHoldPhase(List<ManagedChannel> channels, String token, BenchSetup setup, int buyers)
                throws InterruptedException, Options.UsageException {
            int showtimes = options.integer("contended-showtimes");
            System.out.printf(Locale.ROOT, "%ncontended-hold: %d showtimes of 1,000 seats, each filled by %d buyers with holds kept, one after another%n",
                    showtimes, buyers);
            ClosedLoop warm = new ClosedLoop(channels, token, List.of(setup.contendedShowtime()), 0.0, true, null, false);
            warm.runFor(buyers, Duration.ofMinutes(2));
            warm.releaseKept(16);
            long holds = 0, refusals = 0, errors = 0, nanos = 0;
            Latencies latency = new Latencies();
            for (int i = 0; i < showtimes; i++) {
                ClosedLoop loop = new ClosedLoop(channels, token, List.of(setup.contendedShowtime()), 0.0, true, null, false);
                ClosedLoop.Result one = loop.result(loop.runFor(buyers, Duration.ofMinutes(2)));
                loop.releaseKept(16);
                holds += one.holds();
                refusals += one.refusals();
                errors += one.errors();
                nanos += (long) (one.seconds() * 1e9);
                latency.addAll(one.holdLatency());
            }
            record("contended-hold", new ClosedLoop.Result(nanos / 1e9, holds, refusals, 0, errors, 0, latency, new Latencies()));
        }

        private void openPhase(String name, List<ManagedChannel> channels, String token, List<BenchSetup.Show> shows, Duration duration,
                               double rate) throws InterruptedException {
            System.out.printf(Locale.ROOT, "%n%s: holds offered at %.0f/s for %d s (released at once), latency from each hold's due time%n",
                    name, rate, duration.toSeconds());
            OpenLoop.Result result = new OpenLoop(channels, token, shows).run(rate, duration);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("offeredPerSecond", result.offeredRate());
            figures.put("answeredPerSecond", result.achievedRate());
            figures.put("sent", result.sent());
            figures.put("holds", result.holds());
            figures.put("refusals", result.refusals());
            figures.put("errors", result.errors());
            figures.put("lateSends", result.lateSends());
            figures.put("holdLatencyMillis", percentiles(result.latency()));
            phases.put(name, figures);
            System.out.printf(Locale.ROOT, "    answered %.0f/s of %.0f/s offered (%d holds, %d seat-taken refusals, %d errors, %d sends late)%n",
                    result.achievedRate(), result.offeredRate(), result.holds(), result.refusals(), result.errors(), result.lateSends());
            System.out.printf(Locale.ROOT, "    hold latency p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", result.latency().percentileMillis(50),
                    result.latency().percentileMillis(99), result.latency().percentileMillis(100));
        }

        private void watchPhase(ManagedChannel holdAt, String token, BenchSetup.Show show) throws InterruptedException, Options.UsageException {
            String watchTarget = options.has("watch-target") ? options.get("watch-target") : options.get("target");
            int watchers = options.integer("watchers");
            System.out.printf(Locale.ROOT, "%nwatch: %d watchers on %s, single-seat holds at %s, one every 50 ms%n", watchers, watchTarget,
                    options.get("target"));
            ManagedChannel watchAt = NettyChannelBuilder.forTarget(watchTarget).usePlaintext().build();
            try {
                WatchPhase.Result result = new WatchPhase(holdAt, watchAt, token).run(show, watchers, 100, 50);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("watchTarget", watchTarget);
                figures.put("watchers", result.watchers());
                figures.put("holds", result.holds());
                figures.put("samples", result.samples());
                figures.put("missing", result.missing());
                figures.put("delayMillis", percentiles(result.delay()));
                phases.put("watch", figures);
                System.out.printf(Locale.ROOT, "    %d deliveries (%d missing): delay p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", result.samples(),
                        result.missing(), result.delay().percentileMillis(50), result.delay().percentileMillis(99), result.delay().percentileMillis(100));
            } finally {
                watchAt.shutdownNow();
            }
        }

        private Map<String, Object> record(String name, ClosedLoop.Result result) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seconds", result.seconds());
            figures.put("holdsPerSecond", result.holdsPerSecond());
            figures.put("answersPerSecond", result.answersPerSecond());
            figures.put("purchasesPerSecond", result.purchasesPerSecond());
            figures.put("holds", result.holds());
            figures.put("refusals", result.refusals());
            figures.put("purchases", result.purchases());
            figures.put("errors", result.errors());
            figures.put("soldTwice", result.soldTwice());
            figures.put("holdLatencyMillis", percentiles(result.holdLatency()));
            figures.put("purchaseLatencyMillis", percentiles(result.purchaseLatency()));
            phases.put(name, figures);
            System.out.printf(Locale.ROOT, "    %.1f s: %.1f holds/s, %.1f answers/s (%d seat-taken refusals), %.1f purchases/s%n",
                    result.seconds(), result.holdsPerSecond(), result.answersPerSecond(), result.refusals(), result.purchasesPerSecond());
            System.out.printf(Locale.ROOT, "    hold p50 %.1f / p99 %.1f ms, purchase p50 %.1f / p99 %.1f ms, %d errors, %d seats sold twice%n",
                    result.holdLatency().percentileMillis(50), result.holdLatency().percentileMillis(99),
                    result.purchaseLatency().percentileMillis(50), result.purchaseLatency().percentileMillis(99), result.errors(), result.soldTwice());
            return figures;
        }

        @SuppressWarnings("unchecked")
        private void summarise() {
            Map<String, Object> ratios = new LinkedHashMap<>();
            Map<String, Object> hold = (Map<String, Object>) phases.get("hold");
            Map<String, Object> purchase = (Map<String, Object>) phases.get("purchase");
            Map<String, Object> contended = (Map<String, Object>) phases.get("contended");
            Map<String, Object> open = (Map<String, Object>) phases.get("open");
            Map<String, Object> http = (Map<String, Object>) phases.get("http-purchase");
            Map<String, Object> watch = (Map<String, Object>) phases.get("watch");
            if (hold != null) ratio(ratios, "holds/s (hold-only spread) ÷ pgbench TPS", (double) hold.get("holdsPerSecond"), baselineTps, 1.0);
            if (purchase != null) ratio(ratios, "purchases/s (spread) ÷ pgbench TPS", (double) purchase.get("purchasesPerSecond"), baselineTps, 0.25);
            Map<String, Object> contendedHold = (Map<String, Object>) phases.get("contended-hold");
            if (contendedHold != null && hold != null) {
                ratio(ratios, "holds/s (contended, 1,000-seat showtimes filled with kept holds) ÷ hold-only holds/s",
                        (double) contendedHold.get("holdsPerSecond"), holdOnlyRate, 0.8);
            }
            if (contended != null && hold != null) {
                ratio(ratios, "holds/s (contended sell-out, every hold bought) ÷ hold-only holds/s", (double) contended.get("holdsPerSecond"),
                        holdOnlyRate, 0.8);
            }
            if (contended != null && purchase != null) {
                ratio(ratios, "purchases/s (contended sell-out) ÷ spread purchases/s", (double) contended.get("purchasesPerSecond"),
                        (double) purchase.get("purchasesPerSecond"), 0.8);
            }
            if (http != null && purchase != null) {
                ratio(ratios, "purchases/s over HTTP ÷ over gRPC", (double) http.get("purchasesPerSecond"), grpcPurchaseRate, 0.7);
            }
            if (open != null) {
                double p99 = ((Map<String, Double>) open.get("holdLatencyMillis")).get("p99");
                summary.add(String.format(Locale.ROOT, "open-loop hold p99 %.1f ms at %.0f/s offered (target < 20 ms): %s", p99,
                        (double) open.get("offeredPerSecond"), p99 < 20 ? "met" : "missed"));
            }
            Map<String, Object> openCapacity = (Map<String, Object>) phases.get("open-capacity");
            if (openCapacity != null) {
                Map<String, Double> latency = (Map<String, Double>) openCapacity.get("holdLatencyMillis");
                summary.add(String.format(Locale.ROOT, "open-loop hold p50 %.1f / p99 %.1f ms at %.0f/s offered (half the hold-only rate measured)",
                        latency.get("p50"), latency.get("p99"), (double) openCapacity.get("offeredPerSecond")));
            }
            if (watch != null) {
                double p99 = ((Map<String, Double>) watch.get("delayMillis")).get("p99");
                summary.add(String.format(Locale.ROOT, "seat change to a watcher p99 %.1f ms (target < 100 ms): %s", p99, p99 < 100 ? "met" : "missed"));
            }
            long soldTwice = phases.values().stream().map(p -> (Map<String, Object>) p)
                    .mapToLong(p -> p.get("soldTwice") instanceof Long l ? l : 0).sum();
            long errors = phases.values().stream().map(p -> (Map<String, Object>) p)
                    .mapToLong(p -> p.get("errors") instanceof Long l ? l : 0).sum();
            summary.add("seats sold twice: " + soldTwice + ", errors: " + errors);
            json.put("ratios", ratios);
        }

        private void ratio(Map<String, Object> ratios, String name, double value, double base, double target) {
            if (Double.isNaN(base)) {
                summary.add(String.format(Locale.ROOT, "%s: %.1f (no baseline)", name, value));
                return;
            }
            double ratio = value / base;
            ratios.put(name, ratio);
            summary.add(String.format(Locale.ROOT, "%s: %.1f ÷ %.1f = %.3f × (target ≥ %.2f ×): %s", name, value, base, ratio, target,
                    ratio >= target ? "met" : "missed"));
        }

        private static Map<String, Double> percentiles(Latencies latencies) {
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("p50", latencies.percentileMillis(50));
            result.put("p95", latencies.percentileMillis(95));
            result.put("p99", latencies.percentileMillis(99));
            result.put("max", latencies.percentileMillis(100));
            return result;
        }
    }

    /** What the figures were measured on. */
    static final class Machine {
        private Machine() {}

        static Map<String, Object> describe() {
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("cores", Runtime.getRuntime().availableProcessors());
            machine.put("cpu", cpuModel());
            machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            machine.put("loadAverage", loadAverage());
            return machine;
        }

        static String loadAverage() {
            try {
                String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return fields[0] + " " + fields[1] + " " + fields[2];
            } catch (IOException e) {
                return "unknown";
            }
        }

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
