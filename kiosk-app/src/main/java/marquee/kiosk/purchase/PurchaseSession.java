package marquee.kiosk.purchase;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.work.Async;

/**
 * One customer's purchase at the kiosk: the showtime, the chosen seats with ticket types, the
 * hold and its countdown, the payment and its tickets.
 *
 * <p>State lives in JavaFX properties that are only changed on the UI thread (through
 * {@link Async}); backend calls run in the background. Call
 * the methods from the UI thread. Each asynchronous method also returns a future that completes
 * after the properties show its result.
 *
 * <p>Idempotency: a key is made once per attempt. When an attempt fails because the backend was
 * unavailable, the next identical attempt (same seats, or same hold and card) reuses the key, so
 * the server answers the first request instead of holding or charging twice.
 */
public final class PurchaseSession implements AutoCloseable {
    private final BackendClient backend;
    private final Async async;
    private final Clock clock;
    private final Locale locale;

    private final ReadOnlyObjectWrapper<ShowtimeInfo> showtime = new ReadOnlyObjectWrapper<>(this, "showtime");
    private final ReadOnlyObjectWrapper<SeatMap> seatMap = new ReadOnlyObjectWrapper<>(this, "seatMap");
    private final ObservableMap<String, TicketType> seats = FXCollections.observableMap(new LinkedHashMap<>());
    private final ObservableMap<String, TicketType> seatsView = FXCollections.unmodifiableObservableMap(seats);
    private final ReadOnlyObjectWrapper<Hold> hold = new ReadOnlyObjectWrapper<>(this, "hold");
    private final ReadOnlyIntegerWrapper secondsLeft = new ReadOnlyIntegerWrapper(this, "secondsLeft");
    private final ReadOnlyStringWrapper totalText = new ReadOnlyStringWrapper(this, "totalText", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<CheckoutOutcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final ReadOnlyStringWrapper outcomeMessage = new ReadOnlyStringWrapper(this, "outcomeMessage", "");
    private final ReadOnlyObjectWrapper<RuntimeException> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper holdExpired = new ReadOnlyBooleanWrapper(this, "holdExpired");
    private final ObservableList<TicketInfo> tickets = FXCollections.observableArrayList();
    private final ObservableList<TicketInfo> ticketsView = FXCollections.unmodifiableObservableList(tickets);

    /** Key of the hold attempt that may be retried, with the selection it was for. */
    private String holdKey;
    private Map<String, TicketType> holdKeySeats;
    /** Key of the payment attempt that may be retried, with the hold and card it was for. */
    private String payKey;
    private String payKeyFor;
    private ScheduledFuture<?> countdown;
    /** The release of a hold given up for changed seats; a new hold waits for it, as it may want the same seats. */
    private CompletableFuture<Void> pendingRelease = CompletableFuture.completedFuture(null);
    /** Bumped by every reset, so a late answer for an earlier customer is dropped. */
    private long generation;

    public PurchaseSession(BackendClient backend, Async async, Clock clock, Locale locale) {
        this.backend = Objects.requireNonNull(backend);
        this.async = Objects.requireNonNull(async);
        this.clock = Objects.requireNonNull(clock);
        this.locale = Objects.requireNonNull(locale);
        seats.addListener((javafx.collections.MapChangeListener<String, TicketType>) change -> updateTotal());
    }

    // --- state -------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<ShowtimeInfo> showtimeProperty() { return showtime.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SeatMap> seatMapProperty() { return seatMap.getReadOnlyProperty(); }
    /** Chosen seats with their ticket types, in the order chosen. */
    public ObservableMap<String, TicketType> seats() { return seatsView; }
    public ReadOnlyObjectProperty<Hold> holdProperty() { return hold.getReadOnlyProperty(); }
    /** Seconds until the hold runs out; 0 without a hold. */
    public ReadOnlyIntegerProperty secondsLeftProperty() { return secondsLeft.getReadOnlyProperty(); }
    /** The price to pay, formatted: the server's total once held, an estimate from the price list before. */
    public ReadOnlyStringProperty totalTextProperty() { return totalText.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<CheckoutOutcome> outcomeProperty() { return outcome.getReadOnlyProperty(); }
    /** The server's plain explanation of a DECLINED or REFUNDED outcome. */
    public ReadOnlyStringProperty outcomeMessageProperty() { return outcomeMessage.getReadOnlyProperty(); }
    /** The last failure (SeatsTakenException, RejectedException, BackendUnavailableException…); null after success. */
    public ReadOnlyObjectProperty<RuntimeException> errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty holdExpiredProperty() { return holdExpired.getReadOnlyProperty(); }
    public ObservableList<TicketInfo> tickets() { return ticketsView; }

    // --- choosing ------------------------------------------------------------------------------

    /** Starts over with a showtime (giving up any hold) and loads its seat map. */
    public CompletableFuture<SeatMap> chooseShowtime(ShowtimeInfo chosen) {
        reset();
        showtime.set(chosen);
        return run(() -> backend.seatMap(chosen.id()), map -> {
            seatMap.set(map);
            updateTotal();
        });
    }

    /** Starts over with a showtime whose seat map the caller already loaded (no second round trip). */
    public void useShowtime(ShowtimeInfo chosen, SeatMap map) {
        reset();
        showtime.set(chosen);
        seatMap.set(map);
        updateTotal();
    }

    /**
     * Changes the ticket type of a held seat: the server prices the hold anew and keeps the seats,
     * so no one can take them in between. Without a hold it only changes the selection.
     */
    public CompletableFuture<Hold> changeTicketType(String seatId, TicketType type) {
        Hold held = hold.get();
        if (held == null || !seats.containsKey(seatId)) {
            selectSeat(seatId, type);
            return CompletableFuture.completedFuture(hold.get());
        }
        if (seats.get(seatId) == type) return CompletableFuture.completedFuture(held);
        TicketType before = seats.get(seatId);
        seats.put(seatId, type);
        Map<String, TicketType> wanted = new LinkedHashMap<>(seats);
        return run(() -> backend.changeTicketTypes(held.id(), wanted), changed -> {
            hold.set(changed);
            updateTotal();
        }, failure -> seats.put(seatId, before));
    }

    /** Adds a seat, or changes its ticket type. Changing the seats gives up a hold placed for the old ones. */
    public void selectSeat(String seatId, TicketType type) {
        if (seats.get(seatId) == type) return;
        dropHold();
        seats.put(seatId, type);
    }

    public void deselectSeat(String seatId) {
        if (!seats.containsKey(seatId)) return;
        dropHold();
        seats.remove(seatId);
    }

    public void clearSeats() {
        dropHold();
        seats.clear();
    }

    // --- hold ----------------------------------------------------------------------------------

    /** Holds the chosen seats; while held, the countdown runs. */
    public CompletableFuture<Hold> placeHold() {
        ShowtimeInfo chosen = showtime.get();
        if (chosen == null) throw new IllegalStateException("Choose a showtime first");
        if (seats.isEmpty()) throw new IllegalStateException("Choose at least one seat");
        Map<String, TicketType> selection = new LinkedHashMap<>(seats);
        if (hold.get() != null) return CompletableFuture.completedFuture(hold.get());
        if (holdKey == null || !selection.equals(holdKeySeats)) {
            holdKey = UUID.randomUUID().toString();
            holdKeySeats = selection;
        }
        String key = holdKey;
        CompletableFuture<Void> released = pendingRelease;
        return run(() -> {
            released.join();
            return backend.hold(chosen.id(), selection, key);
        }, placed -> {
            holdKey = null;
            holdKeySeats = null;
            holdExpired.set(false);
            hold.set(placed);
            updateTotal();
            startCountdown();
        }, failure -> {
            if (!(failure instanceof BackendUnavailableException)) holdKey = null;
        });
    }

    // --- payment -------------------------------------------------------------------------------

    /**
     * Pays the hold by card. DECLINED keeps the hold so the customer can try another card;
     * COMPLETED fills {@link #tickets()}.
     */
    public CompletableFuture<CheckoutResult> pay(String cardNumber, int expiryMonth, int expiryYear, String cvc) {
        Hold held = hold.get();
        if (held == null) throw new IllegalStateException("Place a hold first");
        if (outcome.get() == CheckoutOutcome.COMPLETED) throw new IllegalStateException("Already paid");
        String attempt = held.id() + "|" + cardNumber.replace(" ", "") + "|" + expiryMonth + "|" + expiryYear + "|" + cvc;
        if (payKey == null || !attempt.equals(payKeyFor)) {
            payKey = UUID.randomUUID().toString();
            payKeyFor = attempt;
        }
        String key = payKey;
        outcome.set(null);
        outcomeMessage.set("");
        return run(() -> backend.checkoutWithCard(held.id(), cardNumber, expiryMonth, expiryYear, cvc, key), result -> {
            payKey = null;
            payKeyFor = null;
            outcome.set(result.outcome());
            outcomeMessage.set(result.message());
            if (result.outcome() == CheckoutOutcome.COMPLETED) {
                stopCountdown();
                hold.set(result.booking());
                tickets.setAll(result.tickets());
            } else if (result.outcome() == CheckoutOutcome.REFUNDED) {
                stopCountdown();
                hold.set(null);
            }
        }, failure -> {
            if (!(failure instanceof BackendUnavailableException)) {
                payKey = null;
                payKeyFor = null;
            }
        });
    }

    /**
     * Pays the hold at the card terminal beside the kiosk (issue 16): the terminal takes the card,
     * the backend gets its approval; no card data passes through the app. Outcomes as {@link #pay}.
     */
    public CompletableFuture<CheckoutResult> payAtTerminal(marquee.kiosk.payment.CardTerminal terminal,
                                                          java.util.function.Consumer<String> customerText) {
        Hold held = hold.get();
        if (held == null) throw new IllegalStateException("Place a hold first");
        if (outcome.get() == CheckoutOutcome.COMPLETED) throw new IllegalStateException("Already paid");
        outcome.set(null);
        outcomeMessage.set("");
        return run(() -> terminal.payHold(held, customerText, backend), result -> {
            outcome.set(result.outcome());
            outcomeMessage.set(result.message());
            if (result.outcome() == CheckoutOutcome.COMPLETED) {
                stopCountdown();
                hold.set(result.booking());
                tickets.setAll(result.tickets());
            } else if (result.outcome() == CheckoutOutcome.REFUNDED) {
                stopCountdown();
                hold.set(null);
            }
        });
    }

    // --- ending --------------------------------------------------------------------------------

    /**
     * Gives up the purchase (idle timeout, "cancel" button): releases an unpaid hold and clears
     * everything. The future completes when the release is done (or failed; the hold then simply
     * runs out on the server).
     */
    public CompletableFuture<Void> cancel() {
        Hold held = hold.get();
        boolean unpaid = held != null && outcome.get() != CheckoutOutcome.COMPLETED;
        reset();
        if (!unpaid) return CompletableFuture.completedFuture(null);
        return async.background(() -> backend.release(held.id()))
                .exceptionally(failure -> null);
    }

    @Override
    public void close() {
        stopCountdown();
    }

    private void reset() {
        generation++;
        stopCountdown();
        pendingRelease = CompletableFuture.completedFuture(null);
        showtime.set(null);
        seatMap.set(null);
        seats.clear();
        hold.set(null);
        holdKey = null;
        holdKeySeats = null;
        payKey = null;
        payKeyFor = null;
        outcome.set(null);
        outcomeMessage.set("");
        error.set(null);
        holdExpired.set(false);
        tickets.clear();
        busy.set(false);
        updateTotal();
    }

    /** The seats changed under a hold: release it in the background; a new hold is placed for the new seats. */
    private void dropHold() {
        Hold held = hold.get();
        if (held == null || outcome.get() == CheckoutOutcome.COMPLETED) return;
        stopCountdown();
        hold.set(null);
        payKey = null;
        payKeyFor = null;
        pendingRelease = async.background(() -> backend.release(held.id())).exceptionally(failure -> null);
    }

    // --- countdown -----------------------------------------------------------------------------

    private void startCountdown() {
        stopCountdown();
        tick();
        countdown = async.everyOnUi(Duration.ofSeconds(1), Duration.ofSeconds(1), this::tick);
    }

    private void stopCountdown() {
        if (countdown != null) countdown.cancel(false);
        countdown = null;
        secondsLeft.set(0);
    }

    /** Recomputes the seconds left; at zero the hold is gone (the server frees the seats by itself). */
    void tick() {
        Hold held = hold.get();
        if (held == null) return;
        long left = Math.max(0, Duration.between(clock.instant(), held.expiresAt()).toMillis());
        secondsLeft.set((int) Math.ceil(left / 1000.0));
        if (left == 0 && outcome.get() != CheckoutOutcome.COMPLETED) {
            stopCountdown();
            hold.set(null);
            holdExpired.set(true);
            updateTotal();
        }
    }

    // --- price ---------------------------------------------------------------------------------

    private void updateTotal() {
        Hold held = hold.get();
        if (held != null) {
            totalText.set(held.total().format(locale));
            return;
        }
        SeatMap map = seatMap.get();
        if (map == null || seats.isEmpty()) {
            totalText.set("");
            return;
        }
        Money total = map.prices().bookingFee();
        for (var seat : seats.entrySet()) {
            var info = map.seat(seat.getKey());
            if (info.isEmpty()) continue;
            var price = map.prices().price(info.get().category(), seat.getValue());
            if (price.isPresent()) total = total.plus(price.get().amountMinor());
        }
        totalText.set(total.format(locale));
    }

    // --- plumbing ------------------------------------------------------------------------------

    private <T> CompletableFuture<T> run(Supplier<T> call, java.util.function.Consumer<T> onSuccess) {
        return run(call, onSuccess, failure -> {});
    }

    /** Runs {@code call} on the work executor, then applies its result (or failure) on the UI executor. */
    private <T> CompletableFuture<T> run(Supplier<T> call, java.util.function.Consumer<T> onSuccess,
                                         java.util.function.Consumer<RuntimeException> onFailure) {
        long started = generation;
        busy.set(true);
        error.set(null);
        CompletableFuture<T> done = new CompletableFuture<>();
        async.supply(call).whenComplete((result, thrown) -> async.onUi(() -> {
            if (started == generation) {
                busy.set(false);
                if (thrown == null) {
                    onSuccess.accept(result);
                } else {
                    RuntimeException failure = unwrap(thrown);
                    onFailure.accept(failure);
                    error.set(failure);
                }
            }
            if (thrown == null) done.complete(result);
            else done.completeExceptionally(unwrap(thrown));
        }));
        return done;
    }

    private static RuntimeException unwrap(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    /** Seat ids held, for screens that list them. */
    public List<String> heldSeatIds() {
        Hold held = hold.get();
        return held == null ? List.of() : held.lines().stream().map(HoldLine::seatId).toList();
    }
}
