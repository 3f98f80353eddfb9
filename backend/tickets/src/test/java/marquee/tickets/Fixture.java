package marquee.tickets;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.common.v1.Money;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.BookingStatus;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.TicketList;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.Role;

/**
 * The real users and tickets services on a fresh database, with {@link FakeReservations} as the
 * reservations service. One per JVM: the test classes use their own cinemas and bookings, so
 * they do not see each other, and the slow start is paid once.
 */
final class Fixture implements AutoCloseable {
    private static final AtomicInteger codes = new AtomicInteger();
    private static Fixture shared;

    final FakeReservations reservations;
    final TestBackend backend;

    private Fixture(Map<String, String> settings) {
        reservations = new FakeReservations();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("marquee.reservations.address", reservations.address());
        backend = TestBackend.start(all, ServiceModules.byName("users", "tickets"));
    }

    /** A fixture of its own, for tests that need other settings; close it afterwards. */
    static Fixture start(Map<String, String> settings) {
        return new Fixture(settings);
    }

    @Override
    public void close() {
        backend.close();
        reservations.close();
    }

    static synchronized Fixture shared() {
        if (shared == null) {
            shared = new Fixture(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A tickets stub calling with {@code token} (null: anonymous); make one per call (its deadline runs from now). */
    TicketsServiceGrpc.TicketsServiceBlockingStub tickets(String token) {
        return TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    String cashier(String cinemaId) {
        return backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), cinemaId);
    }

    String kiosk(String cinemaId) {
        return backend.tokens().token(Role.KIOSK, UUID.randomUUID().toString(), cinemaId);
    }

    String service() {
        return service("reservations");
    }

    /** A SERVICE token of the named service, with the scopes users grants it. */
    String service(String name) {
        return backend.tokens().token(Role.SERVICE, "service:" + name, "");
    }

    String customer(String userId) {
        return backend.tokens().token(Role.CUSTOMER, userId, "");
    }

    static String newCinema() {
        return UUID.randomUUID().toString();
    }

    /** A booking of the fake reservations service with the given seats (e.g. "F12"), two hours from now. */
    Booking booking(String cinemaId, BookingStatus status, String... seats) {
        return booking(cinemaId, UUID.randomUUID().toString(), status, seats);
    }

    Booking booking(String cinemaId, String userId, BookingStatus status, String... seats) {
        Instant startsAt = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        Booking.Builder booking = Booking.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setCode(String.format("T%05d", codes.incrementAndGet()))
                .setShowtimeId(UUID.randomUUID().toString())
                .setCinemaId(cinemaId)
                .setStatus(status)
                .setUserId(userId)
                .setMovieTitle("The Long Matinee")
                .setHallName("Hall 1")
                .setStartsAt(Timestamp.newBuilder().setSeconds(startsAt.getEpochSecond()));
        for (String seat : seats) {
            booking.addLines(BookingLine.newBuilder().setSeatId(seat).setRow(seat.substring(0, 1))
                    .setNumber(Integer.parseInt(seat.substring(1))).setCategory(SeatCategory.STANDARD)
                    .setTicketType(TicketType.ADULT)
                    .setPrice(Money.newBuilder().setAmountMinor(1250).setCurrency("EUR")));
        }
        Booking built = booking.build();
        reservations.put(built);
        return built;
    }

    /** Issues the tickets of a booking as staff of its cinema. */
    TicketList issue(Booking booking) {
        return tickets(cashier(booking.getCinemaId()))
                .issueTickets(IssueTicketsRequest.newBuilder().setBookingId(booking.getId()).build());
    }

    long count(String where) {
        return backend.count("SELECT count(*) FROM tickets.ticket WHERE " + where);
    }
}
