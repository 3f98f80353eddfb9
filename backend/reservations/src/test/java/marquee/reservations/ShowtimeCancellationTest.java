package marquee.reservations;

import static marquee.reservations.CheckoutTest.APPROVE;
import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.events.v1.BookingCancelled;
import marquee.events.v1.BookingConfirmed;
import marquee.events.v1.PaymentRefunded;
import marquee.events.v1.PaymentSettled;
import marquee.events.v1.TicketsIssued;
import marquee.events.v1.TicketsRevoked;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.Showtime;
import marquee.platform.ServiceModule;
import marquee.platform.ServiceModules;
import marquee.platform.testing.GrpcAssertions;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestKafka;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.GetBookingRequest;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.TicketsServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 15, done-when: a manager cancels a sold-out showtime; movies writes showtime.cancelled to
 * its outbox, reservations consumes it and cancels every booking through the one cancellation path
 * — each refunded exactly once (charges − refunds = 0), every ticket revoked, no new hold — with
 * Kafka and without it, and also when the consuming side stops halfway and starts again.
 */
class ShowtimeCancellationTest {
    private static final Logger log = LoggerFactory.getLogger(ShowtimeCancellationTest.class);
    private static final String[] ALL = {"users", "theaters", "movies", "reservations", "payments", "tickets"};
    private TestBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
    }

    private static Map<String, String> settings(boolean kafka) {
        Map<String, String> settings = new HashMap<>();
        settings.put("marquee.events.relay.interval", "PT0.1S");
        if (kafka) {
            settings.put("marquee.kafka.bootstrap", TestKafka.bootstrap());
            settings.put("marquee.kafka.topic.prefix", "t" + UUID.randomUUID().toString().substring(0, 8) + ".");
        }
        return settings;
    }

    private static ServiceModule[] modules() {
        return ServiceModules.byName(ALL);
    }

    @ParameterizedTest(name = "through Kafka: {0}")
    @ValueSource(booleans = {false, true})
    void cancellingASoldOutShowtimeRefundsEveryBookingOnceAndRevokesEveryTicket(boolean kafka) throws Exception {
        backend = TestBackend.start(settings(kafka), modules());
        Fixture fixture = new Fixture(backend);
        Showtime showtime = showtime(fixture, 2, 6);
        List<Booking> sold = sellOutOneSeatEach(fixture, showtime, 12);

        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());

        awaitAllCancelled(backend, showtime, sold.size());
        assertSettled(backend, fixture, sold);
        assertEventsWritten(backend, sold);
        // What operations watch (docs/operations.md, "Events and Kafka"), under the names the alert rules use.
        // (The consumer commits its event after the second pass over the sold bookings, a few seconds on.)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backend.runtime().metrics().scrape())
                .contains("marquee_events_outbox_backlog{service=\"movies\"}")
                .contains("marquee_events_outbox_oldest_seconds{service=\"payments\"}")
                .contains("marquee_events_consumer_lag{consumer=\"reservations.showtimes\"}")
                .containsPattern("marquee_events_published_total\\{service=\"movies\",type=\"showtime.cancelled\"} 1")
                .containsPattern("marquee_events_consumed_total\\{consumer=\"reservations.showtimes\",outcome=\"handled\",type=\"showtime.cancelled\"} 1"));
        // No new hold on a cancelled showtime, at once (the snapshot was refreshed from the event).
        GrpcAssertions.assertFails(Status.Code.FAILED_PRECONDITION, "cancelled", () -> fixture.hold(fixture.customer(), showtime, "A1"));
    }

    @ParameterizedTest(name = "through Kafka: {0}")
    @ValueSource(booleans = {false, true})
    void theConsumingSideStoppedHalfwayFinishesAfterARestartWithoutRefundingTwice(boolean kafka) {
        Map<String, String> settings = settings(kafka);
        backend = TestBackend.start(settings, modules());
        Fixture fixture = new Fixture(backend);
        Showtime showtime = showtime(fixture, 4, 10);
        List<Booking> sold = sellOutOneSeatEach(fixture, showtime, 40);

        fixture.movies().cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        String cancelled = "SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + showtime.getId()
                + "' AND status = 'CANCELLED'";
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> backend.count(cancelled) >= 5);
        backend.close(); // the whole backend goes away in the middle of the cancellations
        long atStop = backend.count(cancelled);
        log.info("Stopped with {} of {} bookings cancelled", atStop, sold.size());
        assertThat(atStop).isLessThan(sold.size());

        backend = TestBackend.restart(backend, settings, modules());
        fixture = new Fixture(backend);
        awaitAllCancelled(backend, showtime, sold.size());
        assertSettled(backend, fixture, sold);
    }

    /** A hall of rows × seats standard seats, and a showtime in it a few days ahead. */
    static Showtime showtime(Fixture fixture, int rows, int seatsPerRow) {
        Cinema cinema = fixture.cinema(10, false);
        SeatLayout.Builder layout = SeatLayout.newBuilder();
        for (int r = 0; r < rows; r++) {
            String label = String.valueOf((char) ('A' + r));
            Row.Builder row = Row.newBuilder().setLabel(label).setY(r);
            for (int n = 1; n <= seatsPerRow; n++) {
                row.addSeats(Seat.newBuilder().setId(label + n).setRow(label).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
            }
            layout.addRows(row);
        }
        Hall hall = TestBackend.as(TheatersServiceGrpc.newBlockingStub(fixture.backend.channel()), fixture.manager)
                .createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("Hall " + UUID.randomUUID())
                        .setLayout(layout).build());
        var movie = fixture.movies().createMovie(CreateMovieRequest.newBuilder().setTitle("Cancelled film")
                .setRuntimeMinutes(100).setRating("12").addGenres("Drama").setSynopsis("A film.").setLanguage("en")
                .setReleaseDate("2024-05-01").build());
        Instant start = LocalDate.now(Fixture.BERLIN).plusDays(3).atTime(LocalTime.of(20, 0)).atZone(Fixture.BERLIN).toInstant();
        return fixture.movies().createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Fixture.timestamp(start)).setPriceList(Fixture.prices()).setFormat("2D").build());
    }

    /** Every seat sold, one booking per seat, each paid by card. */
    static List<Booking> sellOutOneSeatEach(Fixture fixture, Showtime showtime, int seats) {
        List<Booking> sold = new ArrayList<>();
        int perRow = seats <= 12 ? 6 : 10;
        for (int i = 0; i < seats; i++) {
            String seat = String.valueOf((char) ('A' + i / perRow)) + (i % perRow + 1);
            String customer = fixture.customer();
            Booking hold = fixture.hold(customer, showtime, seat);
            var result = fixture.reservations(customer).checkout(checkout(hold, card(APPROVE), UUID.randomUUID().toString()));
            assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
            sold.add(hold);
        }
        return sold;
    }

    static void awaitAllCancelled(TestBackend backend, Showtime showtime, int bookings) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                backend.count("SELECT count(*) FROM reservations.booking WHERE showtime_id = '" + showtime.getId()
                        + "' AND status = 'CANCELLED'") == bookings
                        && backend.count("SELECT count(*) FROM reservations.cancellation c JOIN reservations.booking b"
                        + " ON b.id = c.booking_id WHERE b.showtime_id = '" + showtime.getId() + "' AND NOT c.done") == 0);
    }

    /**
     * Every service wrote its events for each booking, and the payloads the database triggers build
     * in SQL (payments, tickets) parse as the protobuf messages with the right values.
     */
    static void assertEventsWritten(TestBackend backend, List<Booking> sold) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> backend.count(
                "SELECT count(*) FROM tickets.outbox WHERE type = 'tickets.revoked'") >= sold.size());
        for (Booking hold : sold) {
            String id = hold.getId();
            var confirmed = BookingConfirmed.parseFrom(payload(backend, "reservations", "booking.confirmed", id));
            assertThat(confirmed.getBookingCode()).isEqualTo(hold.getCode());
            assertThat(confirmed.getTotal().getAmountMinor()).isEqualTo(hold.getTotal().getAmountMinor());
            assertThat(BookingCancelled.parseFrom(payload(backend, "reservations", "booking.cancelled", id)).getReason())
                    .isEqualTo(ShowtimeEventsConsumer.REASON);
            var settled = PaymentSettled.parseFrom(payload(backend, "payments", "payment.settled", id));
            assertThat(settled.getBookingId()).isEqualTo(id);
            assertThat(settled.getAmount().getAmountMinor()).isEqualTo(hold.getTotal().getAmountMinor());
            assertThat(settled.getAmount().getCurrency()).isEqualTo("EUR");
            assertThat(settled.getMethod()).isEqualTo("CARD");
            var refunded = PaymentRefunded.parseFrom(payload(backend, "payments", "payment.refunded", id));
            assertThat(refunded.getRefundedTotal().getAmountMinor()).isEqualTo(hold.getTotal().getAmountMinor());
            assertThat(refunded.getPaymentId()).isEqualTo(settled.getPaymentId());
            var issued = TicketsIssued.parseFrom(payload(backend, "tickets", "tickets.issued", id));
            assertThat(issued.getBookingCode()).isEqualTo(hold.getCode());
            assertThat(issued.getTicketIdsList()).hasSize(hold.getLinesCount());
            assertThat(TicketsRevoked.parseFrom(payload(backend, "tickets", "tickets.revoked", id)).getTicketIdsList())
                    .containsExactlyInAnyOrderElementsOf(issued.getTicketIdsList());
        }
    }

    /** The one payload of this type and key in a service's outbox. */
    private static byte[] payload(TestBackend backend, String schema, String type, String key) {
        try (var c = java.sql.DriverManager.getConnection(backend.jdbcUrl(), "postgres", "");
             var q = c.prepareStatement("SELECT payload FROM " + schema + ".outbox WHERE type = ? AND event_key = ?")) {
            q.setString(1, type);
            q.setString(2, key);
            try (var rs = q.executeQuery()) {
                assertThat(rs.next()).as(type + " for " + key + " in " + schema + ".outbox").isTrue();
                byte[] bytes = rs.getBytes(1);
                assertThat(rs.next()).as("a second " + type + " for " + key).isFalse();
                return bytes;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Charges − refunds = 0 for each booking with exactly one refund, every ticket revoked. */
    static void assertSettled(TestBackend backend, Fixture fixture, List<Booking> sold) {
        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), fixture.manager);
        for (Booking hold : sold) {
            Booking booking = fixture.reservations(fixture.manager).getBooking(GetBookingRequest.newBuilder()
                    .setBookingId(hold.getId()).build());
            assertThat(booking.getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
            long charged = backend.count("SELECT coalesce(sum(amount_minor), 0) FROM payments.payments WHERE booking_id = '"
                    + hold.getId() + "' AND status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED')");
            long refunded = backend.count("SELECT coalesce(sum(r.amount_minor), 0) FROM payments.refunds r JOIN payments.payments p"
                    + " ON p.id = r.payment_id WHERE p.booking_id = '" + hold.getId() + "'");
            long refunds = backend.count("SELECT count(*) FROM payments.refunds r JOIN payments.payments p"
                    + " ON p.id = r.payment_id WHERE p.booking_id = '" + hold.getId() + "'");
            assertThat(charged).isEqualTo(hold.getTotal().getAmountMinor());
            assertThat(charged - refunded).as("charges - refunds of " + hold.getCode()).isZero();
            assertThat(refunds).as("refunds of " + hold.getCode()).isEqualTo(1);
            List<Ticket> issued = tickets.getTickets(GetTicketsRequest.newBuilder().setBookingCode(hold.getCode()).build())
                    .getTicketsList();
            assertThat(issued).isNotEmpty().allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(TicketStatus.REVOKED));
        }
    }
}
