package marquee.kiosk.backend;

import static marquee.kiosk.backend.ProtoMapping.*;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.DeviceReport;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.PrintRun;
import marquee.kiosk.model.SalesRules;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatInfo;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.SeatMapEvent;
import marquee.kiosk.model.SeatRow;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketSyncPage;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.model.Verification;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.auth.BearerToken;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.reservations.v1.WatchSeatMapRequest;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BackendClient} over gRPC, through {@link GrpcCalls} (deadlines, token renewal, error
 * translation). The till's calls are {@link GrpcCashierClient}, on the same channel and token.
 */
public final class GrpcBackendClient implements BackendClient {
    private final GrpcCalls calls;
    private static final Logger log = LoggerFactory.getLogger(GrpcBackendClient.class);
    /** A watch is re-opened (with a fresh snapshot) at least this often, so even a stream has a deadline. */
    private static final Duration WATCH_DEADLINE = Duration.ofMinutes(10);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(10);
    private final ScheduledExecutorService reconnects;

    public GrpcBackendClient(String target) {
        this(target, marquee.platform.config.Config.fromEnvironment());
    }

    /** A client of {@code target} with the transport settings of {@code config} (MARQUEE_TLS_*: TLS, the device's certificate). */
    public GrpcBackendClient(String target, marquee.platform.config.Config config) {
        this(GrpcCalls.connect(target, config));
    }

    /** A kiosk client over calls that may be shared with a {@link GrpcCashierClient} (the till: one channel, one token). */
    public GrpcBackendClient(GrpcCalls calls) {
        this.calls = calls;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "seat-map-reconnect");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void signIn(String deviceId, String secret) {
        calls.signInWith(() -> calls.users().deviceLogin(
                DeviceLoginRequest.newBuilder().setDeviceId(deviceId).setDeviceSecret(secret).build()));
    }

    @Override
    public void signInCustomer(String email, String password) {
        calls.signInWith(() -> calls.users().login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build()));
    }

    @Override
    public CinemaInfo cinema() {
        String cinemaId = calls.user().getCinemaId();
        var cinema = calls.call(TheatersServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE,
                stub -> stub.getCinema(GetCinemaRequest.newBuilder().setCinemaId(cinemaId).build()));
        return new CinemaInfo(cinema.getId(), cinema.getName(), cinema.getTimeZone());
    }

    @Override
    public List<ShowtimeInfo> showtimes(String cinemaId, LocalDate date) {
        return showtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinemaId).setDate(date.toString()).build());
    }

    @Override
    public List<ShowtimeInfo> showtimes(String cinemaId, String filmId, LocalDate date) {
        return showtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinemaId).setDate(date.toString())
                .setMovieId(filmId).build());
    }

    private List<ShowtimeInfo> showtimes(ListShowtimesRequest request) {
        return calls.call(MoviesServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.listShowtimes(request))
                .getShowtimesList().stream()
                .map(s -> new ShowtimeInfo(s.getId(), s.getMovieTitle(), s.getHallName(), instant(s.getStartsAt()), s.getFormat()))
                .toList();
    }

    @Override
    public List<FilmInfo> films(String cinemaId, LocalDate date) {
        var request = ListMoviesRequest.newBuilder().setCinemaId(cinemaId).setDate(date.toString()).build();
        return calls.call(MoviesServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.listMovies(request))
                .getMoviesList().stream()
                .map(m -> new FilmInfo(m.getId(), m.getTitle(), m.getRuntimeMinutes(), m.getRating(),
                        List.copyOf(m.getGenresList()), m.getPosterUrl()))
                .toList();
    }

    @Override
    public SeatMap seatMap(String showtimeId) {
        var map = calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE,
                stub -> stub.getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(showtimeId).build()));
        List<SeatRow> rows = map.getHall().getLayout().getRowsList().stream()
                .map(row -> new SeatRow(row.getLabel(), row.getY(), row.getSeatsList().stream()
                        .map(seat -> new SeatInfo(seat.getId(), seat.getRow(), seat.getNumber(), seat.getX(), seat.getWidth(),
                                category(seat.getCategory()), seat.getBlocked(), seat.getPartnerId()))
                        .toList()))
                .toList();
        Map<SeatCategory, Map<TicketType, Long>> prices = new EnumMap<>(SeatCategory.class);
        for (var entry : map.getPrices().getEntriesList()) {
            prices.computeIfAbsent(category(entry.getCategory()), c -> new EnumMap<>(TicketType.class))
                    .put(ticketType(entry.getTicketType()), entry.getAmountMinor());
        }
        prices.replaceAll((category, byType) -> Map.copyOf(byType));
        return new SeatMap(map.getShowtimeId(), map.getHall().getName(), map.getHall().getLayout().getWidth(),
                map.getHall().getLayout().getDepth(), rows, states(map.getStatesList()), map.getVersion(),
                new SalesRules(map.getSalesRules().getMaxSeatsPerOrder(), map.getSalesRules().getForbidSingleEmptySeat()),
                new PriceList(map.getPrices().getCurrency(), Map.copyOf(prices), map.getPrices().getBookingFeeMinor()));
    }

    @Override
    public Subscription watchSeatMap(String showtimeId, SeatMapListener listener) {
        SeatMapWatch watch = new SeatMapWatch(showtimeId, listener);
        watch.open();
        return watch::cancel;
    }

    /** One watch across reconnects: each stream that ends, for whatever reason, is replaced by a new one. */
    private final class SeatMapWatch {
        private final String showtimeId;
        private final SeatMapListener listener;
        private volatile boolean cancelled;
        private volatile ClientCallStreamObserver<WatchSeatMapRequest> current;
        private volatile int failures;

        SeatMapWatch(String showtimeId, SeatMapListener listener) {
            this.showtimeId = showtimeId;
            this.listener = listener;
        }

        void open() {
            if (cancelled) return;
            var stub = ReservationsServiceGrpc.newStub(calls.channel())
                    .withDeadlineAfter(WATCH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            BearerToken token = calls.token();
            if (token != null) stub = stub.withCallCredentials(token);
            stub.watchSeatMap(WatchSeatMapRequest.newBuilder().setShowtimeId(showtimeId).build(),
                    new ClientResponseObserver<WatchSeatMapRequest, marquee.reservations.v1.SeatMapEvent>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<WatchSeatMapRequest> call) {
                            current = call;
                        }

                        @Override
                        public void onNext(marquee.reservations.v1.SeatMapEvent event) {
                            failures = 0;
                            if (cancelled) return;
                            try {
                                listener.onEvent(new SeatMapEvent(event.getVersion(), states(event.getChangesList()),
                                        event.getSnapshot(), event.getReason()));
                            } catch (RuntimeException e) {
                                log.warn("A seat map listener failed", e);
                            }
                        }

                        @Override
                        public void onError(Throwable error) {
                            if (cancelled) return;
                            Status.Code code = Status.fromThrowable(error).getCode();
                            if (code == Status.Code.DEADLINE_EXCEEDED) {
                                open(); // the planned re-open, not a failure
                                return;
                            }
                            listener.onDisconnected(GrpcCalls.translate(error));
                            failures++;
                            long delay = Math.min(MAX_RECONNECT_DELAY.toMillis(), 250L << Math.min(failures, 6));
                            reconnects.schedule(() -> {
                                if (code == Status.Code.UNAUTHENTICATED) {
                                    try {
                                        calls.renewToken();
                                    } catch (RuntimeException e) {
                                        log.warn("Could not renew the token for the seat map watch", e);
                                    }
                                }
                                open();
                            }, delay, TimeUnit.MILLISECONDS);
                        }

                        @Override
                        public void onCompleted() {
                            if (!cancelled) reconnects.schedule(SeatMapWatch.this::open, 250, TimeUnit.MILLISECONDS);
                        }
                    });
            if (cancelled) cancel();
        }

        void cancel() {
            cancelled = true;
            var call = current;
            if (call != null) call.cancel("watch cancelled by the kiosk", null);
        }
    }

    @Override
    public List<String> suggestSeats(String showtimeId, int count) {
        var request = SuggestSeatsRequest.newBuilder().setShowtimeId(showtimeId).setCount(count).build();
        return List.copyOf(calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.suggestSeats(request))
                .getSeatIdsList());
    }

    @Override
    public Hold hold(String showtimeId, Map<String, TicketType> seats, String idempotencyKey) {
        var request = HoldSeatsRequest.newBuilder().setShowtimeId(showtimeId).setIdempotencyKey(idempotencyKey);
        seats.forEach((seat, type) -> request.addSeats(SeatSelection.newBuilder().setSeatId(seat)
                .setTicketType(marquee.common.v1.TicketType.valueOf(type.name()))));
        return toHold(calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.holdSeats(request.build())));
    }

    @Override
    public Hold changeTicketTypes(String holdId, Map<String, TicketType> seats) {
        var request = marquee.reservations.v1.ChangeTicketTypesRequest.newBuilder().setBookingId(holdId);
        seats.forEach((seat, type) -> request.addSeats(SeatSelection.newBuilder().setSeatId(seat)
                .setTicketType(marquee.common.v1.TicketType.valueOf(type.name()))));
        return toHold(calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.changeTicketTypes(request.build())));
    }

    @Override
    public void reportDeviceState(DeviceReport report) {
        var builder = marquee.users.v1.ReportDeviceStateRequest.newBuilder()
                .setState(marquee.users.v1.DeviceOperatingState.valueOf(report.state()))
                .setPrinter(marquee.users.v1.PrinterState.valueOf("PRINTER_" + report.printer()))
                .setErrorCode(report.errorCode()).setMessage(report.message()).setAppVersion(report.appVersion());
        var offlineStats = this.offlineStats;
        if (offlineStats != null) {
            // A kiosk selling offline: every state report carries its journal and allocation (GET /devices).
            try {
                var stats = offlineStats.get();
                builder.setUnsyncedJournal(stats.unsynced()).setAllocatedSeats(stats.allocatedSeats());
                if (stats.oldestUnsynced() != null) builder.setOldestUnsyncedAt(marquee.platform.grpc.ProtoTime.timestamp(stats.oldestUnsynced()));
                if (stats.lastSync() != null) builder.setLastSyncAt(marquee.platform.grpc.ProtoTime.timestamp(stats.lastSync()));
            } catch (RuntimeException e) {
                log.debug("No offline figures in the device report: {}", e.getMessage());
            }
        }
        var request = builder.build();
        calls.call(UsersServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.reportDeviceState(request));
    }

    private volatile java.util.function.Supplier<marquee.kiosk.model.OfflineModel.Stats> offlineStats;

    /** The kiosk's offline selling: its journal and allocation go with every device report. */
    public void reportOfflineWith(java.util.function.Supplier<marquee.kiosk.model.OfflineModel.Stats> stats) {
        this.offlineStats = stats;
    }

    @Override
    public void release(String holdId) {
        calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE,
                stub -> stub.releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(holdId).build()));
    }

    @Override
    public CheckoutResult checkoutWithCard(String holdId, String cardNumber, int expiryMonth, int expiryYear, String cvc,
                                           String idempotencyKey) {
        var request = CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber(cardNumber)
                        .setExpiryMonth(expiryMonth).setExpiryYear(expiryYear).setCvc(cvc)))
                .build();
        var result = calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.CHECKOUT_DEADLINE, stub -> stub.checkout(request));
        Hold booking = toHold(result.getBooking());
        return switch (result.getOutcome()) {
            case COMPLETED -> new CheckoutResult(CheckoutOutcome.COMPLETED, result.getMessage(), booking, tickets(booking.code()));
            case PAYMENT_DECLINED -> new CheckoutResult(CheckoutOutcome.DECLINED, result.getMessage(), booking, List.of());
            case REFUNDED -> new CheckoutResult(CheckoutOutcome.REFUNDED, result.getMessage(), booking, List.of());
            default -> throw new BackendException("Unknown checkout outcome " + result.getOutcome(), null);
        };
    }

    // --- card present (issue 16): the terminal's approval instead of card data ---------------------

    @Override
    public CheckoutResult checkoutCardPresent(String holdId, marquee.terminal.TerminalResult approval, String idempotencyKey) {
        var request = CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(cardPresent(approval)).build();
        var result = calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.CHECKOUT_DEADLINE, stub -> stub.checkout(request));
        Hold booking = toHold(result.getBooking());
        return switch (result.getOutcome()) {
            case COMPLETED -> new CheckoutResult(CheckoutOutcome.COMPLETED, result.getMessage(), booking, tickets(booking.code()));
            case PAYMENT_DECLINED -> new CheckoutResult(CheckoutOutcome.DECLINED, result.getMessage(), booking, List.of());
            case REFUNDED -> new CheckoutResult(CheckoutOutcome.REFUNDED, result.getMessage(), booking, List.of());
            default -> throw new BackendException("Unknown checkout outcome " + result.getOutcome(), null);
        };
    }

    @Override
    public List<TicketInfo> tickets(String bookingCode) {
        var request = GetTicketsRequest.newBuilder().setBookingCode(bookingCode).build();
        return calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.getTickets(request))
                .getTicketsList().stream().map(ProtoMapping::ticket).toList();
    }

    @Override
    public void close() {
        reconnects.shutdownNow();
        calls.close();
    }

    // ---- Printing, offline cache and pickup ----

    @Override
    public TicketSyncPage syncTickets(String cinemaId, String cursor, int limit) {
        var request = marquee.tickets.v1.ListTicketsForSyncRequest.newBuilder().setCinemaId(cinemaId)
                .setCursor(cursor == null ? "" : cursor).setLimit(limit).build();
        var page = calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.listTicketsForSync(request));
        return new TicketSyncPage(page.getTicketsList().stream().map(ProtoMapping::ticketRecord).toList(),
                page.getNextCursor(), page.getHasMore());
    }

    @Override
    public List<TicketRecord> ticketRecords(String bookingCode) {
        var request = GetTicketsRequest.newBuilder().setBookingCode(bookingCode).build();
        return calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.getTickets(request))
                .getTicketsList().stream().map(ProtoMapping::ticketRecord).toList();
    }

    @Override
    public PrintRun printTickets(String bookingCode, String idempotencyKey) {
        var request = marquee.tickets.v1.PrintTicketsRequest.newBuilder()
                .setBookingCode(bookingCode.strip().toUpperCase(java.util.Locale.ROOT)).setIdempotencyKey(idempotencyKey).build();
        var answer = calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.printTickets(request));
        return new PrintRun(answer.getTicketsList().stream().map(ProtoMapping::ticketRecord).toList(),
                answer.getTicketsList().stream().anyMatch(marquee.tickets.v1.Ticket::getDuplicate));
    }

    @Override
    public boolean sendTicketsByEmail(String bookingId, String email) {
        var request = marquee.notifications.v1.SendTicketsByEmailRequest.newBuilder().setBookingId(bookingId).setEmail(email).build();
        return calls.call(marquee.notifications.v1.NotificationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE,
                stub -> stub.sendTicketsByEmail(request)).getSent();
    }

    @Override
    public Verification verify(String qrPayload) {
        var request = marquee.tickets.v1.VerifyTicketRequest.newBuilder().setQrPayload(qrPayload).build();
        return verification(calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.verifyTicket(request)));
    }

    @Override
    public Verification checkIn(String qrPayload) {
        var request = marquee.tickets.v1.VerifyTicketRequest.newBuilder().setQrPayload(qrPayload).build();
        return verification(calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.checkIn(request)));
    }

    @Override
    public void reconnectNow() {
        // gRPC waits up to two minutes between connection attempts after a long outage.
        calls.channel().resetConnectBackoff();
    }

    /** The till's calls on this client's channel and token. */
    public GrpcCashierClient cashier() {
        return new GrpcCashierClient(calls);
    }

    /** Offline selling's calls (allocations, upload, terminal key) on this client's channel and token. */
    public GrpcOfflineClient offline() {
        return new GrpcOfflineClient(calls);
    }

    /** Tests: pretend the token ran out (the server refuses it), as a kiosk running for days would see. */
    void replaceTokenForTest(String staleToken) {
        calls.replaceTokenForTest(staleToken);
    }

    /** "seat taken: F12, F13" → [F12, F13]. */
    static List<String> takenSeats(String message) {
        return GrpcCalls.takenSeats(message);
    }
}
