package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.common.v1.Money;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.MoviesModule;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.payments.PaymentsModule;
import marquee.payments.v1.OpenShiftRequest;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.platform.auth.TerminalQr;
import marquee.platform.testing.TestBackend;
import marquee.reservations.ReservationsModule;
import marquee.reservations.v1.Allocation;
import marquee.reservations.v1.CashDetails;
import marquee.reservations.v1.OfflinePayment;
import marquee.reservations.v1.OfflineSale;
import marquee.reservations.v1.OfflineSaleOutcome;
import marquee.reservations.v1.OfflineSalesServiceGrpc;
import marquee.reservations.v1.OfflineTicket;
import marquee.reservations.v1.TakeAllocationsRequest;
import marquee.reservations.v1.UploadOfflineSalesRequest;
import marquee.reservations.v1.UploadOfflineSalesResponse;
import marquee.theaters.TheatersModule;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.TicketsModule;
import marquee.tickets.v1.RegisterTerminalKeyRequest;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.UsersModule;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upload cut after the money was recorded and before the tickets were issued (the terminal's
 * connection drops, the reservations process dies): no money stays without its tickets. A retry
 * of the same upload finishes the sale, and a sale nobody uploads again is finished by the
 * reconciler; either way there is one payment and one ticket per seat, and a later retry answers
 * ALREADY_RECORDED. (With marquee.reservations.test.offline.crash.after=none both sales' tickets
 * would be issued at once; the cut is what the test is about.)
 */
class OfflineUploadCutTest {
    private static TestBackend backend;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of(
                        "marquee.users.bcrypt.strength", "4",
                        "marquee.reservations.test.offline.crash.after", "paid",
                        "marquee.reservations.reconcile.interval", "PT0.5S",
                        "marquee.reservations.reconcile.after", "PT3S"),
                new UsersModule(), new TheatersModule(), new MoviesModule(), new ReservationsModule(), new PaymentsModule(),
                new TicketsModule());
        channel = backend.channel();
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aCutUploadIsFinishedByItsRetryOrByTheReconcilerNeverMoneyWithoutTickets() throws Exception {
        String manager = backend.tokens().manager();
        Cinema cinema = TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager).createCinema(CreateCinemaRequest.newBuilder()
                .setName("Cut " + UUID.randomUUID()).setTimeZone("Europe/Berlin").setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(10).setOfflineSeatsPerShowtime(4)).build());
        SeatLayout.Builder layout = SeatLayout.newBuilder();
        Row.Builder row = Row.newBuilder().setLabel("A").setY(0);
        for (int n = 1; n <= 8; n++) {
            row.addSeats(Seat.newBuilder().setId("A" + n).setRow("A").setNumber(n).setX(n - 1).setWidth(1).setCategory(SeatCategory.STANDARD));
        }
        Hall hall = TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager).createHall(CreateHallRequest.newBuilder()
                .setCinemaId(cinema.getId()).setName("Hall 1").setLayout(layout.addRows(row)).build());
        var movies = TestBackend.as(MoviesServiceGrpc.newBlockingStub(channel), manager);
        var movie = movies.createMovie(CreateMovieRequest.newBuilder().setTitle("The Cut").setRuntimeMinutes(90).setRating("12")
                .addGenres("Drama").setSynopsis("A film.").setLanguage("en").setReleaseDate("2024-05-01").build());
        movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Timestamp.newBuilder().setSeconds(Instant.now().plus(Duration.ofHours(3)).getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR").addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD)
                        .setTicketType(TicketType.ADULT).setAmountMinor(1100)))
                .build());

        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), cashier).registerTerminalKey(RegisterTerminalKeyRequest.newBuilder()
                .setDeviceId("till-cut").setPublicKeyBase64(Base64.getEncoder().encodeToString(key.getPublic().getEncoded())).build());
        String shift = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), cashier).openShift(OpenShiftRequest.newBuilder()
                .setStationId("till-cut").setOpeningFloat(Money.newBuilder().setAmountMinor(0).setCurrency("EUR"))
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getId();
        var offline = TestBackend.as(OfflineSalesServiceGrpc.newBlockingStub(channel), cashier).withDeadlineAfter(60, TimeUnit.SECONDS);
        Allocation allocation = offline.takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-cut").build()).getAllocations(0);
        List<String> seats = allocation.getSeatsList().stream().map(s -> s.getSeatId()).toList();
        OfflineSale retried = sale(allocation, seats.subList(0, 2), key, cashierId, shift);
        OfflineSale abandoned = sale(allocation, seats.subList(2, 4), key, cashierId, shift);

        // Cut after the money: the terminal sees UNAVAILABLE; the payment exists, the tickets not yet.
        for (OfflineSale sale : List.of(retried, abandoned)) {
            assertThatThrownBy(() -> upload(sale)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
        assertThat(payments(retried)).isEqualTo(1);
        assertThat(tickets(retried)).isZero();

        // The terminal retries the first at once: finished now.
        UploadOfflineSalesResponse again = upload(retried);
        assertThat(again.getReceipts(0).getOutcome()).isIn(OfflineSaleOutcome.RECORDED, OfflineSaleOutcome.ALREADY_RECORDED);
        assertThat(tickets(retried)).isEqualTo(2);
        assertThat(payments(retried)).isEqualTo(1);

        // Nobody uploads the second again: the reconciler issues its tickets.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tickets(abandoned) < 2 && System.nanoTime() < until) Thread.sleep(200);
        assertThat(tickets(abandoned)).as("tickets issued by the reconciler").isEqualTo(2);
        assertThat(payments(abandoned)).isEqualTo(1);
        assertThat(upload(abandoned).getReceipts(0).getOutcome()).isEqualTo(OfflineSaleOutcome.ALREADY_RECORDED);
        assertThat(backend.count("SELECT count(*) FROM reservations.offline_sale WHERE stage <> 'DONE'")).isZero();
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE shift_id = '" + shift + "'")).isEqualTo(2);
    }

    private static UploadOfflineSalesResponse upload(OfflineSale sale) {
        String cashier = backend.tokens().token(Role.CASHIER, sale.getSoldBy(), CINEMA.get(sale.getAllocationId()));
        return TestBackend.as(OfflineSalesServiceGrpc.newBlockingStub(channel), cashier).withDeadlineAfter(60, TimeUnit.SECONDS)
                .uploadOfflineSales(UploadOfflineSalesRequest.newBuilder().setDeviceId("till-cut").addSales(sale).build());
    }

    private static final Map<String, String> CINEMA = new java.util.concurrent.ConcurrentHashMap<>();

    private static long payments(OfflineSale sale) {
        return backend.count("SELECT count(*) FROM payments.payments WHERE idempotency_key = 'offline:" + sale.getSaleId() + "'");
    }

    private static long tickets(OfflineSale sale) {
        return backend.count("SELECT count(*) FROM tickets.ticket WHERE booking_code = '" + sale.getBookingCode() + "'");
    }

    private static OfflineSale sale(Allocation allocation, List<String> seats, KeyPair key, String soldBy, String shift) {
        CINEMA.put(allocation.getAllocationId(), allocation.getCinemaId());
        StringBuilder code = new StringBuilder();
        java.util.Random random = new java.security.SecureRandom();
        for (int i = 0; i < 8; i++) code.append("ACDEFGHJKMNPQRTUVWXY34679".charAt(random.nextInt(25)));
        long total = 1100L * seats.size();
        OfflineSale.Builder sale = OfflineSale.newBuilder().setSaleId(UUID.randomUUID().toString())
                .setAllocationId(allocation.getAllocationId()).setBookingCode(code.toString())
                .setBookingFee(Money.newBuilder().setCurrency("EUR")).setTotal(Money.newBuilder().setAmountMinor(total).setCurrency("EUR"))
                .setPayment(OfflinePayment.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(total)))
                .setSoldAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())).setSoldBy(soldBy).setShiftId(shift);
        List<OfflineTicket> tickets = new ArrayList<>();
        for (String seat : seats) {
            UUID id = UUID.randomUUID();
            tickets.add(OfflineTicket.newBuilder().setTicketId(id.toString()).setSeatId(seat)
                    .setPrice(Money.newBuilder().setAmountMinor(1100).setCurrency("EUR"))
                    .setQrPayload(TerminalQr.sign(new TerminalQr.Claims(id, UUID.fromString(allocation.getShowtimeId()),
                            allocation.getStartsAt().getSeconds(), code.toString(), seat), key.getPrivate(), key.getPublic()))
                    .build());
        }
        return sale.addAllTickets(tickets).build();
    }
}
