package marquee.kiosk.offline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.OfflineBackend;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.cache.OfflineStore;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Allocations;
import marquee.kiosk.model.OfflineModel.Method;
import marquee.kiosk.model.OfflineModel.Outcome;
import marquee.kiosk.model.OfflineModel.Paid;
import marquee.kiosk.model.OfflineModel.Policy;
import marquee.kiosk.model.OfflineModel.Receipt;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.OfflineModel.SoldTicket;
import marquee.kiosk.model.OfflineModel.Stats;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.pickup.Connectivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminal's offline selling from seats set aside (issue 14). Online, every few minutes and
 * whenever the backend comes back: registers the terminal's key if the backend does not know it,
 * uploads the journaled offline sales (idempotent by sale id, in batches of 500, retried after a
 * cut), records their receipts, gives the allocations sold from back ({@code ReturnAllocations})
 * and takes fresh ones ({@code TakeAllocations}), then reports the journal and allocation in the
 * device state. Offline, {@link #sell} makes a sale from the stored allocation: prices from its
 * price list, an 8-character booking code, tickets signed "MQ2" with the terminal's key, journaled
 * durably before the caller prints.
 */
public final class OfflineSelling implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OfflineSelling.class);
    static final int UPLOAD_BATCH = 500;

    /** A sale that cannot be made (seat not set aside, price missing, card over the floor limit). */
    public static final class SaleRefusedException extends RuntimeException {
        public SaleRefusedException(String message) {
            super(message);
        }
    }

    /** What one online round did. */
    public record Round(int uploaded, int recorded, List<Receipt> needingManager, int returned, int allocatedSeats) {}

    private final OfflineBackend backend;
    private final OfflineStore store;
    private final TerminalKeys keys;
    private final String deviceId;
    private final Connectivity connectivity;
    private final Clock clock;
    private final List<Consumer<Stats>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "offline-selling");
        thread.setDaemon(true);
        return thread;
    });
    private final Object roundLock = new Object();
    private Duration interval = Duration.ofMinutes(3);
    private Duration retry = Duration.ofSeconds(5);
    private ScheduledFuture<?> next;
    private volatile boolean closed;
    private volatile Supplier<Boolean> signedIn = () -> true;
    private volatile boolean kiosk;

    public OfflineSelling(OfflineBackend backend, OfflineStore store, TerminalKeys keys, String deviceId, Connectivity connectivity,
                          Clock clock) {
        this.backend = backend;
        this.store = store;
        this.keys = keys;
        this.deviceId = deviceId;
        this.connectivity = connectivity;
        this.clock = clock;
        connectivity.addListener(state -> {
            if (state.online()) nudge();
            notifyListeners();
        });
    }

    public String deviceId() {
        return deviceId;
    }

    public TerminalKeys keys() {
        return keys;
    }

    public boolean online() {
        return connectivity.online();
    }

    /**
     * A lobby kiosk (issue 14, "and kiosk, if enabled per cinema"): its key is registered only once
     * the cinema's policy lets kiosks sell offline ({@code kiosks_allowed}), and without a
     * registered key it keeps no allocation (tickets it signed would not admit).
     */
    public void forKiosk() {
        this.kiosk = true;
    }

    public boolean isKiosk() {
        return kiosk;
    }

    /** Rounds run only while someone is signed in (the calls need a cashier's or manager's token). */
    public void onlyWhen(Supplier<Boolean> signedIn) {
        this.signedIn = signedIn;
    }

    /** Runs a round now, then every {@code interval} while online and every {@code retry} while offline. */
    public synchronized void start(Duration interval, Duration retry) {
        this.interval = interval;
        this.retry = retry;
        schedule(Duration.ZERO);
    }

    /** Runs a round soon (the backend is back, someone signed in). */
    public synchronized void nudge() {
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration delay) {
        if (closed) return;
        if (next != null) next.cancel(false);
        next = scheduler.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Duration delay = interval;
        try {
            if (signedIn.get()) round();
        } catch (BackendUnavailableException e) {
            connectivity.markOffline(e.getMessage());
            delay = retry;
        } catch (RuntimeException e) {
            log.warn("Offline selling round failed", e);
            delay = retry;
        }
        notifyListeners();
        schedule(delay);
    }

    /**
     * One round with the backend (any thread; rounds never overlap): key, upload, return, take,
     * report. {@code BackendUnavailableException} when the backend cannot be reached — nothing is
     * lost, the next round continues.
     */
    public Round round() {
        synchronized (roundLock) {
            if (!keys.registered() && !kiosk) {
                String id = backend.registerTerminalKey(deviceId, keys.publicKeyBase64());
                keys.markRegistered(id);
                log.info("Registered this terminal's signing key {} for {}", id, deviceId);
            }
            int uploaded = 0;
            int recorded = 0;
            List<Receipt> manager = new ArrayList<>();
            Set<String> soldFrom = new LinkedHashSet<>();
            List<Sale> batch;
            while (!(batch = store.unsynced(UPLOAD_BATCH)).isEmpty()) {
                List<Receipt> receipts = backend.upload(deviceId, batch);
                if (receipts.size() != batch.size()) {
                    throw new IllegalStateException("The backend answered " + receipts.size() + " receipts for " + batch.size() + " sales");
                }
                store.markSynced(receipts);
                Map<String, Sale> byId = new LinkedHashMap<>();
                batch.forEach(s -> byId.put(s.saleId(), s));
                for (Receipt r : receipts) {
                    if (r.outcome() == Outcome.RECORDED) recorded++;
                    if (r.needsManager()) {
                        manager.add(r);
                        log.warn("Offline sale {} came back {}: {} (a manager must look at it)", byId.get(r.saleId()).bookingCode(),
                                r.outcome(), r.message());
                    }
                    if (byId.containsKey(r.saleId())) soldFrom.add(byId.get(r.saleId()).allocationId());
                }
                uploaded += batch.size();
            }
            if (uploaded == 0) store.synced();
            int returned = 0;
            // A sale journaled while this round ran (the till still showed offline) may be from one of these
            // allocations: then nothing is returned now; the next round uploads it and returns them.
            if (!soldFrom.isEmpty() && store.stats().unsynced() == 0) {
                // The allocations of that outage go back to general sale; the take below sets fresh ones aside.
                backend.returnAllocations(deviceId, List.copyOf(soldFrom));
                returned = soldFrom.size();
            }
            Allocations taken;
            try {
                taken = backend.takeAllocations(deviceId);
            } catch (RejectedException e) {
                // Offline selling is off for the cinema (or not for this terminal): nothing set aside.
                log.info("No allocations for {}: {}", deviceId, e.getMessage());
                taken = new Allocations(List.of(), Policy.OFF);
            }
            if (kiosk && taken.policy().kiosksAllowed() && !keys.registered()) {
                String id = backend.registerTerminalKey(deviceId, keys.publicKeyBase64());
                keys.markRegistered(id);
                log.info("Registered this kiosk's signing key {} for {}", id, deviceId);
            }
            if (kiosk && (!taken.policy().kiosksAllowed() || !keys.registered())) {
                // Not for kiosks at this cinema: give anything set aside back, keep nothing.
                if (!taken.allocations().isEmpty()) backend.returnAllocations(deviceId, List.of());
                taken = new Allocations(List.of(), taken.policy());
            }
            store.saveAllocations(taken);
            connectivity.markOnline();
            Stats stats = store.stats();
            try {
                backend.reportTerminal(deviceId, true, stats);
            } catch (RejectedException e) {
                log.info("Device report refused: {}", e.getMessage());
            }
            if (uploaded > 0) log.info("Uploaded {} offline sales ({} new), returned {} allocations", uploaded, recorded, returned);
            notifyListeners();
            return new Round(uploaded, recorded, List.copyOf(manager), returned, stats.allocatedSeats());
        }
    }

    /** Allocations that may be sold from now: seats left and sell_until not passed. */
    public List<Allocation> sellable() {
        Instant now = clock.instant();
        return store.allocations().stream().filter(a -> a.sellable(now)).toList();
    }

    public Policy policy() {
        return store.policy();
    }

    public Stats stats() {
        return store.stats();
    }

    public List<marquee.kiosk.model.OfflineModel.Journaled> needingManager() {
        return store.needingManager();
    }

    /** A REJECTED sale goes up again with the next round (same sale id). */
    public boolean uploadAgain(String saleId) {
        boolean queued = store.uploadAgain(saleId);
        if (queued) nudge();
        notifyListeners();
        return queued;
    }

    public void acknowledge(String saleId) {
        store.acknowledge(saleId);
        notifyListeners();
    }

    /** The price of an order from the allocation's price list (tickets + booking fee); refused if a price is missing. */
    public static Money total(Allocation allocation, Map<String, TicketType> seats) {
        long sum = allocation.prices().bookingFeeMinor();
        for (Map.Entry<String, TicketType> e : seats.entrySet()) sum += price(allocation, e.getKey(), e.getValue()).amountMinor();
        return new Money(sum, allocation.prices().currency());
    }

    private static Money price(Allocation allocation, String seatId, TicketType type) {
        AllocatedSeat seat = allocation.seats().stream().filter(s -> s.seatId().equals(seatId)).findFirst()
                .orElseThrow(() -> new SaleRefusedException("Seat " + seatId + " is not set aside for this till"));
        return allocation.prices().price(seat.category(), type)
                .orElseThrow(() -> new SaleRefusedException(type + " tickets are not sold for " + seat.category() + " seats"));
    }

    /** Whether a card may take this total offline (the cinema's floor limit; 0: cash only). */
    public boolean cardAllowed(Money total) {
        long limit = store.policy().cardFloorLimitMinor();
        return limit > 0 && total.amountMinor() <= limit;
    }

    /**
     * Makes and journals an offline sale (durably, in one transaction that takes the seats out of
     * the allocation) and returns it; only then may it be printed. Refused when the allocation is
     * gone or closed, a seat is not (or no longer) set aside, a price is missing, cash does not
     * cover the total, or a card sale is over the floor limit.
     */
    public Sale sell(String allocationId, Map<String, TicketType> seats, Paid payment, String soldBy, String shiftId) {
        if (seats.isEmpty()) throw new SaleRefusedException("No seats chosen");
        // Online the till sells through the backend; seats set aside are only for an outage.
        if (connectivity.online()) throw new SaleRefusedException("The ticket system is back: sell on the Sale page");
        Allocation allocation = store.allocation(allocationId)
                .orElseThrow(() -> new SaleRefusedException("This showtime's seats are no longer set aside for this till"));
        Instant now = clock.instant();
        if (!now.isBefore(allocation.sellUntil())) throw new SaleRefusedException("Offline sales for this showtime have closed");
        Money total = total(allocation, seats);
        if (payment.method() == Method.CASH && payment.tenderedMinor() < total.amountMinor()) {
            throw new SaleRefusedException("The cash given does not cover the total");
        }
        if (payment.method() == Method.CARD && !cardAllowed(total)) {
            throw new SaleRefusedException("Cards are not taken offline for this amount");
        }
        String code = BookingCodes.next();
        UUID showtime = UUID.fromString(allocation.showtimeId());
        List<SoldTicket> tickets = new ArrayList<>();
        for (Map.Entry<String, TicketType> e : seats.entrySet()) {
            AllocatedSeat seat = allocation.seats().stream().filter(s -> s.seatId().equals(e.getKey())).findFirst().orElseThrow();
            UUID ticketId = UUID.randomUUID();
            tickets.add(new SoldTicket(ticketId.toString(), seat.seatId(), seat.row(), seat.number(), seat.category(), e.getValue(),
                    price(allocation, seat.seatId(), e.getValue()),
                    keys.sign(ticketId, showtime, allocation.startsAt(), code, seat.seatId())));
        }
        Sale sale = new Sale(UUID.randomUUID().toString(), allocation.id(), allocation.showtimeId(), allocation.movieTitle(),
                allocation.hallName(), allocation.startsAt(), code, tickets, allocation.prices().bookingFee(), total, payment, now,
                soldBy == null ? "" : soldBy, shiftId == null ? "" : shiftId);
        try {
            store.journal(sale);
        } catch (OfflineStore.SeatGoneException e) {
            throw new SaleRefusedException(e.getMessage());
        }
        log.info("Offline sale {} journaled: {} tickets, {} {}", code, tickets.size(), total.amountMinor(), total.currency());
        notifyListeners();
        return sale;
    }

    /** Called with fresh stats after every change (on the thread that made it). */
    public void addListener(Consumer<Stats> listener) {
        listeners.add(listener);
    }

    private void notifyListeners() {
        if (listeners.isEmpty()) return;
        Stats stats;
        try {
            stats = store.stats();
        } catch (RuntimeException e) {
            return;
        }
        for (Consumer<Stats> listener : listeners) {
            try {
                listener.accept(stats);
            } catch (RuntimeException e) {
                log.warn("An offline-selling listener failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) next.cancel(false);
        scheduler.shutdownNow();
    }
}
