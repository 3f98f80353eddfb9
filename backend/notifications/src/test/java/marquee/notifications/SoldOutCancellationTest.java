package marquee.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import marquee.platform.ServiceModule;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestKafka;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 15, done when: a sold-out 440-seat showtime (110 bookings of 4 seats, each with an
 * e-mail address) is cancelled; the whole backend is stopped while the bookings are being
 * cancelled and started again; then every booking is refunded exactly once (charges − refunds = 0,
 * one refund each), every ticket is revoked and every buyer has their tickets mail, the
 * cancellation notice and the refund notice. With Kafka and without.
 */
class SoldOutCancellationTest {
    private static final Logger log = LoggerFactory.getLogger(SoldOutCancellationTest.class);
    private static final int ROWS = 20;
    private static final int PER_ROW = 22;
    private static final int PER_BOOKING = 4;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private TestBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
    }

    @ParameterizedTest(name = "through Kafka: {0}")
    @ValueSource(booleans = {false, true})
    void aSoldOut440SeatShowtimeIsRefundedRevokedAndAnnouncedOnceEvenWhenStoppedHalfway(boolean kafka) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("marquee.events.relay.interval", "PT0.1S");
        settings.put("marquee.db.pool.size", "8");
        settings.put("marquee.smtp.host", "127.0.0.1");
        settings.put("marquee.smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        settings.put("marquee.smtp.starttls", "false");
        if (kafka) {
            settings.put("marquee.kafka.bootstrap", TestKafka.bootstrap());
            settings.put("marquee.kafka.topic.prefix", "s" + UUID.randomUUID().toString().substring(0, 8) + ".");
        }
        ServiceModule[] modules = ServiceModules.byName(ServiceModules.ALL.toArray(String[]::new));
        backend = TestBackend.start(settings, modules);
        String manager = backend.tokens().manager();
        Showtime showtime = showtime(manager);

        long started = System.nanoTime();
        List<Booking> sold = new ArrayList<>();
        Map<String, String> addressOf = new HashMap<>();
        for (int b = 0; b < ROWS * PER_ROW / PER_BOOKING; b++) {
            String customer = backend.tokens().customer();
            HoldSeatsRequest.Builder hold = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                    .setIdempotencyKey(UUID.randomUUID().toString());
            for (int s = 0; s < PER_BOOKING; s++) {
                int seat = b * PER_BOOKING + s;
                String row = String.valueOf((char) ('A' + seat / PER_ROW));
                hold.addSeats(SeatSelection.newBuilder().setSeatId(row + (seat % PER_ROW + 1)));
            }
            var reservations = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(backend.channel()), customer);
            Booking booking = reservations.holdSeats(hold.build());
            assertThat(reservations.checkout(CheckoutRequest.newBuilder().setBookingId(booking.getId())
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                            .setExpiryMonth(12).setExpiryYear(2031).setCvc("123").setHolder("A. Customer"))).build()).getOutcome())
                    .isEqualTo(CheckoutOutcome.COMPLETED);
            String address = "buyer" + b + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
            TestBackend.as(NotificationsServiceGrpc.newBlockingStub(backend.channel()), customer)
                    .sendTicketsByEmail(SendTicketsByEmailRequest.newBuilder().setBookingId(booking.getId()).setEmail(address).build());
            sold.add(booking);
            addressOf.put(booking.getId(), address);
        }
        log.info("Sold out {} seats in {} bookings in {} ms", ROWS * PER_ROW, sold.size(), (System.nanoTime() - started) / 1_000_000);
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + showtime.getId()
                + "' AND status = 'SOLD'")).isEqualTo(ROWS * PER_ROW);

        // Sold out, and every buyer has their tickets by mail.
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> smtp.getReceivedMessages().length >= sold.size());
        log.info("{} tickets mails sent {} ms after the first sale", smtp.getReceivedMessages().length,
                (System.nanoTime() - started) / 1_000_000);

        long cancelStart = System.nanoTime();
        TestBackend.as(MoviesServiceGrpc.newBlockingStub(backend.channel()), manager)
                .cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        String cancelled = "SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + showtime.getId()
                + "' AND status = 'CANCELLED'";
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> backend.count(cancelled) >= 20);
        backend.close(); // stopped while cancelling
        long atStop = backend.count(cancelled);
        log.info("Stopped with {} of {} bookings cancelled", atStop, sold.size());
        assertThat(atStop).isLessThan(sold.size());
        backend = TestBackend.restart(backend, settings, modules);

        Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() ->
                backend.count(cancelled) == sold.size()
                        && backend.count("SELECT count(*) FROM tickets.ticket WHERE showtime_id = '" + showtime.getId()
                        + "' AND status <> 'REVOKED'") == 0
                        && smtp.getReceivedMessages().length >= 3 * sold.size());
        log.info("{} bookings cancelled, refunded, revoked and announced {} ms after the cancellation (with a restart)",
                sold.size(), (System.nanoTime() - cancelStart) / 1_000_000);

        assertThat(backend.count("SELECT count(*) FROM tickets.ticket WHERE showtime_id = '" + showtime.getId() + "'"))
                .isEqualTo(ROWS * PER_ROW);
        String payments = "(SELECT id FROM payments.payments WHERE booking_id IN (SELECT id FROM reservations.booking WHERE showtime_id = '"
                + showtime.getId() + "'))";
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE id IN " + payments
                + " AND amount_minor <> refunded_minor")).as("payments not refunded in full").isZero();
        assertThat(backend.count("SELECT count(*) FROM (SELECT payment_id FROM payments.refunds WHERE payment_id IN " + payments
                + " GROUP BY payment_id HAVING count(*) <> 1) x")).as("payments refunded other than once").isZero();
        assertThat(backend.count("SELECT count(DISTINCT payment_id) FROM payments.refunds WHERE payment_id IN " + payments))
                .isEqualTo(sold.size());

        Map<String, List<String>> subjects = new HashMap<>();
        Thread.sleep(1000);
        for (MimeMessage message : smtp.getReceivedMessages()) {
            subjects.computeIfAbsent(message.getAllRecipients()[0].toString(), k -> new ArrayList<>()).add(message.getSubject());
        }
        for (Booking booking : sold) {
            List<String> got = subjects.getOrDefault(addressOf.get(booking.getId()), List.of());
            assertThat(got).as("mail to the buyer of " + booking.getCode()).hasSize(3)
                    .anyMatch(s -> s.startsWith("Your tickets")).anyMatch(s -> s.startsWith("Cancelled"))
                    .anyMatch(s -> s.startsWith("Refund of"));
        }
    }

    private Showtime showtime(String manager) {
        var theaters = TestBackend.as(TheatersServiceGrpc.newBlockingStub(backend.channel()), manager);
        var cinema = theaters.createCinema(CreateCinemaRequest.newBuilder().setName("Sold out " + UUID.randomUUID())
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
        var movies = TestBackend.as(MoviesServiceGrpc.newBlockingStub(backend.channel()), manager);
        var movie = movies.createMovie(CreateMovieRequest.newBuilder().setTitle("Premiere Night").setRuntimeMinutes(120)
                .setRating("12").addGenres("Drama").setSynopsis("A film.").setLanguage("en").setReleaseDate("2024-05-01").build());
        Instant start = Instant.now().plus(Duration.ofDays(4)).truncatedTo(ChronoUnit.HOURS);
        return movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR").setBookingFeeMinor(50)
                        .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT).setAmountMinor(1200)))
                .setFormat("2D").build());
    }
}
