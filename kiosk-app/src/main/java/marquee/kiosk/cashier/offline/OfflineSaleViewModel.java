package marquee.kiosk.cashier.offline;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.cashier.Amounts;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.cashier.TillPrinting;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Journaled;
import marquee.kiosk.model.OfflineModel.Paid;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.OfflineModel.Stats;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.offline.OfflineSelling;
import marquee.kiosk.seatmap.HallLayout;
import marquee.kiosk.seatmap.SeatCategory;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.seatmap.SeatStatus;
import marquee.kiosk.seats.SeatSelectionViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The till's offline sale (issue 14): while the ticket system cannot be reached, the showtimes
 * with seats set aside for this till (and still open for offline sale), those seats on the hall's
 * map (all others taken), ticket types priced from the allocation's price list, then cash (change
 * due) or — within the cinema's floor limit — the card terminal. The sale is journaled before
 * anything prints; tickets and receipt say "sold offline". Online it shows how many offline sales
 * wait for upload and any the backend could not book as sold (CONFLICT, REJECTED) for a manager.
 */
public final class OfflineSaleViewModel {
    private static final Logger log = LoggerFactory.getLogger(OfflineSaleViewModel.class);

    /** One seat of the order. */
    public record Line(String seatId, String label, TicketType type, String price) {}

    /** The last sale, as the screen shows it. */
    public record Completed(String bookingCode, String total, String changeDue, boolean printed) {}

    private final CashierContext context;
    private final OfflineSelling selling;
    private final TillPrinting printing;
    private final ReadOnlyBooleanWrapper online = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pending = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pendingBadge = new ReadOnlyStringWrapper("");
    private final ObservableList<Allocation> allocations = FXCollections.observableArrayList();
    private final ObservableList<Journaled> needingManager = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Allocation> allocation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SeatMapViewModel> seatMap = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final Map<String, TicketType> types = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Money> totalMoney = new ReadOnlyObjectWrapper<>();
    private final StringProperty tendered = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Completed> completed = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper cardAllowed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper terminalText = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringBinding changeDue;

    public OfflineSaleViewModel(CashierContext context, OfflineSelling selling) {
        this.context = context;
        this.selling = selling;
        this.printing = new TillPrinting(context);
        changeDue = Bindings.createStringBinding(() -> {
            Money t = totalMoney.get();
            OptionalLong given = Amounts.parse(tendered.get(), context.currency());
            if (t == null || given.isEmpty()) return "";
            long change = given.getAsLong() - t.amountMinor();
            return change < 0 ? context.t("sale.tendered.short", Amounts.format(-change, t.currency(), context.locale()))
                    : Amounts.format(change, t.currency(), context.locale());
        }, totalMoney, tendered);
        online.set(selling == null || selling.online());
        if (selling != null) {
            selling.addListener(stats -> context.async().onUi(() -> {
                online.set(selling.online());
                show(stats);
            }));
        }
        updateStatus();
    }

    /** Whether this till has offline selling at all (a key and a store). */
    public boolean available() {
        return selling != null;
    }

    /** Reads the allocations, the counts and the receipts needing a manager (on showing the page, after each change). */
    public void refresh() {
        if (selling == null) return;
        context.async().run(() -> new Object[] {selling.sellable(), selling.stats(), selling.needingManager(), selling.online()},
                got -> {
                    @SuppressWarnings("unchecked") List<Allocation> sellable = (List<Allocation>) got[0];
                    online.set((Boolean) got[3]);
                    Allocation open = allocation.get();
                    allocations.setAll(sellable);
                    if (open != null && sellable.stream().noneMatch(a -> a.id().equals(open.id()))) close();
                    show((Stats) got[1]);
                    @SuppressWarnings("unchecked") List<Journaled> manager = (List<Journaled>) got[2];
                    needingManager.setAll(manager);
                }, failure -> error.set(failure.getMessage()));
    }

    private void show(Stats stats) {
        pending.set(stats.unsynced() == 0 ? context.t("offline.pending.none")
                : context.t("offline.pending", stats.unsynced()));
        pendingBadge.set(stats.unsynced() == 0 && stats.needingManager() == 0 ? ""
                : stats.unsynced() > 0 ? context.t("offline.pending.badge", stats.unsynced())
                : context.t("offline.manager.badge", stats.needingManager()));
        updateStatus();
        if (stats.needingManager() != needingManager.size()) {
            context.async().run(selling::needingManager, needingManager::setAll, failure -> { });
        }
    }

    private void updateStatus() {
        if (selling == null) {
            status.set(context.t("offline.unavailable"));
        } else {
            status.set(online.get() ? context.t("offline.status.online") : context.t("offline.status.offline"));
        }
    }

    public String describe(Allocation a) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(context.zone()).format(a.startsAt()) + "  " + a.movieTitle() + "\n      "
                + a.hallName() + " · " + context.t("offline.seats.left", a.seats().size()) + " · " + context.t("offline.until",
                DateTimeFormatter.ofPattern("HH:mm").withZone(context.zone()).format(a.sellUntil()));
    }

    /** Opens a showtime: its hall with only the seats set aside for this till selectable. */
    public void choose(Allocation chosen) {
        if (chosen == null || busy.get()) return;
        if (online.get()) {
            error.set(context.t("offline.online.refused"));
            return;
        }
        completed.set(null);
        error.set("");
        message.set("");
        types.clear();
        tendered.set("");
        allocation.set(chosen);
        SeatMap cached = context.cachedProgramme().map(p -> p.seatMaps().get(chosen.showtimeId())).orElse(null);
        HallLayout layout = cached != null ? SeatSelectionViewModel.toLayout(cached) : layoutOf(chosen.seats());
        SeatMapViewModel map = new SeatMapViewModel(layout, Math.max(1, chosen.seats().size()),
                ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", context.locale()));
        Map<String, SeatStatus> states = new HashMap<>();
        java.util.Set<String> set = new java.util.HashSet<>();
        chosen.seats().forEach(s -> set.add(s.seatId()));
        layout.seats().forEach(s -> {
            if (!set.contains(s.id())) states.put(s.id(), SeatStatus.SOLD);
        });
        map.applyStates(states);
        Map<marquee.kiosk.model.SeatCategory, String> prices = new java.util.EnumMap<>(marquee.kiosk.model.SeatCategory.class);
        chosen.prices().prices().forEach((category, byType) -> {
            Long adult = byType.get(TicketType.ADULT);
            if (adult != null) prices.put(category, Amounts.format(adult, chosen.prices().currency(), context.locale()));
        });
        map.setPrices(seatmapPrices(prices));
        map.selectedSeats().addListener((javafx.collections.ListChangeListener<String>) c -> recompute());
        seatMap.set(map);
        recompute();
    }

    private static Map<SeatCategory, String> seatmapPrices(Map<marquee.kiosk.model.SeatCategory, String> prices) {
        Map<SeatCategory, String> out = new java.util.EnumMap<>(SeatCategory.class);
        prices.forEach((c, p) -> out.put(SeatCategory.valueOf(c.name()), p));
        return out;
    }

    /** A hall drawn from the allocated seats alone (when the programme copy has no layout of it). */
    static HallLayout layoutOf(List<AllocatedSeat> seats) {
        return marquee.kiosk.offline.AllocationSeatMap.layoutOf(seats);
    }

    private void recompute() {
        Allocation a = allocation.get();
        SeatMapViewModel map = seatMap.get();
        if (a == null || map == null) {
            lines.clear();
            total.set("");
            totalMoney.set(null);
            cardAllowed.set(false);
            return;
        }
        Map<String, TicketType> order = new LinkedHashMap<>();
        for (String seat : map.selectedSeats()) order.put(seat, types.getOrDefault(seat, TicketType.ADULT));
        types.keySet().retainAll(order.keySet());
        List<Line> out = new ArrayList<>();
        for (var e : order.entrySet()) {
            AllocatedSeat seat = a.seats().stream().filter(s -> s.seatId().equals(e.getKey())).findFirst().orElse(null);
            if (seat == null) continue;
            String price = a.prices().price(seat.category(), e.getValue()).map(m -> m.format(context.locale()))
                    .orElse(context.t("offline.price.none"));
            out.add(new Line(seat.seatId(), seat.row() + seat.number() + "  " + context.t("category." + seat.category().name()),
                    e.getValue(), price));
        }
        lines.setAll(out);
        if (order.isEmpty()) {
            total.set("");
            totalMoney.set(null);
            cardAllowed.set(false);
            return;
        }
        try {
            Money sum = OfflineSelling.total(a, order);
            totalMoney.set(sum);
            total.set(Amounts.format(sum, context.locale()));
            cardAllowed.set(hasCardTerminal() && selling.cardAllowed(sum));
        } catch (OfflineSelling.SaleRefusedException e) {
            totalMoney.set(null);
            total.set("");
            error.set(e.getMessage());
        }
    }

    public void setTicketType(String seatId, TicketType type) {
        if (busy.get()) return;
        types.put(seatId, type);
        error.set("");
        recompute();
    }

    private Map<String, TicketType> order() {
        Map<String, TicketType> order = new LinkedHashMap<>();
        lines.forEach(l -> order.put(l.seatId(), l.type()));
        return order;
    }

    public void payCash() {
        Allocation a = allocation.get();
        Money sum = totalMoney.get();
        if (busy.get() || a == null) return;
        if (sum == null || lines.isEmpty()) {
            error.set(context.t("sale.seats.none"));
            return;
        }
        OptionalLong given = Amounts.parse(tendered.get(), sum.currency());
        if (given.isEmpty()) {
            error.set(context.t("sale.tendered.invalid"));
            return;
        }
        if (given.getAsLong() < sum.amountMinor()) {
            error.set(context.t("sale.tendered.short", Amounts.format(sum.amountMinor() - given.getAsLong(), sum.currency(), context.locale())));
            return;
        }
        if (online.get()) {
            error.set(context.t("offline.online.refused"));
            return;
        }
        Map<String, TicketType> order = order();
        sell(() -> selling.sell(a.id(), order, Paid.cash(given.getAsLong()), staffId(), shiftId()), null);
    }

    public boolean hasCardTerminal() {
        return marquee.kiosk.terminal.CardTerminals.configured().isPresent();
    }

    /** Card at the till's terminal, which approves offline on its own within the cinema's floor limit. */
    public void payAtTerminal() {
        Allocation a = allocation.get();
        Money sum = totalMoney.get();
        var terminal = marquee.kiosk.terminal.CardTerminals.configured();
        if (busy.get() || a == null || sum == null || terminal.isEmpty()) return;
        if (!selling.cardAllowed(sum)) {
            error.set(context.t("offline.card.limit"));
            return;
        }
        Map<String, TicketType> order = order();
        sell(null, () -> {
            printing.requireReady();
            var approval = terminal.get().payOffline(sum.amountMinor(), said -> javafx.application.Platform.runLater(() -> terminalText.set(said)));
            javafx.application.Platform.runLater(() -> terminalText.set(""));
            if (!approval.approved()) throw new OfflineSelling.SaleRefusedException(context.t("sale.declined", approval.message()));
            try {
                return selling.sell(a.id(), order, new Paid(marquee.kiosk.model.OfflineModel.Method.CARD, 0, approval.terminalId(),
                        approval.traceNumber(), approval.receiptNumber(), approval.authCode(), approval.maskedPan(), approval.cardBrand()),
                        staffId(), shiftId());
            } catch (RuntimeException e) {
                // Not journaled: no ticket, so no money either.
                terminal.get().cancelOffline(approval);
                throw e;
            }
        });
    }

    private String staffId() {
        return context.staff() == null ? "" : context.staff().id();
    }

    private java.util.function.Supplier<String> shift = () -> "";

    /** Where the open shift's id comes from (the shift screen's model). */
    public void shiftFrom(java.util.function.Supplier<String> shiftId) {
        this.shift = shiftId;
    }

    private String shiftId() {
        String id = shift.get();
        return id == null ? "" : id;
    }

    private record Done(Sale sale, String printProblem) {}

    private void sell(java.util.function.Supplier<Sale> cash, java.util.function.Supplier<Sale> card) {
        busy.set(true);
        error.set("");
        context.async().run(() -> {
            Sale sale;
            if (cash != null) {
                printing.requireReady();
                sale = cash.get();
            } else {
                sale = card.get();
            }
            // Journaled (durably) by now: printing may fail, the sale stands and prints again from the journal.
            String problem = "";
            try {
                printing.printOfflineSale(sale);
            } catch (RuntimeException e) {
                log.warn("Offline sale {} journaled but printing failed", sale.bookingCode(), e);
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            return new Done(sale, problem);
        }, done -> {
            busy.set(false);
            Sale sale = done.sale();
            completed.set(new Completed(sale.bookingCode(), Amounts.format(sale.total(), context.locale()),
                    sale.payment().method() == marquee.kiosk.model.OfflineModel.Method.CASH
                            ? Amounts.format(sale.changeDueMinor(), sale.total().currency(), context.locale()) : "",
                    done.printProblem().isEmpty()));
            message.set(done.printProblem().isEmpty() ? context.t("offline.done", sale.bookingCode())
                    : context.t("offline.print.failed", sale.bookingCode(), done.printProblem()));
            tendered.set("");
            types.clear();
            Allocation was = allocation.get();
            refreshAfterSale(was);
        }, failure -> {
            busy.set(false);
            error.set(failure instanceof TillPrinting.PrinterNotReadyException
                    ? context.t("sale.printer.notready", failure.getMessage())
                    : context.t("offline.refused", failure.getMessage()));
        });
    }

    /** The seats just sold leave the map: reopen the same showtime from the store. */
    private void refreshAfterSale(Allocation was) {
        context.async().run(selling::sellable, sellable -> {
            allocations.setAll(sellable);
            Completed keep = completed.get();
            String keepMessage = message.get();
            Allocation again = was == null ? null : sellable.stream().filter(a -> a.id().equals(was.id())).findFirst().orElse(null);
            if (again != null) choose(again);
            else close();
            completed.set(keep);
            message.set(keepMessage);
        }, failure -> error.set(failure.getMessage()));
    }

    /** Starts the next sale (same showtime). */
    public void newSale() {
        if (busy.get()) return;
        Allocation a = allocation.get();
        completed.set(null);
        message.set("");
        if (a != null) choose(a);
    }

    public void cancelSale() {
        if (busy.get()) return;
        SeatMapViewModel map = seatMap.get();
        if (map != null) map.clearSelection();
        types.clear();
        tendered.set("");
        error.set("");
        recompute();
    }

    private void close() {
        allocation.set(null);
        seatMap.set(null);
        types.clear();
        recompute();
    }

    /** A manager saw a CONFLICT or REJECTED sale and dealt with it. */
    public void acknowledge(Journaled sale) {
        if (selling == null || sale == null) return;
        if (!context.isManager()) {
            error.set(context.t("offline.manager.needed"));
            return;
        }
        context.async().run(() -> {
            selling.acknowledge(sale.sale().saleId());
            return selling.needingManager();
        }, needingManager::setAll, failure -> error.set(failure.getMessage()));
    }

    /** A manager sends a REJECTED sale again (e.g. once the ticket system's fault is fixed). */
    public void uploadAgain(Journaled sale) {
        if (selling == null || sale == null) return;
        if (!context.isManager()) {
            error.set(context.t("offline.manager.needed"));
            return;
        }
        context.async().run(() -> {
            selling.uploadAgain(sale.sale().saleId());
            return selling.needingManager();
        }, needingManager::setAll, failure -> error.set(failure.getMessage()));
    }

    public String describe(Journaled j) {
        return context.t("offline.receipt", j.sale().bookingCode(), j.receipt() == null ? "" : j.receipt().outcome().name(),
                Amounts.format(j.sale().total(), context.locale()), j.receipt() == null ? "" : j.receipt().message());
    }

    /** The backend came back or went away (UI thread). */
    public void connectivity(boolean nowOnline) {
        online.set(nowOnline);
        updateStatus();
        if (nowOnline) close();
        refresh();
    }

    public ReadOnlyBooleanProperty onlineProperty() { return online.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty pendingProperty() { return pending.getReadOnlyProperty(); }
    /** For the till's top bar: empty when nothing waits for upload or a manager. */
    public ReadOnlyStringProperty pendingBadgeProperty() { return pendingBadge.getReadOnlyProperty(); }
    public ObservableList<Allocation> allocations() { return allocations; }
    public ObservableList<Journaled> needingManager() { return needingManager; }
    public ReadOnlyObjectProperty<Allocation> allocationProperty() { return allocation.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SeatMapViewModel> seatMapProperty() { return seatMap.getReadOnlyProperty(); }
    public ObservableList<Line> lines() { return lines; }
    public ReadOnlyStringProperty totalProperty() { return total.getReadOnlyProperty(); }
    public StringProperty tenderedProperty() { return tendered; }
    public StringBinding changeDueBinding() { return changeDue; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Completed> completedProperty() { return completed.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty cardAllowedProperty() { return cardAllowed.getReadOnlyProperty(); }
    public ReadOnlyStringProperty terminalTextProperty() { return terminalText.getReadOnlyProperty(); }
    public BooleanProperty busyProperty() { return busy; }
    public BooleanBinding canPay() { return busy.not().and(totalMoney.isNotNull()).and(online.not()); }
}
