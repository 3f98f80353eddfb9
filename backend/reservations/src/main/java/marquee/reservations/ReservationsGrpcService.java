package marquee.reservations;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import io.grpc.stub.ServerCallStreamObserver;
import marquee.common.v1.SeatCategory;
import marquee.reservations.v1.ChangeTicketTypesRequest;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.reservations.v1.SuggestSeatsResponse;
import marquee.reservations.v1.WatchSeatMapRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import marquee.common.v1.Money;
import marquee.common.v1.TicketType;
import marquee.platform.auth.Auth;
import marquee.platform.auth.Principal;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.payments.v1.PaymentStatus;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.CheckoutResult;
import marquee.reservations.v1.ConfirmBookingRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.users.v1.Role;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ListBookingsResponse;
import marquee.reservations.v1.ListMyBookingsRequest;
import marquee.reservations.v1.PriceEntry;
import marquee.reservations.v1.PriceSummary;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMap;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SeatState;
import marquee.reservations.v1.SeatStatus;

/** Maps the reservations contract onto {@link Holds}, {@link Cancellations} and {@link Checkout}; no rules live here. */
final class ReservationsGrpcService extends ReservationsServiceGrpc.ReservationsServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(ReservationsGrpcService.class);
    private final Holds bookings;
    private final Sales sales;
    private final Checkout checkout;
    private final PaymentsPort payments;
    private final Cancellations cancellations;

    private final SeatMapFeed feed;
    /** Seat-map streams open on this process, and how many may be (they share one feed). */
    private final java.util.concurrent.atomic.AtomicInteger openWatches = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int maxWatches = ReservationsModule.DEFAULT_MAX_WATCHERS;

    ReservationsGrpcService(Holds bookings, Sales sales, Checkout checkout, PaymentsPort payments,
                            SeatMapFeed feed, Cancellations cancellations) {
        this.bookings = bookings;
        this.sales = sales;
        this.checkout = checkout;
        this.payments = payments;
        this.cancellations = cancellations;
        this.feed = feed;
    }

    @Override
    public void checkout(CheckoutRequest request, StreamObserver<CheckoutResult> response) {
        Principal caller = Auth.requireSignedIn();
        UUID bookingId = Check.uuid("booking_id", request.getBookingId());
        if (request.getPayment().getMethodCase() == PaymentMethod.MethodCase.CASH && !caller.isStaff()) {
            throw new PermissionDeniedException("Cash is taken at the box office only (CASHIER or MANAGER)");
        }
        Checkout.Result result = checkout.run(caller, bookingId, request.getPayment(), request.getIdempotencyKey());
        reply(response, CheckoutResult.newBuilder()
                .setOutcome(switch (result.outcome()) {
                    case COMPLETED -> CheckoutOutcome.COMPLETED;
                    case PAYMENT_DECLINED -> CheckoutOutcome.PAYMENT_DECLINED;
                    case REFUNDED -> CheckoutOutcome.REFUNDED;
                })
                .setBooking(toProto(result.booking()))
                .setPaymentId(result.paymentId() == null ? "" : result.paymentId())
                .addAllTicketIds(result.ticketIds())
                .setMessage(result.message() == null ? "" : result.message())
                .setChangeDueMinor(result.changeDueMinor())
                .build());
    }

    @Override
    public void confirmBooking(ConfirmBookingRequest request, StreamObserver<Booking> response) {
        Principal caller = Auth.require(Role.SERVICE, Role.CASHIER, Role.MANAGER);
        marquee.platform.auth.ServiceScopes.require(caller, marquee.platform.auth.ServiceScopes.RESERVATIONS_CONFIRM);
        UUID bookingId = Check.uuid("booking_id", request.getBookingId());
        String paymentId = Check.uuid("payment_id", request.getPaymentId()).toString();
        // Only an approved, untouched payment of exactly the booking's total now can sell its seats.
        reply(response, toProto(checkout.confirmPaid(caller, bookingId, paymentId)));
    }

    @Override
    public void cancelBooking(CancelBookingRequest request, StreamObserver<Booking> response) {
        Principal caller = Auth.requireSignedIn();
        // A kiosk sells; cancelling (and so refunding) its sales is for the box office.
        if (caller.is(Role.KIOSK)) throw new PermissionDeniedException("A kiosk cannot cancel a sale; the box office can");
        marquee.platform.auth.ServiceScopes.require(caller, marquee.platform.auth.ServiceScopes.RESERVATIONS_CANCEL);
        UUID bookingId = Check.uuid("booking_id", request.getBookingId());
        String reason = Check.text("reason", request.getReason(), 1, 200);
        BookingRecord booking = bookings.get(caller, bookingId);
        boolean staff = caller.isStaff() || caller.isService();
        if (!staff) {
            if (!caller.userId().equals(booking.userId())) throw new PermissionDeniedException("Only the box office can cancel this booking");
            if (!booking.startsAt().isAfter(Instant.now())) {
                throw new FailedPreconditionException("The showtime has started; ask at the box office");
            }
        }
        reply(response, toProto(cancellations.cancel(caller, bookingId, reason, request.getVoidSale(), request.getApprovalToken())));
    }

    @Override
    public void suggestSeats(SuggestSeatsRequest request, StreamObserver<SuggestSeatsResponse> response) {
        UUID showtimeId = Check.uuid("showtime_id", request.getShowtimeId());
        if (request.getCategory() == SeatCategory.UNRECOGNIZED) {
            throw new InvalidArgumentException("category: unknown value " + request.getCategoryValue());
        }
        reply(response, SuggestSeatsResponse.newBuilder()
                .addAllSeatIds(bookings.suggest(showtimeId, request.getCount(), request.getCategory())).build());
    }

    /**
     * How many seat-map streams this process serves at once.
     */
    void limitWatchers(int max) {
        this.maxWatches = max;
    }

    int openWatches() {
        return openWatches.get();
    }

    /**
     * Sends a snapshot, then every newer seat event of the showtime (written by every instance in the
     * same transactions as the changes) from the process's shared {@link SeatMapFeed} until the client goes away.
     */
    @Override
    public void watchSeatMap(WatchSeatMapRequest request, StreamObserver<SeatMapEvent> response) {
        UUID showtimeId = Check.uuid("showtime_id", request.getShowtimeId());
        if (openWatches.incrementAndGet() > maxWatches) {
            openWatches.decrementAndGet();
            throw new marquee.platform.errors.ResourceExhaustedException("This server follows " + maxWatches
                    + " seat maps already; try again shortly", Duration.ofSeconds(5));
        }
        java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable release = () -> {
            if (counted.compareAndSet(true, false)) openWatches.decrementAndGet();
        };
        try {
            watch(showtimeId, (ServerCallStreamObserver<SeatMapEvent>) response, release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private void watch(UUID showtimeId, ServerCallStreamObserver<SeatMapEvent> stream, Runnable release) {
        SeatMapView snapshot = bookings.seatMap(showtimeId);
        SeatMapEvent.Builder first = SeatMapEvent.newBuilder().setVersion(snapshot.version()).setSnapshot(true).setReason("snapshot");
        snapshot.states().forEach((seat, state) -> first.addChanges(SeatState.newBuilder().setSeatId(seat).setStatus(toProto(state))));
        stream.onNext(first.build());
        AtomicReference<SeatMapFeed.Subscription> subscription = new AtomicReference<>();
        Runnable stop = () -> {
            SeatMapFeed.Subscription running = subscription.getAndSet(null);
            if (running != null) running.close();
            release.run();
        };
        // The feed calls one watcher from one thread at a time, in version order.
        subscription.set(feed.subscribe(showtimeId, snapshot.version(), new SeatMapFeed.Watcher() {
            @Override
            public void onEvent(SeatEvent event) {
                SeatStatus status = switch (event.status()) {
                    case "HELD" -> SeatStatus.SEAT_HELD;
                    case "SOLD" -> SeatStatus.SEAT_SOLD;
                    default -> SeatStatus.SEAT_FREE;
                };
                SeatMapEvent.Builder out = SeatMapEvent.newBuilder().setVersion(event.version()).setReason(event.reason());
                event.seatIds().forEach(seat -> out.addChanges(SeatState.newBuilder().setSeatId(seat).setStatus(status)));
                stream.onNext(out.build());
            }

            @Override
            public void onFailure(RuntimeException cause) {
                // The stream cannot go on without its source; the client reconnects and gets a fresh snapshot.
                release.run();
                if (!stream.isCancelled()) {
                    stream.onError(io.grpc.Status.UNAVAILABLE.withDescription("seat updates interrupted; watch again").asRuntimeException());
                }
            }

            @Override
            public boolean isGone() {
                if (!stream.isCancelled()) return false;
                release.run();
                return true;
            }
        }));
        stream.setOnCancelHandler(stop::run);
    }

    @Override
    public void getSeatMap(GetSeatMapRequest request, StreamObserver<SeatMap> response) {
        UUID showtimeId = Check.uuid("showtime_id", request.getShowtimeId());
        reply(response, toProto(bookings.seatMap(showtimeId)));
    }

    @Override
    public void holdSeats(HoldSeatsRequest request, StreamObserver<Booking> response) {
        Principal caller = Auth.requireSignedIn();
        UUID showtimeId = Check.uuid("showtime_id", request.getShowtimeId());
        reply(response, toProto(bookings.hold(caller, showtimeId, selections(request.getSeatsList()), request.getIdempotencyKey())));
    }

    private static List<SeatRules.Selection> selections(List<SeatSelection> seats) {
        List<SeatRules.Selection> selections = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            SeatSelection seat = seats.get(i);
            if (seat.getTicketType() == TicketType.UNRECOGNIZED) {
                throw new InvalidArgumentException("seats[" + i + "].ticket_type: unknown value " + seat.getTicketTypeValue());
            }
            selections.add(new SeatRules.Selection(seat.getSeatId().strip(), seat.getTicketType()));
        }
        return selections;
    }

    @Override
    public void changeTicketTypes(ChangeTicketTypesRequest request, StreamObserver<Booking> response) {
        Principal caller = Auth.requireSignedIn();
        UUID bookingId = Check.uuid("booking_id", request.getBookingId());
        reply(response, toProto(checkout.changeTicketTypes(caller, bookingId, selections(request.getSeatsList()))));
    }

    @Override
    public void releaseHold(ReleaseHoldRequest request, StreamObserver<Booking> response) {
        Principal caller = Auth.requireSignedIn();
        reply(response, toProto(bookings.release(caller, Check.uuid("booking_id", request.getBookingId()))));
    }

    @Override
    public void getBooking(GetBookingRequest request, StreamObserver<Booking> response) {
        Principal caller = Auth.requireSignedIn();
        BookingRecord booking = switch (request.getKeyCase()) {
            case CODE -> bookings.getByCode(caller, request.getCode());
            case BOOKING_ID -> bookings.get(caller, Check.uuid("booking_id", request.getBookingId()));
            case KEY_NOT_SET -> throw new InvalidArgumentException("code or booking_id is required");
        };
        reply(response, toProto(booking).toBuilder().setCheckoutOpen(checkout.open(booking.id())).build());
    }

    @Override
    public void listMyBookings(ListMyBookingsRequest request, StreamObserver<ListBookingsResponse> response) {
        Principal caller = Auth.requireSignedIn();
        reply(response, ListBookingsResponse.newBuilder()
                .addAllBookings(bookings.mine(caller).stream().map(ReservationsGrpcService::toProto).toList()).build());
    }

    static Booking toProto(BookingRecord b) {
        return BookingMessages.toProto(b);
    }

    private static BookingStatus toProto(BookingRecord.Status status) {
        return BookingMessages.toProto(status);
    }

    static SeatMap toProto(SeatMapView view) {
        var show = view.show();
        PriceSummary.Builder prices = PriceSummary.newBuilder().setCurrency(show.prices().getCurrency())
                .setBookingFeeMinor(show.prices().getBookingFeeMinor());
        for (var price : show.prices().getPricesList()) {
            prices.addEntries(PriceEntry.newBuilder().setCategory(price.getCategory()).setTicketType(price.getTicketType())
                    .setAmountMinor(price.getAmountMinor()));
        }
        SeatMap.Builder out = SeatMap.newBuilder().setShowtimeId(show.showtimeId().toString()).setHall(show.hall())
                .setVersion(view.version()).setSalesRules(show.rules()).setPrices(prices);
        for (Map.Entry<String, SeatMapView.SeatState> state : view.states().entrySet()) {
            out.addStates(SeatState.newBuilder().setSeatId(state.getKey()).setStatus(toProto(state.getValue())));
        }
        return out.build();
    }

    static SeatStatus toProto(SeatMapView.SeatState state) {
        return switch (state) {
            case HELD -> SeatStatus.SEAT_HELD;
            case SOLD -> SeatStatus.SEAT_SOLD;
            case BLOCKED -> SeatStatus.SEAT_BLOCKED;
        };
    }

    private static Money money(long amountMinor, String currency) {
        return Money.newBuilder().setAmountMinor(amountMinor).setCurrency(currency).build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
