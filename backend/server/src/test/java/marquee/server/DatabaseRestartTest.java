package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.movies.v1.Showtime;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.platform.db.EmbeddedPostgresServer;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestTokens;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.CheckoutResult;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL restart during a sales run is a pause, not an error: 32 buyers hold and check out
 * against one all-in-one backend on a real (external) PostgreSQL that is stopped for 12 s and
 * started again mid-run. Every refusal must be UNAVAILABLE (retryable) — never INTERNAL, never NOT_FOUND —
 * and a buyer retrying with the same idempotency key once the database is back gets the final
 * answer at once (the reconciler is set far away, so it cannot be what finishes them). Afterwards
 * every booking is sold and its money is exactly its price.
 */
class DatabaseRestartTest {
    private static final Logger log = LoggerFactory.getLogger(DatabaseRestartTest.class);
    private static final int BUYERS = 32;
    private static final int PURCHASES = 4;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Longer than the pool's 10 s wait, so the server answers before the client gives up. */
    private static final long CALL_DEADLINE_SECONDS = 20;

    private final Map<Status.Code, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusalsByRpc = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Instant> databaseBack = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Duration> finishedAfterBack = new ConcurrentLinkedQueue<>();

    @Test
    void everyCallDuringARestartAnswersUnavailableAndRetriesFinishEveryPurchase() throws Exception {
        Path dir = Files.createTempDirectory("marquee-db-restart");
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
        int pgPort = postgres.port();
        Config config = Config.withOverrides(Map.of(
                "marquee.data.dir", dir.resolve("data").toString(),
                "marquee.port", "0",
                "marquee.metrics.port", "-1",
                "marquee.db.url", postgres.jdbcUrl("postgres"),
                "marquee.db.user", "postgres",
                "marquee.users.bcrypt.strength", "4",
                // The reconciler must not be what finishes a cut checkout here: only the buyer's retry may.
                "marquee.reservations.reconcile.interval", "PT10M",
                "marquee.reservations.reconcile.after", "PT10M"));
        BackendRuntime backend = Backends.startAllInOne(config, BackendRuntime.StartupListener.NONE);
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", backend.port()).usePlaintext().build();
        ExecutorService buyers = Executors.newFixedThreadPool(BUYERS);
        try {
            TestTokens tokens = new TestTokens(dir.resolve("data").resolve("keys"));
            Showtime showtime = showtime(channel, tokens.manager());
            AtomicInteger purchases = new AtomicInteger();
            List<Future<List<CheckoutResult>>> runs = new ArrayList<>();
            for (int b = 0; b < BUYERS; b++) {
                int buyer = b;
                String token = tokens.customer();
                runs.add(buyers.submit(() -> buy(channel, token, showtime, buyer, purchases)));
            }

            // Restart PostgreSQL once about a quarter of the purchases are done.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (purchases.get() < BUYERS * PURCHASES / 4 && System.nanoTime() < until) Thread.sleep(5);
            log.info("Stopping PostgreSQL after {} purchases", purchases.get());
            postgres.close();
            // Longer than the pool's 10 s wait: calls waiting for a connection fail too, not only those cut mid-statement.
            Thread.sleep(12_000);
            postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
            databaseBack.set(Instant.now());
            log.info("PostgreSQL is back");

            List<CheckoutResult> results = new ArrayList<>();
            for (Future<List<CheckoutResult>> run : runs) results.addAll(run.get(4, TimeUnit.MINUTES));

            log.info("Refusals seen: {}; finished after the database was back: {}", refusalsByRpc, finishedAfterBack);
            assertThat(unexpected).as("answers other than UNAVAILABLE during the restart").isEmpty();
            assertThat(refusals.keySet()).as("codes seen").isSubsetOf(Status.Code.UNAVAILABLE);
            assertThat(results).hasSize(BUYERS * PURCHASES)
                    .allSatisfy(result -> assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED));
            // A cut checkout retried after the restart got its answer at once, not from the reconciler minutes later.
            assertThat(finishedAfterBack).allSatisfy(waited -> assertThat(waited).isLessThan(Duration.ofSeconds(20)));
            assertMoneyMatchesEveryBooking(postgres);
        } finally {
            buyers.shutdownNow();
            channel.shutdownNow();
            backend.close();
            postgres.close();
        }
    }

    private List<CheckoutResult> buy(ManagedChannel channel, String token, Showtime showtime, int buyer, AtomicInteger purchases) {
        var reservations = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), token);
        List<CheckoutResult> results = new ArrayList<>();
        String row = rowLabel(buyer);
        for (int p = 0; p < PURCHASES; p++) {
            HoldSeatsRequest hold = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .addSeats(SeatSelection.newBuilder().setSeatId(row + (2 * p + 1)))
                    .addSeats(SeatSelection.newBuilder().setSeatId(row + (2 * p + 2))).build();
            Booking held = retrying("HoldSeats", () -> reservations.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .holdSeats(hold));
            CheckoutRequest checkout = CheckoutRequest.newBuilder().setBookingId(held.getId())
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                            .setExpiryMonth(12).setExpiryYear(2031).setCvc("123").setHolder("Buyer " + buyer))).build();
            results.add(retrying("Checkout", () -> reservations.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .checkout(checkout)));
            purchases.incrementAndGet();
        }
        return results;
    }

    /** Calls until an answer, retrying the same request (same idempotency key) on UNAVAILABLE only. */
    private <T> T retrying(String rpc, Supplier<T> call) {
        boolean refused = false;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (true) {
            try {
                T answer = call.get();
                Instant back = databaseBack.get();
                if (refused && back != null) finishedAfterBack.add(Duration.between(back, Instant.now()));
                return answer;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                refusals.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                refusalsByRpc.computeIfAbsent(rpc + " " + code, c -> new AtomicInteger()).incrementAndGet();
                if (code != Status.Code.UNAVAILABLE) {
                    unexpected.add(rpc + ": " + code + " " + e.getStatus().getDescription());
                }
                if (System.nanoTime() > giveUp) throw e;
                refused = true;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Every booking sold, and the money kept for it (charged minus refunded) is exactly its total. */
    private static void assertMoneyMatchesEveryBooking(EmbeddedPostgresServer postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'CONFIRMED') FROM reservations.booking")) {
                rs.next();
                assertThat(rs.getLong(1)).as("bookings").isEqualTo(BUYERS * PURCHASES);
                assertThat(rs.getLong(2)).as("sold bookings").isEqualTo(BUYERS * PURCHASES);
            }
            List<String> wrong = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT b.code, b.total_minor, coalesce(sum(p.amount_minor - p.refunded_minor)
                               FILTER (WHERE p.status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED')), 0)
                      FROM reservations.booking b LEFT JOIN payments.payments p ON p.booking_id = b.id
                     GROUP BY b.code, b.total_minor""")) {
                while (rs.next()) {
                    if (rs.getLong(2) != rs.getLong(3)) wrong.add(rs.getString(1) + ": total " + rs.getLong(2) + ", kept " + rs.getLong(3));
                }
            }
            assertThat(wrong).as("bookings whose money is not their price").isEmpty();
            try (ResultSet rs = s.executeQuery("""
                    SELECT (SELECT coalesce(sum(amount_minor) FILTER (WHERE kind = 'CHARGE' AND approved), 0)
                                 - coalesce(sum(amount_minor) FILTER (WHERE kind = 'REFUND' AND approved), 0)
                              FROM payments.gateway_ledger),
                           (SELECT sum(total_minor) FROM reservations.booking WHERE status = 'CONFIRMED')""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("card money taken net of refunds").isEqualTo(rs.getLong(2));
            }
        }
    }

    private static String rowLabel(int buyer) {
        return "" + (char) ('A' + buyer / 26) + (char) ('A' + buyer % 26);
    }

    /** A cinema without the single-seat rule, a hall with one row per buyer, a film and a showtime in five days. */
    private static Showtime showtime(ManagedChannel channel, String manager) {
        var theaters = TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager);
        var movies = TestBackend.as(MoviesServiceGrpc.newBlockingStub(channel), manager);
        Cinema cinema = theaters.createCinema(CreateCinemaRequest.newBuilder().setName("Restart " + UUID.randomUUID())
                .setAddress("1 Main Street").setCity("Springfield").setTimeZone(BERLIN.getId()).setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(10).setForbidSingleEmptySeat(false)).build());
        SeatLayout.Builder layout = SeatLayout.newBuilder();
        for (int r = 0; r < BUYERS; r++) {
            Row.Builder row = Row.newBuilder().setLabel(rowLabel(r)).setY(r);
            for (int n = 1; n <= 2 * PURCHASES; n++) {
                row.addSeats(Seat.newBuilder().setId(rowLabel(r) + n).setRow(rowLabel(r)).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
            }
            layout.addRows(row);
        }
        Hall hall = theaters.createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("Hall 1")
                .setLayout(layout).build());
        var movie = movies.createMovie(CreateMovieRequest.newBuilder().setTitle("The Pause").setRuntimeMinutes(100).setRating("12")
                .addGenres("Drama").setSynopsis("A film.").setLanguage("en").setReleaseDate("2024-05-01").build());
        Instant start = LocalDate.now(BERLIN).plusDays(5).atTime(LocalTime.of(20, 0)).atZone(BERLIN).toInstant();
        return movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR").setBookingFeeMinor(50)
                        .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT)
                                .setAmountMinor(1200)))
                .setFormat("2D").build());
    }
}
