package marquee.kiosk.offlinesale;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Method;
import marquee.kiosk.model.OfflineModel.Paid;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.nav.ScreenModel;
import marquee.kiosk.offline.AllocationSeatMap;
import marquee.kiosk.offline.OfflineSelling;
import marquee.kiosk.printing.PrintText;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.Receipt;
import marquee.kiosk.seatmap.HallLayout;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.terminal.TerminalCheckout;
import marquee.kiosk.work.Async;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's offline sale (issue 14, "and kiosk, if enabled per cinema"): while the ticket
 * system cannot be reached, the out-of-order screen offers the showtimes that still have seats set
 * aside for this kiosk; the customer picks seats among those only, ticket types priced from the
 * allocation's price list, and pays by card at the kiosk's terminal — only up to the cinema's
 * offline floor limit. The sale is journaled (durably) before the tickets print, "SOLD OFFLINE"
 * with the kiosk's MQ2 codes; {@link OfflineSelling} uploads it once the backend is back.
 */
public final class OfflineSaleViewModel extends ScreenModel {
    private static final Logger log = LoggerFactory.getLogger(OfflineSaleViewModel.class);

    public enum Step { SHOWTIMES, SEATS, PAYING, DONE }

    /** One seat of the order: the types it can be sold as, the chosen one, its price. */
    public record Line(String seatId, String label, List<TicketType> types, TicketType type, String price) {}

    /** The sale made, as the customer sees it. */
    public record Done(String bookingCode, String total, boolean printed) {}

    private final DeviceHealth health;
    private final Async async;
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.SHOWTIMES);
    private final ObservableList<Allocation> allocations = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Allocation> allocation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SeatMapViewModel> seatMap = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final Map<String, TicketType> types = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<Money> totalMoney = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper terminalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper limitText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Done> done = new ReadOnlyObjectWrapper<>();
    private OfflineSelling selling;
    private Printer printer;
    private Supplier<Optional<TerminalCheckout>> terminal = Optional::empty;
    private Function<String, HallLayout> hallOf = showtimeId -> null;

    public OfflineSaleViewModel(Navigator nav, DeviceHealth health, Async async) {
        super(nav);
        this.health = health;
        this.async = async;
        nav.onVisitEnd(this::forget);
    }

    /**
     * Offline selling is set up for this kiosk (a card terminal, the cinema lets kiosks sell
     * offline): {@code hallOf} gives a showtime's hall from the saved programme (null: drawn from
     * the allocated seats). UI thread.
     */
    public void use(OfflineSelling selling, Printer printer, Supplier<Optional<TerminalCheckout>> terminal,
                    Function<String, HallLayout> hallOf) {
        this.selling = selling;
        this.printer = printer;
        this.terminal = terminal;
        this.hallOf = hallOf;
        selling.addListener(stats -> async.onUi(this::refresh));
        async.everyOnUi(Duration.ofSeconds(2), Duration.ofSeconds(15), this::refresh);
        refresh();
    }

    /** Whether the out-of-order screen offers offline tickets: offline, seats set aside still on sale, a terminal. */
    public void refresh() {
        OfflineSelling s = selling;
        if (s == null) return;
        async.run(() -> s.online() || !s.policy().kiosksAllowed() || terminal.get().isEmpty() ? List.<Allocation>of() : s.sellable(),
                sellable -> {
                    available.set(!sellable.isEmpty());
                    // Only a change rebuilds the list (a customer's finger may be on a button).
                    if (step.get() == Step.SHOWTIMES && !allocations.equals(sellable)) allocations.setAll(sellable);
                }, failure -> log.warn("Offline allocations could not be read: {}", failure.getMessage()));
    }

    /** From the out-of-order screen: the showtimes with seats set aside. */
    public void open() {
        if (!available.get()) return;
        nav.endVisit();
        nav.clearNotice();
        step.set(Step.SHOWTIMES);
        refresh();
        nav.show(Screen.OFFLINE_SALE);
    }

    private ResourceBundle text() {
        return ResourceBundle.getBundle("marquee.kiosk.messages", nav.language());
    }

    private String t(String key, Object... args) {
        String pattern = text().getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, nav.language()).format(args);
    }

    public ZoneId zone() {
        return health.zone();
    }

    public String describe(Allocation a) {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone());
        return hm.format(a.startsAt()) + "  " + a.movieTitle() + "  ·  " + a.hallName() + "  ·  " + t("offline.seats.left", a.seats().size());
    }

    /** The customer picked a showtime: its hall, only the seats set aside for this kiosk selectable. */
    public void choose(Allocation chosen) {
        if (chosen == null || selling == null) return;
        problem.set("");
        done.set(null);
        types.clear();
        allocation.set(chosen);
        HallLayout hall = null;
        try {
            hall = hallOf.apply(chosen.showtimeId());
        } catch (RuntimeException e) {
            log.debug("No saved hall for {}: {}", chosen.showtimeId(), e.getMessage());
        }
        SeatMapViewModel map = AllocationSeatMap.open(chosen, hall, ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", nav.language()),
                money -> money.format(nav.language()));
        map.selectedSeats().addListener((ListChangeListener<String>) c -> recompute());
        seatMap.set(map);
        long limit = selling.policy().cardFloorLimitMinor();
        limitText.set(t("offline.card.rule", new Money(limit, chosen.prices().currency()).format(nav.language())));
        step.set(Step.SEATS);
        recompute();
    }

    public void setTicketType(String seatId, TicketType type) {
        if (step.get() != Step.SEATS) return;
        types.put(seatId, type);
        recompute();
    }

    private void recompute() {
        Allocation a = allocation.get();
        SeatMapViewModel map = seatMap.get();
        lines.clear();
        totalMoney.set(null);
        total.set("");
        if (a == null || map == null) return;
        Map<String, TicketType> order = order(map);
        List<Line> out = new ArrayList<>();
        for (var e : order.entrySet()) {
            AllocatedSeat seat = a.seats().stream().filter(s -> s.seatId().equals(e.getKey())).findFirst().orElse(null);
            if (seat == null) continue;
            Map<TicketType, Long> byType = a.prices().prices().getOrDefault(seat.category(), Map.of());
            List<TicketType> sold = java.util.Arrays.stream(TicketType.values()).filter(byType::containsKey).toList();
            String price = a.prices().price(seat.category(), e.getValue()).map(m -> m.format(nav.language())).orElse("");
            out.add(new Line(seat.seatId(), t("offline.seat", seat.row(), seat.number()), sold, e.getValue(), price));
        }
        lines.setAll(out);
        if (order.isEmpty()) return;
        try {
            Money sum = OfflineSelling.total(a, order);
            totalMoney.set(sum);
            total.set(sum.format(nav.language()));
            problem.set(selling.cardAllowed(sum) ? "" : t("offline.card.limit", limitOf(sum)));
        } catch (OfflineSelling.SaleRefusedException e) {
            problem.set(t("offline.refused", e.getMessage()));
        }
    }

    private String limitOf(Money sum) {
        return new Money(selling.policy().cardFloorLimitMinor(), sum.currency()).format(nav.language());
    }

    private Map<String, TicketType> order(SeatMapViewModel map) {
        Map<String, TicketType> order = new LinkedHashMap<>();
        for (String seat : map.selectedSeats()) order.put(seat, types.getOrDefault(seat, TicketType.ADULT));
        types.keySet().retainAll(order.keySet());
        return order;
    }

    private record Paying(Sale sale, boolean printed) {}

    /** Card at the kiosk's terminal, which approves on its own offline; refused above the cinema's floor limit. */
    public void payByCard() {
        Allocation a = allocation.get();
        Money sum = totalMoney.get();
        SeatMapViewModel map = seatMap.get();
        if (step.get() != Step.SEATS || a == null || map == null) return;
        if (sum == null) {
            problem.set(t("offline.seats.none"));
            return;
        }
        if (!selling.cardAllowed(sum)) {
            // The customer reads why, in the kiosk's language; the terminal is never asked.
            problem.set(t("offline.card.limit", limitOf(sum)));
            return;
        }
        if (selling.online()) {
            problem.set(t("offline.back"));
            return;
        }
        Optional<TerminalCheckout> card = terminal.get();
        if (card.isEmpty()) {
            problem.set(t("offline.noterminal"));
            return;
        }
        Map<String, TicketType> order = order(map);
        problem.set("");
        step.set(Step.PAYING);
        nav.setBusy(true);
        var language = nav.language();
        async.run(() -> {
            var approval = card.get().payOffline(sum.amountMinor(), said -> async.onUi(() -> terminalText.set(said)));
            if (!approval.approved()) throw new OfflineSelling.SaleRefusedException(t("offline.declined", approval.message()));
            Sale sale;
            try {
                sale = selling.sell(a.id(), order, new Paid(Method.CARD, 0, approval.terminalId(), approval.traceNumber(),
                        approval.receiptNumber(), approval.authCode(), approval.maskedPan(), approval.cardBrand()), "", "");
            } catch (RuntimeException e) {
                // Not journaled: no ticket, so no money either.
                card.get().cancelOffline(approval);
                throw e;
            }
            // Journaled by now: the sale stands even if printing fails (staff reprint from the booking code).
            boolean printed = true;
            try {
                print(sale, language);
            } catch (RuntimeException e) {
                log.warn("Offline sale {} journaled but printing failed", sale.bookingCode(), e);
                printed = false;
            }
            return new Paying(sale, printed);
        }, paid -> {
            nav.setBusy(false);
            terminalText.set("");
            done.set(new Done(paid.sale().bookingCode(), paid.sale().total().format(nav.language()), paid.printed()));
            step.set(Step.DONE);
            refresh();
        }, failure -> {
            nav.setBusy(false);
            terminalText.set("");
            step.set(Step.SEATS);
            Throwable cause = Async.unwrap(failure);
            problem.set(cause instanceof OfflineSelling.SaleRefusedException ? cause.getMessage()
                    : t("offline.refused", cause.getMessage()));
            refresh();
        });
    }

    private void print(Sale sale, java.util.Locale language) {
        String cinema = health.cinemaProperty().get() == null ? "" : health.cinemaProperty().get().name();
        String mark = ResourceBundle.getBundle("marquee.kiosk.messages", language).getString("offline.print.mark");
        printer.print(sale.tickets().stream().map(ticket -> new PrintedTicket(mark + " - " + cinema, sale.movieTitle() + " (" + mark + ")",
                sale.hallName(), ticket.row(), ticket.number(), ticket.category(), ticket.ticketType(), sale.startsAt(), zone(), ticket.price(),
                sale.bookingCode(), ticket.qrPayload(), false, language)).toList());
        var text = PrintText.of(language);
        List<Receipt.Line> receiptLines = sale.tickets().stream().map(ticket -> new Receipt.Line(sale.movieTitle() + " - " + ticket.row()
                + ticket.number() + " " + text.text("type." + ticket.ticketType().name()), ticket.price())).toList();
        printer.print(Receipt.card(mark + " - " + cinema, sale.bookingCode(), sale.soldAt(), zone(), receiptLines, sale.bookingFee(),
                sale.total(), language));
    }

    private void forget() {
        if (step.get() == Step.PAYING) return;
        step.set(Step.SHOWTIMES);
        allocation.set(null);
        seatMap.set(null);
        types.clear();
        lines.clear();
        totalMoney.set(null);
        total.set("");
        problem.set("");
        done.set(null);
    }

    @Override
    public void back() {
        switch (step.get()) {
            case SEATS -> {
                forget();
                refresh();
            }
            case PAYING -> { }
            default -> startOver();
        }
    }

    public ReadOnlyBooleanProperty availableProperty() { return available.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Step> stepProperty() { return step.getReadOnlyProperty(); }
    public ObservableList<Allocation> allocations() { return allocations; }
    public ReadOnlyObjectProperty<Allocation> allocationProperty() { return allocation.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SeatMapViewModel> seatMapProperty() { return seatMap.getReadOnlyProperty(); }
    public ObservableList<Line> lines() { return lines; }
    public ReadOnlyStringProperty totalProperty() { return total.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Money> totalMoneyProperty() { return totalMoney.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty terminalTextProperty() { return terminalText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty limitTextProperty() { return limitText.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Done> doneProperty() { return done.getReadOnlyProperty(); }
}
