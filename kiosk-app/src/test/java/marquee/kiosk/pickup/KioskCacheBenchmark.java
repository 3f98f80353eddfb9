package marquee.kiosk.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.printing.PaperFormat;
import marquee.kiosk.printing.PdfFilePrinter;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.platform.auth.BearerToken;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for docs/benchmarks.md, not a timed test (its name keeps it out of ordinary runs):
 * {@code mvn -o -q verify -pl kiosk-app -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=KioskCacheBenchmark}
 * or {@code -P kiosk-bench}.
 *
 * <p>Tickets are made the honest way: a 10-hall cinema, 4 showtimes per hall tomorrow, every seat
 * sold through the real {@code Checkout} (hold → card charge → sale → issue) over gRPC on TCP,
 * four buyers at once; most orders are the cinema's maximum of 50 seats (fewer round trips), ten
 * per showtime are pairs — the typical pickup. The kiosk cache then syncs the cinema's feed.
 */
class KioskCacheBenchmark {
    private static final int HALLS = 10;
    private static final int ROWS = 10;
    private static final int SEATS_PER_ROW = 26;
    private static final List<LocalTime> STARTS = List.of(LocalTime.of(10, 0), LocalTime.of(13, 30), LocalTime.of(17, 0),
            LocalTime.of(20, 30));
    private static final int PAIRS_PER_SHOWTIME = 10;

    @TempDir
    Path dir;

    @Test
    void pickupAndSyncFigures() throws Exception {
        try (EmbeddedTestBackend backend = EmbeddedTestBackend.start(dir.resolve("backend"),
                Map.of("marquee.metrics.port", "-1"))) {
            String target = "localhost:" + backend.runtime().port();
            ManagedChannel channel = Channels.build(target);
            String managerToken = UsersServiceGrpc.newBlockingStub(channel).login(LoginRequest.newBuilder()
                    .setEmail("manager@marquee.demo").setPassword("Manager2026!").build()).getAccessToken();
            var manager = new BearerToken(managerToken);
            var theaters = TheatersServiceGrpc.newBlockingStub(channel).withCallCredentials(manager);
            var movies = MoviesServiceGrpc.newBlockingStub(channel).withCallCredentials(manager);
            ZoneId zone = ZoneId.of("Europe/Berlin");
            var cinema = theaters.createCinema(CreateCinemaRequest.newBuilder().setName("Bench Multiplex").setAddress("1 Bench Road")
                    .setCity("Berlin").setTimeZone(zone.getId()).setCurrency("EUR")
                    .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(50)).build());
            var film = movies.listMovies(ListMoviesRequest.getDefaultInstance()).getMoviesList().stream()
                    .min(java.util.Comparator.comparingInt(m -> m.getRuntimeMinutes())).orElseThrow();
            LocalDate tomorrow = LocalDate.now(zone).plusDays(1);
            List<String> showtimes = new ArrayList<>();
            for (int h = 1; h <= HALLS; h++) {
                var hall = theaters.createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("Screen " + h)
                        .setLayout(layout()).build());
                for (LocalTime start : STARTS) {
                    var instant = ZonedDateTime.of(tomorrow, start, zone).toInstant();
                    showtimes.add(movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(film.getId())
                            .setHallId(hall.getId()).setStartsAt(Timestamp.newBuilder().setSeconds(instant.getEpochSecond()))
                            .setPriceList(prices()).setFormat("2D").build()).getId());
                }
            }

            long sellStart = System.nanoTime();
            List<String> pairCodes = Collections.synchronizedList(new ArrayList<>());
            List<String> bookingIds = Collections.synchronizedList(new ArrayList<>());
            ExecutorService buyers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> sold = new ArrayList<>();
            for (String showtime : showtimes) {
                sold.add(buyers.submit(() -> sellOut(target, showtime, pairCodes, bookingIds)));
            }
            int tickets = 0;
            for (Future<Integer> f : sold) tickets += f.get();
            buyers.shutdown();
            Duration selling = Duration.ofNanos(System.nanoTime() - sellStart);
            assertThat(tickets).isGreaterThanOrEqualTo(10_000);

            try (GrpcBackendClient kiosk = new GrpcBackendClient(target)) {
                // A chain-wide manager may read any cinema's feed; the benchmark cinema has no kiosk device.
                kiosk.signInCustomer("manager@marquee.demo", "Manager2026!");
                Path file = dir.resolve("kiosk-cache.db");
                TicketCache.SyncResult first;
                TicketCache.SyncResult incremental;
                TicketCache.SyncResult nothingNew;
                long sizeAfterFirst;
                long sizeCheckpointed;
                try (TicketCache cache = TicketCache.open(file)) {
                    first = cache.sync(cinema.getId(), kiosk::syncTickets);
                    sizeAfterFirst = cache.sizeOnDisk();
                    cache.checkpoint();
                    sizeCheckpointed = cache.sizeOnDisk();
                    assertThat(cache.ticketCount()).isEqualTo(tickets);

                    // Incremental: ten 50-seat bookings cancelled (500 revocations) since the last sync.
                    cancel(channel, bookingIds.subList(0, 10));
                    incremental = cache.sync(cinema.getId(), kiosk::syncTickets);
                    nothingNew = cache.sync(cinema.getId(), kiosk::syncTickets);
                }

                // Offline pickup: backend unreachable (nothing listens on the port), pairs printed to PDF.
                int deadPort;
                try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                    deadPort = s.getLocalPort();
                }
                List<Long> firstMillis = new ArrayList<>();
                List<Long> millis = new ArrayList<>();
                try (TicketCache cache = TicketCache.open(file);
                     GrpcBackendClient unreachable = new GrpcBackendClient("localhost:" + deadPort)) {
                    PdfFilePrinter printer = new PdfFilePrinter(dir.resolve("prints"), PaperFormat.THERMAL_80MM);
                    List<String> codes = new ArrayList<>(pairCodes);
                    Collections.shuffle(codes, new java.util.Random(7));
                    // Warm-up: class loading, PDFBox font metrics, ZXing (what a kiosk pays once after start).
                    for (int i = 0; i < 20; i++) {
                        new PickupService(unreachable, cache, printer, new Connectivity(), "Bench Multiplex", zone, Locale.ENGLISH)
                                .pickUp(codes.get(i));
                    }
                    for (int i = 20; i < 40; i++) {
                        // A fresh service believes it is online: the failing call to the backend is part of the time.
                        PickupService service = new PickupService(unreachable, cache, printer, new Connectivity(), "Bench Multiplex",
                                zone, Locale.ENGLISH);
                        long t0 = System.nanoTime();
                        var result = service.pickUp(codes.get(i));
                        firstMillis.add((System.nanoTime() - t0) / 1_000_000);
                        assertThat(result.outcome()).isEqualTo(PickupService.Outcome.PRINTED);
                        assertThat(Files.size(result.job().orElseThrow().file().orElseThrow())).isPositive();
                    }
                    PickupService offline = new PickupService(unreachable, cache, printer, new Connectivity(), "Bench Multiplex", zone,
                            Locale.ENGLISH);
                    offline.connectivity().markOffline("benchmark");
                    for (int i = 40; i < 240; i++) {
                        long t0 = System.nanoTime();
                        var result = offline.pickUp(codes.get(i));
                        millis.add((System.nanoTime() - t0) / 1_000_000);
                        assertThat(result.outcome()).isEqualTo(PickupService.Outcome.PRINTED);
                        assertThat(result.fromCache()).isTrue();
                    }
                }

                System.out.printf(Locale.ROOT, """

                        ==== Kiosk cache benchmark ====
                        cinema: %d halls x %d showtimes tomorrow, %d seats each; tickets sold: %d (bookings: %d) in %.1f s through Checkout
                        first sync:        %d tickets, %d pages, %.2f s (%.0f tickets/s)
                        cache on disk:     %.2f MB right after (db + WAL), %.2f MB after a WAL checkpoint
                        incremental sync:  %d changes (%d revocations), %d page(s), %d ms
                        nothing-new sync:  %d ms
                        offline pickup, 2 tickets -> finished PDF file (200 pickups, known outage): median %d ms, p95 %d ms, max %d ms
                        offline pickup incl. the failed backend call (20 pickups, connection refused): median %d ms, p95 %d ms
                        ===============================
                        """, HALLS, STARTS.size(), ROWS * SEATS_PER_ROW, tickets, bookingIds.size() + pairCodes.size(),
                        selling.toMillis() / 1000.0, first.changes(), first.pages(), first.took().toMillis() / 1000.0,
                        first.changes() / (first.took().toMillis() / 1000.0), sizeAfterFirst / 1e6, sizeCheckpointed / 1e6,
                        incremental.changes(), incremental.revoked(), incremental.pages(), incremental.took().toMillis(),
                        nothingNew.took().toMillis(), percentile(millis, 50), percentile(millis, 95), percentile(millis, 100),
                        percentile(firstMillis, 50), percentile(firstMillis, 95));
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /** Sells every seat of a showtime: ten pairs, the rest in orders of up to 50 seats. */
    private static int sellOut(String target, String showtimeId, List<String> pairCodes, List<String> bookingIds) {
        try (GrpcBackendClient customer = new GrpcBackendClient(target)) {
            customer.signInCustomer("customer@marquee.demo", "Customer2026!");
            List<String> seats = new ArrayList<>();
            for (int r = 0; r < ROWS; r++) {
                for (int n = 1; n <= SEATS_PER_ROW; n++) seats.add((char) ('A' + r) + Integer.toString(n));
            }
            int at = 0;
            int sold = 0;
            while (at < seats.size()) {
                int size = at < PAIRS_PER_SHOWTIME * 2 ? 2 : Math.min(50, seats.size() - at);
                Map<String, marquee.kiosk.model.TicketType> order = new LinkedHashMap<>();
                for (String seat : seats.subList(at, at + size)) order.put(seat, marquee.kiosk.model.TicketType.ADULT);
                var hold = customer.hold(showtimeId, order, UUID.randomUUID().toString());
                var result = customer.checkoutWithCard(hold.id(), Purchases.GOOD_CARD, 12, 2030, "123", UUID.randomUUID().toString());
                if (result.outcome() != CheckoutOutcome.COMPLETED) throw new IllegalStateException(result.message());
                if (size == 2) pairCodes.add(result.booking().code());
                else bookingIds.add(result.booking().id());
                sold += result.tickets().size();
                at += size;
            }
            return sold;
        }
    }

    private static void cancel(ManagedChannel channel, List<String> bookingIds) {
        String token = UsersServiceGrpc.newBlockingStub(channel).login(LoginRequest.newBuilder()
                .setEmail("manager@marquee.demo").setPassword("Manager2026!").build()).getAccessToken();
        var reservations = ReservationsServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(token));
        for (String id : bookingIds) {
            reservations.cancelBooking(CancelBookingRequest.newBuilder().setBookingId(id).setReason("benchmark").build());
        }
    }

    private static SeatLayout layout() {
        SeatLayout.Builder layout = SeatLayout.newBuilder().setWidth(SEATS_PER_ROW).setDepth(ROWS);
        for (int r = 0; r < ROWS; r++) {
            String label = String.valueOf((char) ('A' + r));
            Row.Builder row = Row.newBuilder().setLabel(label).setY(r);
            for (int n = 1; n <= SEATS_PER_ROW; n++) {
                row.addSeats(Seat.newBuilder().setId(label + n).setRow(label).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
            }
            layout.addRows(row);
        }
        return layout.build();
    }

    private static PriceList prices() {
        PriceList.Builder prices = PriceList.newBuilder().setCurrency("EUR").setBookingFeeMinor(75);
        for (TicketType type : List.of(TicketType.ADULT, TicketType.CHILD, TicketType.SENIOR, TicketType.STUDENT)) {
            prices.addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(type).setAmountMinor(1050));
        }
        return prices.build();
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
