package marquee.kiosk.backend;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.auth.BearerToken;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SeatState;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.reservations.v1.WatchSeatMapRequest;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.LoginResponse;
import marquee.users.v1.User;
import marquee.users.v1.UsersServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BackendClient} over gRPC. Every call has a deadline; an expired token is renewed by
 * signing in again once; gRPC statuses become the kiosk's {@link BackendException}s.
 */
public final class GrpcBackendClient implements BackendClient, marquee.kiosk.cashier.CashierBackend {
    private static final Logger log = LoggerFactory.getLogger(GrpcBackendClient.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Checkout charges a card gateway that may take its own time-out (seconds) before answering. */
    private static final Duration CHECKOUT_DEADLINE = Duration.ofSeconds(30);
    /** A watch is re-opened (with a fresh snapshot) at least this often, so even a stream has a deadline. */
    private static final Duration WATCH_DEADLINE = Duration.ofMinutes(10);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(10);

    private final ManagedChannel channel;
    private final ScheduledExecutorService reconnects;
    private volatile BearerToken token;
    private volatile User user;
    private volatile Supplier<LoginResponse> login;

    public GrpcBackendClient(String target) {
        this(target, marquee.platform.config.Config.fromEnvironment());
    }

    /** A client of {@code target} with the transport settings of {@code config} (MARQUEE_TLS_*: TLS, the device's certificate). */
    public GrpcBackendClient(String target, marquee.platform.config.Config config) {
        this.channel = Channels.build(config, target);
        this.reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "seat-map-reconnect");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void signIn(String deviceId, String secret) {
        signInWith(() -> users().deviceLogin(
                DeviceLoginRequest.newBuilder().setDeviceId(deviceId).setDeviceSecret(secret).build()));
    }

    @Override
    public void signInCustomer(String email, String password) {
        signInWith(() -> users().login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build()));
    }

    private void signInWith(Supplier<LoginResponse> how) {
        LoginResponse response = mapped(how);
        login = how;
        token = new BearerToken(response.getAccessToken());
        user = response.getUser();
    }

    private void renewToken() {
        Supplier<LoginResponse> how = login;
        if (how == null) throw new IllegalStateException("Not signed in");
        LoginResponse response = how.get();
        token = new BearerToken(response.getAccessToken());
        user = response.getUser();
    }

    /**
     * Forgets who is signed in: the token, the account and the way to sign in again (which holds the
     * PIN or secret). Until the next sign-in every call is anonymous; an expired token can no longer
     * be renewed with the previous person's PIN.
     */
    public void signOut() {
        login = null;
        token = null;
        user = null;
    }

    /** Tests: pretend the token ran out (the server refuses it), as a kiosk running for days would see. */
    void replaceTokenForTest(String staleToken) {
        token = new BearerToken(staleToken);
    }

    private UsersServiceGrpc.UsersServiceBlockingStub users() {
        return UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CinemaInfo cinema() {
        String cinemaId = user.getCinemaId();
        var cinema = call(TheatersServiceGrpc::newBlockingStub, DEADLINE,
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
        return call(MoviesServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.listShowtimes(request))
                .getShowtimesList().stream()
                .map(s -> new ShowtimeInfo(s.getId(), s.getMovieTitle(), s.getHallName(), instant(s.getStartsAt()), s.getFormat()))
                .toList();
    }

    @Override
    public List<FilmInfo> films(String cinemaId, LocalDate date) {
        var request = ListMoviesRequest.newBuilder().setCinemaId(cinemaId).setDate(date.toString()).build();
        return call(MoviesServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.listMovies(request))
                .getMoviesList().stream()
                .map(m -> new FilmInfo(m.getId(), m.getTitle(), m.getRuntimeMinutes(), m.getRating(),
                        List.copyOf(m.getGenresList()), m.getPosterUrl()))
                .toList();
    }

    @Override
    public SeatMap seatMap(String showtimeId) {
        var map = call(ReservationsServiceGrpc::newBlockingStub, DEADLINE,
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
            var stub = ReservationsServiceGrpc.newStub(channel)
                    .withDeadlineAfter(WATCH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
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
                            listener.onDisconnected(translate(error));
                            failures++;
                            long delay = Math.min(MAX_RECONNECT_DELAY.toMillis(), 250L << Math.min(failures, 6));
                            reconnects.schedule(() -> {
                                if (code == Status.Code.UNAUTHENTICATED) {
                                    try {
                                        renewToken();
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
        return List.copyOf(call(ReservationsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.suggestSeats(request))
                .getSeatIdsList());
    }

    @Override
    public Hold hold(String showtimeId, Map<String, TicketType> seats, String idempotencyKey) {
        var request = HoldSeatsRequest.newBuilder().setShowtimeId(showtimeId).setIdempotencyKey(idempotencyKey);
        seats.forEach((seat, type) -> request.addSeats(SeatSelection.newBuilder().setSeatId(seat)
                .setTicketType(marquee.common.v1.TicketType.valueOf(type.name()))));
        return hold(call(ReservationsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.holdSeats(request.build())));
    }

    @Override
    public Hold changeTicketTypes(String holdId, Map<String, TicketType> seats) {
        var request = marquee.reservations.v1.ChangeTicketTypesRequest.newBuilder().setBookingId(holdId);
        seats.forEach((seat, type) -> request.addSeats(SeatSelection.newBuilder().setSeatId(seat)
                .setTicketType(marquee.common.v1.TicketType.valueOf(type.name()))));
        return hold(call(ReservationsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.changeTicketTypes(request.build())));
    }

    @Override
    public void reportDeviceState(DeviceReport report) {
        var request = marquee.users.v1.ReportDeviceStateRequest.newBuilder()
                .setState(marquee.users.v1.DeviceOperatingState.valueOf(report.state()))
                .setPrinter(marquee.users.v1.PrinterState.valueOf("PRINTER_" + report.printer()))
                .setErrorCode(report.errorCode()).setMessage(report.message()).setAppVersion(report.appVersion()).build();
        call(UsersServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.reportDeviceState(request));
    }

    @Override
    public void release(String holdId) {
        call(ReservationsServiceGrpc::newBlockingStub, DEADLINE,
                stub -> stub.releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(holdId).build()));
    }

    @Override
    public CheckoutResult checkoutWithCard(String holdId, String cardNumber, int expiryMonth, int expiryYear, String cvc,
                                           String idempotencyKey) {
        var request = CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber(cardNumber)
                        .setExpiryMonth(expiryMonth).setExpiryYear(expiryYear).setCvc(cvc)))
                .build();
        var result = call(ReservationsServiceGrpc::newBlockingStub, CHECKOUT_DEADLINE, stub -> stub.checkout(request));
        Hold booking = hold(result.getBooking());
        return switch (result.getOutcome()) {
            case COMPLETED -> new CheckoutResult(CheckoutOutcome.COMPLETED, result.getMessage(), booking, tickets(booking.code()));
            case PAYMENT_DECLINED -> new CheckoutResult(CheckoutOutcome.DECLINED, result.getMessage(), booking, List.of());
            case REFUNDED -> new CheckoutResult(CheckoutOutcome.REFUNDED, result.getMessage(), booking, List.of());
            default -> throw new BackendException("Unknown checkout outcome " + result.getOutcome(), null);
        };
    }

    // --- card present (issue 16): the terminal's approval instead of card data ---------------------

    private static PaymentMethod cardPresent(marquee.terminal.TerminalResult a) {
        return PaymentMethod.newBuilder().setCardPresent(marquee.reservations.v1.CardPresentResult.newBuilder()
                .setTerminalId(a.terminalId()).setTraceNumber(a.traceNumber()).setReceiptNumber(a.receiptNumber())
                .setAuthCode(a.authCode()).setMaskedPan(a.maskedPan()).setCardBrand(a.cardBrand())
                .setAmount(marquee.common.v1.Money.newBuilder().setAmountMinor(a.amountMinor()).setCurrency(a.currency()))
                .setProtocol("ZVT")).build();
    }

    @Override
    public CheckoutResult checkoutCardPresent(String holdId, marquee.terminal.TerminalResult approval, String idempotencyKey) {
        var request = CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(cardPresent(approval)).build();
        var result = call(ReservationsServiceGrpc::newBlockingStub, CHECKOUT_DEADLINE, stub -> stub.checkout(request));
        Hold booking = hold(result.getBooking());
        return switch (result.getOutcome()) {
            case COMPLETED -> new CheckoutResult(CheckoutOutcome.COMPLETED, result.getMessage(), booking, tickets(booking.code()));
            case PAYMENT_DECLINED -> new CheckoutResult(CheckoutOutcome.DECLINED, result.getMessage(), booking, List.of());
            case REFUNDED -> new CheckoutResult(CheckoutOutcome.REFUNDED, result.getMessage(), booking, List.of());
            default -> throw new BackendException("Unknown checkout outcome " + result.getOutcome(), null);
        };
    }

    @Override
    public Sale checkoutCardPresentAtTill(String holdId, marquee.terminal.TerminalResult approval, String idempotencyKey) {
        return tillCheckout(CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(cardPresent(approval)).build());
    }

    @Override
    public ShiftReport closeShiftWithTerminal(String shiftId, long countedMinor, String idempotencyKey,
                                              marquee.terminal.EndOfDayTotals totals) {
        var request = marquee.payments.v1.CloseShiftRequest.newBuilder().setShiftId(shiftId).setCountedMinor(countedMinor)
                .setIdempotencyKey(idempotencyKey).setTerminalTotals(marquee.payments.v1.TerminalTotals.newBuilder()
                        .setTerminalId(totals.terminalId()).setCount(totals.count()).setTraceNumber(totals.traceNumber())
                        .setTotal(marquee.common.v1.Money.newBuilder().setAmountMinor(totals.totalMinor()).setCurrency(totals.currency())))
                .build();
        return toReport(call(GrpcBackendClient::payments, DEADLINE, stub -> stub.closeShift(request)));
    }

    @Override
    public java.util.Optional<String> cardPresentReceipt(String paymentId) {
        var request = marquee.payments.v1.GetPaymentRequest.newBuilder().setPaymentId(paymentId).build();
        var p = call(GrpcBackendClient::payments, DEADLINE, stub -> stub.getPayment(request));
        return p.hasCardPresent() ? java.util.Optional.of(p.getCardPresent().getReceiptNumber()) : java.util.Optional.empty();
    }

    @Override
    public java.util.Optional<TerminalReconciliation> terminalReconciliation(String shiftId) {
        var request = marquee.payments.v1.GetShiftReportRequest.newBuilder().setShiftId(shiftId).build();
        var report = call(GrpcBackendClient::payments, DEADLINE, stub -> stub.getShiftReport(request));
        if (!report.hasTerminalReconciliation()) return java.util.Optional.empty();
        var r = report.getTerminalReconciliation();
        return java.util.Optional.of(new TerminalReconciliation(r.getTerminalId(), money(r.getTerminalTotal()), r.getTerminalCount(),
                money(r.getShiftCardTakings()), r.getShiftCardCount(), money(r.getDifference())));
    }

    @Override
    public List<TicketInfo> tickets(String bookingCode) {
        var request = GetTicketsRequest.newBuilder().setBookingCode(bookingCode).build();
        return call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.getTickets(request))
                .getTicketsList().stream().map(GrpcBackendClient::ticket).toList();
    }

    /** Runs a unary call with a deadline and the token; signs in again once when the token is refused. */
    private <S extends AbstractStub<S>, R> R call(Function<io.grpc.Channel, S> newStub, Duration deadline, Function<S, R> rpc) {
        try {
            return rpc.apply(stub(newStub, deadline));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAUTHENTICATED || login == null) throw translate(e);
            log.info("Access token refused; signing in again");
            mapped(() -> {
                renewToken();
                return null;
            });
            return mapped(() -> rpc.apply(stub(newStub, deadline)));
        }
    }

    private <S extends AbstractStub<S>> S stub(Function<io.grpc.Channel, S> newStub, Duration deadline) {
        S stub = newStub.apply(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        BearerToken current = token;
        return current == null ? stub : stub.withCallCredentials(current);
    }

    private static <R> R mapped(Supplier<R> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    /** The kiosk's exception for a failed call. */
    static BackendException translate(Throwable error) {
        Status status = Status.fromThrowable(error);
        String message = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new BackendUnavailableException(message, error);
            case FAILED_PRECONDITION -> message.startsWith("seat taken")
                    ? new SeatsTakenException(message, takenSeats(message), error)
                    : new RejectedException(message, error);
            case INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS, OUT_OF_RANGE, RESOURCE_EXHAUSTED ->
                    new RejectedException(message, error);
            default -> new BackendException(message, error);
        };
    }

    /** "seat taken: F12, F13" → [F12, F13]. */
    static List<String> takenSeats(String message) {
        int colon = message.indexOf(':');
        if (colon < 0) return List.of();
        return Arrays.stream(message.substring(colon + 1).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, SeatStatus> states(List<SeatState> states) {
        Map<String, SeatStatus> byId = new LinkedHashMap<>();
        for (SeatState state : states) byId.put(state.getSeatId(), seatStatus(state.getStatus()));
        return java.util.Collections.unmodifiableMap(byId);
    }

    private static SeatStatus seatStatus(marquee.reservations.v1.SeatStatus status) {
        return switch (status) {
            case SEAT_HELD -> SeatStatus.HELD;
            case SEAT_SOLD -> SeatStatus.SOLD;
            case SEAT_BLOCKED -> SeatStatus.BLOCKED;
            default -> SeatStatus.FREE;
        };
    }

    private static SeatCategory category(marquee.common.v1.SeatCategory category) {
        return switch (category) {
            case PREMIUM -> SeatCategory.PREMIUM;
            case WHEELCHAIR -> SeatCategory.WHEELCHAIR;
            case COMPANION -> SeatCategory.COMPANION;
            case COUPLE -> SeatCategory.COUPLE;
            default -> SeatCategory.STANDARD;
        };
    }

    private static TicketType ticketType(marquee.common.v1.TicketType type) {
        return switch (type) {
            case CHILD -> TicketType.CHILD;
            case SENIOR -> TicketType.SENIOR;
            case STUDENT -> TicketType.STUDENT;
            default -> TicketType.ADULT;
        };
    }

    private static Money money(marquee.common.v1.Money money) {
        return new Money(money.getAmountMinor(), money.getCurrency());
    }

    private static Hold hold(Booking booking) {
        List<HoldLine> lines = new ArrayList<>();
        for (BookingLine line : booking.getLinesList()) {
            lines.add(new HoldLine(line.getSeatId(), line.getRow(), line.getNumber(), category(line.getCategory()),
                    ticketType(line.getTicketType()), money(line.getPrice())));
        }
        HoldStatus status = switch (booking.getStatus()) {
            case BOOKING_CONFIRMED -> HoldStatus.CONFIRMED;
            case BOOKING_RELEASED -> HoldStatus.RELEASED;
            case BOOKING_EXPIRED -> HoldStatus.EXPIRED;
            case BOOKING_CANCELLED -> HoldStatus.CANCELLED;
            default -> HoldStatus.HELD;
        };
        return new Hold(booking.getId(), booking.getCode(), booking.getShowtimeId(), status, List.copyOf(lines),
                money(booking.getBookingFee()), money(booking.getTotal()), instant(booking.getExpiresAt()));
    }

    private static TicketInfo ticket(Ticket t) {
        return new TicketInfo(t.getId(), t.getBookingCode(), t.getSeatId(), t.getRow(), t.getNumber(), category(t.getCategory()),
                ticketType(t.getTicketType()), money(t.getPrice()), t.getQrPayload(), t.getMovieTitle(), t.getHallName(),
                instant(t.getStartsAt()));
    }

    private static Instant instant(Timestamp timestamp) {
        return marquee.platform.grpc.ProtoTime.instant(timestamp);
    }

    @Override
    public void close() {
        reconnects.shutdownNow();
        channel.shutdownNow();
    }

    // ---- Printing, offline cache and pickup ----

    @Override
    public TicketSyncPage syncTickets(String cinemaId, String cursor, int limit) {
        var request = marquee.tickets.v1.ListTicketsForSyncRequest.newBuilder().setCinemaId(cinemaId)
                .setCursor(cursor == null ? "" : cursor).setLimit(limit).build();
        var page = call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.listTicketsForSync(request));
        return new TicketSyncPage(page.getTicketsList().stream().map(GrpcBackendClient::ticketRecord).toList(),
                page.getNextCursor(), page.getHasMore());
    }

    @Override
    public List<TicketRecord> ticketRecords(String bookingCode) {
        var request = GetTicketsRequest.newBuilder().setBookingCode(bookingCode).build();
        return call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.getTickets(request))
                .getTicketsList().stream().map(GrpcBackendClient::ticketRecord).toList();
    }

    @Override
    public PrintRun printTickets(String bookingCode, String idempotencyKey) {
        var request = marquee.tickets.v1.PrintTicketsRequest.newBuilder()
                .setBookingCode(bookingCode.strip().toUpperCase(java.util.Locale.ROOT)).setIdempotencyKey(idempotencyKey).build();
        var answer = call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.printTickets(request));
        return new PrintRun(answer.getTicketsList().stream().map(GrpcBackendClient::ticketRecord).toList(),
                answer.getTicketsList().stream().anyMatch(marquee.tickets.v1.Ticket::getDuplicate));
    }

    @Override
    public Verification verify(String qrPayload) {
        var request = marquee.tickets.v1.VerifyTicketRequest.newBuilder().setQrPayload(qrPayload).build();
        return verification(call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.verifyTicket(request)));
    }

    @Override
    public Verification checkIn(String qrPayload) {
        var request = marquee.tickets.v1.VerifyTicketRequest.newBuilder().setQrPayload(qrPayload).build();
        return verification(call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.checkIn(request)));
    }

    private static Verification verification(marquee.tickets.v1.Verification v) {
        VerificationResult result = switch (v.getResult()) {
            case ACCEPTED -> VerificationResult.ACCEPTED;
            case ALREADY_USED -> VerificationResult.ALREADY_USED;
            case REVOKED_TICKET -> VerificationResult.REVOKED;
            case WRONG_SHOW -> VerificationResult.WRONG_SHOW;
            default -> VerificationResult.FORGED;
        };
        return new Verification(result, v.getMessage(), v.hasTicket() && !v.getTicket().getId().isEmpty()
                ? ticketRecord(v.getTicket()) : null, v.hasUsedAt() ? instant(v.getUsedAt()) : null);
    }

    private static TicketRecord ticketRecord(Ticket t) {
        TicketState state = switch (t.getStatus()) {
            case USED -> TicketState.USED;
            case REVOKED -> TicketState.REVOKED;
            default -> TicketState.VALID;
        };
        return new TicketRecord(ticket(t), t.getBookingId(), t.getCinemaId(), t.getShowtimeId(), state,
                t.hasIssuedAt() ? instant(t.getIssuedAt()) : null, t.hasUsedAt() ? instant(t.getUsedAt()) : null,
                t.getReprintCount());
    }

    @Override
    public void reconnectNow() {
        // gRPC waits up to two minutes between connection attempts after a long outage.
        channel.resetConnectBackoff();
    }

    // ---- Cashier mode: staff sign-in, shifts, cash, refunds, overrides, reprints ----

    /** Signs in a cashier or manager at a till; an expired token is renewed with the same login. */
    @Override
    public StaffMember signInStaff(String staffLogin, String pin) {
        signInWith(() -> users().staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin(staffLogin)
                .setPin(pin).build()));
        User me = user;
        StaffRole role = me.getRole() == marquee.users.v1.Role.MANAGER ? StaffRole.MANAGER : StaffRole.CASHIER;
        return new StaffMember(me.getId(), me.getStaffLogin(), me.getDisplayName(), role, me.getCinemaId());
    }

    private static marquee.payments.v1.PaymentsServiceGrpc.PaymentsServiceBlockingStub payments(io.grpc.Channel channel) {
        return marquee.payments.v1.PaymentsServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public java.util.Optional<Shift> currentShift() {
        try {
            return java.util.Optional.of(shift(call(GrpcBackendClient::payments, DEADLINE,
                    stub -> stub.getCurrentShift(marquee.payments.v1.GetCurrentShiftRequest.getDefaultInstance()))));
        } catch (RejectedException e) {
            if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Shift openShift(String stationId, Money openingFloat, String idempotencyKey) {
        var request = marquee.payments.v1.OpenShiftRequest.newBuilder().setStationId(stationId)
                .setOpeningFloat(protoMoney(openingFloat)).setIdempotencyKey(idempotencyKey).build();
        return shift(call(GrpcBackendClient::payments, DEADLINE, stub -> stub.openShift(request)));
    }

    @Override
    public Shift recordCashDrop(String shiftId, long amountMinor, String note, String idempotencyKey) {
        var request = marquee.payments.v1.RecordCashDropRequest.newBuilder().setShiftId(shiftId).setAmountMinor(amountMinor)
                .setNote(note).setIdempotencyKey(idempotencyKey).build();
        return shift(call(GrpcBackendClient::payments, DEADLINE, stub -> stub.recordCashDrop(request)));
    }

    @Override
    public ShiftReport closeShift(String shiftId, long countedMinor, String idempotencyKey) {
        var request = marquee.payments.v1.CloseShiftRequest.newBuilder().setShiftId(shiftId).setCountedMinor(countedMinor)
                .setIdempotencyKey(idempotencyKey).build();
        return toReport(call(GrpcBackendClient::payments, DEADLINE, stub -> stub.closeShift(request)));
    }

    @Override
    public ShiftReport shiftReport(String shiftId) {
        var request = marquee.payments.v1.GetShiftReportRequest.newBuilder().setShiftId(shiftId).build();
        return toReport(call(GrpcBackendClient::payments, DEADLINE, stub -> stub.getShiftReport(request)));
    }

    @Override
    public PaymentSummary summarizePayments(String cinemaId, String takenBy, Instant from, Instant to) {
        var request = marquee.payments.v1.SummarizePaymentsRequest.newBuilder().setCinemaId(cinemaId).setTakenBy(takenBy)
                .setFrom(marquee.platform.grpc.ProtoTime.timestamp(from)).setTo(marquee.platform.grpc.ProtoTime.timestamp(to))
                .build();
        var s = call(GrpcBackendClient::payments, DEADLINE, stub -> stub.summarizePayments(request));
        return new PaymentSummary(money(s.getCardTotal()), money(s.getCashTotal()), money(s.getRefundTotal()),
                s.getChargeCount(), s.getRefundCount(), money(s.getCashRefundTotal()));
    }

    @Override
    public Sale checkoutWithCash(String holdId, long tenderedMinor, String idempotencyKey) {
        return tillCheckout(CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(PaymentMethod.newBuilder().setCash(marquee.reservations.v1.CashDetails.newBuilder()
                        .setTenderedMinor(tenderedMinor))).build());
    }

    @Override
    public Sale checkoutWithCardAtTill(String holdId, String cardNumber, int expiryMonth, int expiryYear, String cvc,
                                       String idempotencyKey) {
        return tillCheckout(CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber(cardNumber)
                        .setExpiryMonth(expiryMonth).setExpiryYear(expiryYear).setCvc(cvc))).build());
    }

    private Sale tillCheckout(CheckoutRequest request) {
        var result = call(ReservationsServiceGrpc::newBlockingStub, CHECKOUT_DEADLINE, stub -> stub.checkout(request));
        Hold booking = hold(result.getBooking());
        CheckoutResult outcome = switch (result.getOutcome()) {
            case COMPLETED -> new CheckoutResult(CheckoutOutcome.COMPLETED, result.getMessage(), booking, tickets(booking.code()));
            case PAYMENT_DECLINED -> new CheckoutResult(CheckoutOutcome.DECLINED, result.getMessage(), booking, List.of());
            case REFUNDED -> new CheckoutResult(CheckoutOutcome.REFUNDED, result.getMessage(), booking, List.of());
            default -> throw new BackendException("Unknown checkout outcome " + result.getOutcome(), null);
        };
        return new Sale(outcome, result.getPaymentId(), new Money(result.getChangeDueMinor(), booking.total().currency()));
    }

    @Override
    public BookingInfo booking(String code) {
        var request = marquee.reservations.v1.GetBookingRequest.newBuilder().setCode(code.strip().toUpperCase(java.util.Locale.ROOT))
                .build();
        var b = call(ReservationsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.getBooking(request));
        Hold h = hold(b);
        return new BookingInfo(h.id(), h.code(), h.status(), b.getMovieTitle(), b.getHallName(),
                b.hasStartsAt() ? instant(b.getStartsAt()) : null, h.lines(), h.total(), b.getPaymentId());
    }

    @Override
    public List<Payment> payments(String bookingId) {
        var request = marquee.payments.v1.ListPaymentsRequest.newBuilder().setBookingId(bookingId).build();
        return call(GrpcBackendClient::payments, DEADLINE, stub -> stub.listPayments(request)).getPaymentsList().stream()
                .map(GrpcBackendClient::payment).toList();
    }

    @Override
    public Approval approveOverride(String managerLogin, String pin, OverrideAction action, String subject) {
        var request = marquee.users.v1.ApproveOverrideRequest.newBuilder().setManagerStaffLogin(managerLogin).setPin(pin)
                .setAction(marquee.users.v1.OverrideAction.valueOf(action.name())).setSubject(subject).build();
        // Not through call(): a wrong PIN is UNAUTHENTICATED too, and signing in again and retrying
        // would count the manager's wrong PIN twice towards the lockout.
        var approval = mapped(() -> stub(UsersServiceGrpc::newBlockingStub, DEADLINE).approveOverride(request));
        return new Approval(approval.getApprovalToken(), approval.getApproverId(), approval.getApproverName(),
                instant(approval.getExpiresAt()));
    }

    @Override
    public Payment refund(String paymentId, long amountMinor, String reason, String approvalToken, String idempotencyKey) {
        var request = marquee.payments.v1.RefundRequest.newBuilder().setPaymentId(paymentId).setAmountMinor(amountMinor)
                .setReason(reason).setApproverToken(approvalToken == null ? "" : approvalToken)
                .setIdempotencyKey(idempotencyKey).build();
        return payment(approvalCall(() -> call(GrpcBackendClient::payments, DEADLINE, stub -> stub.refund(request))));
    }

    @Override
    public BookingInfo cancelBooking(String bookingId, String reason, String approvalToken) {
        return cancel(bookingId, reason, approvalToken, false);
    }

    @Override
    public BookingInfo voidSale(String bookingId, String reason, String approvalToken) {
        return cancel(bookingId, reason, approvalToken, true);
    }

    /** ReservationsService/CancelBooking: the backend refunds, frees the seats and revokes the tickets in one operation. */
    private BookingInfo cancel(String bookingId, String reason, String approvalToken, boolean isVoid) {
        var request = marquee.reservations.v1.CancelBookingRequest.newBuilder().setBookingId(bookingId).setReason(reason)
                .setApprovalToken(approvalToken == null ? "" : approvalToken).setVoidSale(isVoid).build();
        var b = approvalCall(() -> call(ReservationsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.cancelBooking(request)));
        Hold h = hold(b);
        return new BookingInfo(h.id(), h.code(), h.status(), b.getMovieTitle(), b.getHallName(),
                b.hasStartsAt() ? instant(b.getStartsAt()) : null, h.lines(), h.total(), b.getPaymentId());
    }

    @Override
    public List<TicketInfo> reprintTickets(String bookingCode, String reason, String approvalToken, String idempotencyKey) {
        var request = marquee.tickets.v1.ReprintTicketsRequest.newBuilder()
                .setBookingCode(bookingCode.strip().toUpperCase(java.util.Locale.ROOT)).setReason(reason)
                .setApprovalToken(approvalToken == null ? "" : approvalToken).setIdempotencyKey(idempotencyKey).build();
        return approvalCall(() -> call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.reprintTickets(request)))
                .getTicketsList().stream().map(GrpcBackendClient::ticket).toList();
    }

    /** A refusal that a manager's approval would lift becomes an {@link ApprovalRequiredException}. */
    private static <R> R approvalCall(Supplier<R> rpc) {
        try {
            return rpc.get();
        } catch (RejectedException e) {
            if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.PERMISSION_DENIED
                    && e.getMessage() != null && e.getMessage().contains("approv")) {
                throw new ApprovalRequiredException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    private static marquee.common.v1.Money protoMoney(Money money) {
        return marquee.common.v1.Money.newBuilder().setAmountMinor(money.amountMinor()).setCurrency(money.currency()).build();
    }

    private static Shift shift(marquee.payments.v1.Shift s) {
        List<CashDrop> drops = s.getDropsList().stream()
                .map(d -> new CashDrop(money(d.getAmount()), d.getNote(), instant(d.getCreatedAt()))).toList();
        return new Shift(s.getId(), s.getStationId(), s.getCashierId(),
                s.getStatus() == marquee.payments.v1.ShiftStatus.SHIFT_CLOSED ? ShiftStatus.CLOSED : ShiftStatus.OPEN,
                money(s.getOpeningFloat()), instant(s.getOpenedAt()), s.hasClosedAt() ? instant(s.getClosedAt()) : null,
                s.hasCountedCash() ? money(s.getCountedCash()) : null, s.hasExpectedCash() ? money(s.getExpectedCash()) : null,
                s.hasVariance() ? money(s.getVariance()) : null, drops);
    }

    private static ShiftReport toReport(marquee.payments.v1.ShiftReport r) {
        return new ShiftReport(shift(r.getShift()), r.getCashSaleCount(), money(r.getCashSales()), r.getCardSaleCount(),
                money(r.getCardSales()), r.getRefundCount(), money(r.getRefunds()), money(r.getCashRefunds()), r.getVoidCount(),
                money(r.getVoids()), r.getDropCount(), money(r.getDrops()), r.getTicketsSold(), money(r.getNetTotal()));
    }

    private static Payment payment(marquee.payments.v1.Payment p) {
        PaymentStatus status = switch (p.getStatus()) {
            case DECLINED -> PaymentStatus.DECLINED;
            case PARTIALLY_REFUNDED -> PaymentStatus.PARTIALLY_REFUNDED;
            case REFUNDED -> PaymentStatus.REFUNDED;
            case PENDING -> PaymentStatus.PENDING;
            default -> PaymentStatus.APPROVED;
        };
        List<RefundRecord> refunds = p.getRefundsList().stream().map(r -> new RefundRecord(money(r.getAmount()), r.getReason(),
                r.getRequestedBy(), r.getApprovedBy(), r.getKind() == marquee.payments.v1.RefundKind.VOID)).toList();
        return new Payment(p.getId(), p.getBookingId(), money(p.getAmount()), money(p.getRefunded()), status,
                p.getMethod() == marquee.payments.v1.PaymentMethodKind.CASH ? PaidBy.CASH : PaidBy.CARD,
                p.getTakenBy(), p.getShiftId(), refunds);
    }
}
