package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.movies.v1.Showtime;
import marquee.notifications.v1.NotificationsServiceGrpc;
import marquee.notifications.v1.SendTicketsByEmailRequest;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestPostgres;
import marquee.platform.testing.TestTokens;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.Role;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 15, done when, with a real crash: the all-in-one backend runs as a separate JVM on the
 * test's embedded PostgreSQL; a sold-out 440-seat showtime (110 bookings of 4 seats, each with an
 * e-mail address) is cancelled, and the backend is killed with SIGKILL (destroyForcibly on the
 * process and its descendants) while the bookings are being cancelled — no shutdown hook, no
 * clean break between two bookings. Started again on the same database, it finishes: every
 * booking refunded exactly once (charges − refunds = 0, one refund each), every ticket revoked,
 * and every buyer has exactly three mails (tickets, cancellation, refund), by Message-ID.
 */
class KilledMidCancellationTest {
    private static final Logger log = LoggerFactory.getLogger(KilledMidCancellationTest.class);
    private static final int ROWS = 20;
    private static final int PER_ROW = 22;
    private static final int PER_BOOKING = 4;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private Process backend;
    private ManagedChannel channel;
    private Path dataDir;
    private String jdbcUrl;
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) channel.shutdownNow();
        if (backend != null && backend.isAlive()) {
            backend.destroy();
            if (!backend.waitFor(20, TimeUnit.SECONDS)) kill(backend);
        }
    }

    @Test
    void aSoldOutShowtimeKilledWithSigkillWhileCancellingIsRefundedRevokedAndAnnouncedOnceAfterTheRestart() throws Exception {
        dataDir = Files.createTempDirectory("marquee-kill9");
        jdbcUrl = TestPostgres.newDatabase();
        port = freePort();
        // The backend reads its token key from <data dir>/keys: tokens signed here are its own.
        TestTokens tokens = new TestTokens(dataDir.resolve("keys"));
        String manager = tokens.token(Role.MANAGER, UUID.randomUUID().toString(), "");
        start("first");
        Showtime showtime = showtime(manager);

        long started = System.nanoTime();
        // Sold from four threads at once (the sale is not what is tested here; it keeps the run short).
        List<Booking> sold = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, String> addressOf = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ExecutorService buyers = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> purchases = new ArrayList<>();
        for (int n = 0; n < ROWS * PER_ROW / PER_BOOKING; n++) {
            int b = n;
            purchases.add(buyers.submit(() -> {
                String customer = tokens.token(Role.CUSTOMER, UUID.randomUUID().toString(), "");
                HoldSeatsRequest.Builder hold = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                        .setIdempotencyKey(UUID.randomUUID().toString());
                for (int s = 0; s < PER_BOOKING; s++) {
                    int seat = b * PER_BOOKING + s;
                    hold.addSeats(SeatSelection.newBuilder().setSeatId(String.valueOf((char) ('A' + seat / PER_ROW)) + (seat % PER_ROW + 1)));
                }
                var reservations = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), customer);
                Booking booking = reservations.holdSeats(hold.build());
                assertThat(reservations.checkout(CheckoutRequest.newBuilder().setBookingId(booking.getId())
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                                .setExpiryMonth(12).setExpiryYear(2031).setCvc("123").setHolder("A. Customer"))).build()).getOutcome())
                        .isEqualTo(CheckoutOutcome.COMPLETED);
                String address = "buyer" + b + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
                TestBackend.as(NotificationsServiceGrpc.newBlockingStub(channel), customer)
                        .sendTicketsByEmail(SendTicketsByEmailRequest.newBuilder().setBookingId(booking.getId()).setEmail(address).build());
                sold.add(booking);
                addressOf.put(booking.getId(), address);
            }));
        }
        for (var purchase : purchases) purchase.get(120, TimeUnit.SECONDS);
        buyers.shutdown();
        log.info("Sold out {} seats in {} bookings in {} ms", ROWS * PER_ROW, sold.size(), (System.nanoTime() - started) / 1_000_000);
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> smtp.getReceivedMessages().length >= sold.size());

        long cancelStart = System.nanoTime();
        TestBackend.as(MoviesServiceGrpc.newBlockingStub(channel), manager)
                .cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        String cancelled = "SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + showtime.getId()
                + "' AND status = 'CANCELLED'";
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> count(cancelled) >= 20);
        kill(backend); // SIGKILL in the middle of the cancellations
        long atKill = count(cancelled);
        long refundsAtKill = count("SELECT count(*) FROM payments.refunds");
        log.info("Killed with {} of {} bookings cancelled, {} refunds made, {} mails sent", atKill, sold.size(), refundsAtKill,
                smtp.getReceivedMessages().length);
        assertThat(atKill).isLessThan(sold.size());
        channel.shutdownNow();

        start("restarted");
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() ->
                count(cancelled) == sold.size()
                        && count("SELECT count(*) FROM tickets.ticket WHERE showtime_id = '" + showtime.getId()
                        + "' AND status <> 'REVOKED'") == 0
                        && distinctMessages() >= 3 * sold.size());
        log.info("{} bookings cancelled, refunded, revoked and announced {} ms after the cancellation (with a kill -9 and restart)",
                sold.size(), (System.nanoTime() - cancelStart) / 1_000_000);

        assertThat(count("SELECT count(*) FROM tickets.ticket WHERE showtime_id = '" + showtime.getId() + "'")).isEqualTo(ROWS * PER_ROW);
        assertThat(count("SELECT count(*) FROM reservations.cancellation c JOIN reservations.booking b ON b.id = c.booking_id"
                + " WHERE b.showtime_id = '" + showtime.getId() + "' AND NOT c.done")).isZero();
        String payments = "(SELECT id FROM payments.payments WHERE booking_id IN (SELECT id FROM reservations.booking WHERE showtime_id = '"
                + showtime.getId() + "'))";
        assertThat(count("SELECT count(*) FROM payments.payments WHERE id IN " + payments)).isEqualTo(sold.size());
        assertThat(count("SELECT count(*) FROM payments.payments WHERE id IN " + payments + " AND amount_minor <> refunded_minor"))
                .as("payments not refunded in full").isZero();
        assertThat(count("SELECT count(*) FROM (SELECT payment_id FROM payments.refunds WHERE payment_id IN " + payments
                + " GROUP BY payment_id HAVING count(*) <> 1) x")).as("payments refunded other than once").isZero();
        assertThat(count("SELECT count(DISTINCT payment_id) FROM payments.refunds WHERE payment_id IN " + payments)).isEqualTo(sold.size());
        // The gateway's own ledger agrees: what it paid out equals what it took, per payment.
        assertThat(count("SELECT count(*) FROM payments.payments WHERE id IN " + payments + " AND status <> 'REFUNDED'")).isZero();

        Thread.sleep(1000); // nothing more arrives
        Map<String, List<String>> subjects = new HashMap<>();
        Set<String> ids = new HashSet<>();
        int duplicates = 0;
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (!ids.add(message.getMessageID())) {
                duplicates++;
                continue;
            }
            subjects.computeIfAbsent(message.getAllRecipients()[0].toString(), k -> new ArrayList<>()).add(message.getSubject());
        }
        log.info("{} mails received, {} of them a resend of one already received (same Message-ID)",
                smtp.getReceivedMessages().length, duplicates);
        for (Booking booking : sold) {
            assertThat(subjects.getOrDefault(addressOf.get(booking.getId()), List.of())).as("mail to the buyer of " + booking.getCode())
                    .hasSize(3).anyMatch(s -> s.startsWith("Your tickets")).anyMatch(s -> s.startsWith("Cancelled"))
                    .anyMatch(s -> s.startsWith("Refund of"));
        }
        // A resend can only come from a kill between the mail server's acceptance and the commit of its row: at
        // most one mail per delivery thread in flight (the reservations and the payments outbox relays).
        assertThat(duplicates).as("mails sent twice").isLessThanOrEqualTo(2);
    }

    private int distinctMessages() {
        Set<String> ids = new HashSet<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                ids.add(message.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return ids.size();
    }

    /** Starts the all-in-one backend as its own JVM on the test's database and data directory, and waits until it serves. */
    private void start(String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "all", "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("MARQUEE_DATA_DIR", dataDir.toString());
        env.put("MARQUEE_DB_URL", jdbcUrl);
        env.put("MARQUEE_DB_USER", "postgres");
        env.put("MARQUEE_DB_POOL_SIZE", "8");
        env.put("MARQUEE_DEMO_DATA", "false");
        env.put("MARQUEE_METRICS_PORT", "-1");
        env.put("MARQUEE_EVENTS_RELAY_INTERVAL", "PT0.1S");
        env.put("MARQUEE_SMTP_HOST", "127.0.0.1");
        env.put("MARQUEE_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("MARQUEE_SMTP_STARTTLS", "false");
        // The reconciler finishes what the kill cut off (a refund made but not recorded, a revocation not done).
        env.put("MARQUEE_RESERVATIONS_RECONCILE_INTERVAL", "PT1S");
        env.put("MARQUEE_RESERVATIONS_RECONCILE_AFTER", "PT5S");
        env.put("MARQUEE_RESERVATIONS_CANCEL_LATE_SALES_WAIT", "PT1S");
        File logFile = dataDir.resolve("backend-" + name + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile));
        backend = builder.start();
        channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertThat(backend.isAlive()).as("backend running (log: " + logFile + ")").isTrue();
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        });
    }

    /** SIGKILL to the process and everything it started: no shutdown hook runs. */
    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    private long count(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Showtime showtime(String manager) {
        var theaters = TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager);
        var cinema = theaters.createCinema(CreateCinemaRequest.newBuilder().setName("Killed " + UUID.randomUUID())
                .setAddress("1 Main Street").setCity("Springfield").setTimeZone("Europe/Berlin").setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(10)).build());
        SeatLayout.Builder layout = SeatLayout.newBuilder();
        for (int r = 0; r < ROWS; r++) {
            String label = String.valueOf((char) ('A' + r));
            Row.Builder row = Row.newBuilder().setLabel(label).setY(r);
            for (int n = 1; n <= PER_ROW; n++) {
                row.addSeats(Seat.newBuilder().setId(label + n).setRow(label).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
            }
            layout.addRows(row);
        }
        var hall = theaters.createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("Big hall")
                .setLayout(layout).build());
        var movies = TestBackend.as(MoviesServiceGrpc.newBlockingStub(channel), manager);
        var movie = movies.createMovie(CreateMovieRequest.newBuilder().setTitle("Premiere Night").setRuntimeMinutes(120)
                .setRating("12").addGenres("Drama").setSynopsis("A film.").setLanguage("en").setReleaseDate("2024-05-01").build());
        Instant start = Instant.now().plus(Duration.ofDays(4)).truncatedTo(ChronoUnit.HOURS);
        return movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR").setBookingFeeMinor(50)
                        .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT).setAmountMinor(1200)))
                .setFormat("2D").build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
