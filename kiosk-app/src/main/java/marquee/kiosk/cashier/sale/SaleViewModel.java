package marquee.kiosk.cashier.sale;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import marquee.kiosk.cashier.Amounts;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.cashier.TillPrinting;
import marquee.kiosk.payment.PaymentTerminal;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.HoldStatus;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.Sale;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.printing.Receipt;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.seats.SeatSelectionViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A counter sale: today's showtimes (type to filter), the live seat map with best-available,
 * a hold, ticket types per seat, then cash (tendered → change) or card; prints tickets and receipt.
 * Money is only taken while the hold stands and the printer can print.
 */
public final class SaleViewModel {
    private static final Logger log = LoggerFactory.getLogger(SaleViewModel.class);

    /** A finished sale as the screen shows it. */
    public record Completed(String bookingCode, Money total, Money changeDue, boolean cash, boolean printed) {}

    private final CashierContext context;
    private final TillPrinting printing;
    private final ObservableList<ShowtimeInfo> showtimes = FXCollections.observableArrayList();
    private final FilteredList<ShowtimeInfo> filtered = new FilteredList<>(showtimes, s -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<ShowtimeInfo> showtime = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SeatSelectionViewModel> seats = new ReadOnlyObjectWrapper<>();
    /** The seat map of the open showtime once loaded; what the sale view draws. */
    private final ReadOnlyObjectWrapper<SeatMapViewModel> seatMap = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty party = new SimpleIntegerProperty(2);
    private final ReadOnlyObjectWrapper<Hold> hold = new ReadOnlyObjectWrapper<>();
    private final ObservableList<HoldLine> lines = FXCollections.observableArrayList();
    private final StringProperty tendered = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fee = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper holdUntil = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Completed> completed = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringBinding changeDue;
    private String holdKey = CashierContext.newKey("hold");
    private String payKey = CashierContext.newKey("pay");

    public SaleViewModel(CashierContext context) {
        this.context = context;
        this.printing = new TillPrinting(context);
        filter.addListener((p, o, text) -> filtered.setPredicate(s -> matches(s, text)));
        changeDue = Bindings.createStringBinding(() -> {
            Hold h = hold.get();
            OptionalLong given = Amounts.parse(tendered.get(), context.currency());
            if (h == null || given.isEmpty()) return "";
            long change = given.getAsLong() - h.total().amountMinor();
            return change < 0 ? context.t("sale.tendered.short", Amounts.format(-change, h.total().currency(), context.locale()))
                    : Amounts.format(change, h.total().currency(), context.locale());
        }, hold, tendered);
        seats.addListener((p, o, open) -> {
            seatMap.unbind();
            if (open == null) seatMap.set(null);
            else seatMap.bind(open.seatMapProperty());
        });
    }

    private boolean matches(ShowtimeInfo s, String text) {
        if (text == null || text.isBlank()) return true;
        String needle = text.strip().toLowerCase(Locale.ROOT);
        return (s.movieTitle() + " " + s.hallName() + " " + time(s) + " " + s.format()).toLowerCase(Locale.ROOT).contains(needle);
    }

    public String time(ShowtimeInfo s) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(context.zone()).format(s.startsAt());
    }

    /** Today's showtimes at the cinema that have not started more than 30 minutes ago, by time. */
    public void loadShowtimes() {
        String cinemaId = context.cinema().id();
        LocalDate today = LocalDate.now(context.zone());
        context.async().run(() -> context.backend().showtimes(cinemaId, today), list -> {
            Instant cutoff = Instant.now().minusSeconds(30 * 60);
            showtimes.setAll(list.stream().filter(s -> s.startsAt().isAfter(cutoff))
                    .sorted(java.util.Comparator.comparing(ShowtimeInfo::startsAt)).toList());
            if (showtimes.isEmpty()) message.set(context.t("sale.showtimes.none"));
        }, failure -> {
            var cached = failure instanceof marquee.kiosk.backend.BackendUnavailableException
                    ? context.cachedProgramme() : java.util.Optional.<marquee.kiosk.cache.Programme>empty();
            if (cached.isEmpty()) {
                error.set(context.t("error.backend", failure.getMessage()));
                return;
            }
            // Offline: the programme from the till's copy, so staff can still answer "what is on"; nothing is sold.
            Instant cutoff = Instant.now().minusSeconds(30 * 60);
            showtimes.setAll(cached.get().showtimes().stream()
                    .filter(s -> s.startsAt().isAfter(cutoff) && LocalDate.ofInstant(s.startsAt(), context.zone()).equals(today))
                    .sorted(java.util.Comparator.comparing(ShowtimeInfo::startsAt)).toList());
            message.set(context.t("sale.offline.programme", java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                    .withZone(context.zone()).format(cached.get().savedAt())));
        });
    }

    /** Opens the seat map of a showtime; gives up a running hold first (its seats go back on sale). */
    public void choose(ShowtimeInfo chosen) {
        if (chosen == null || busy.get()) return;
        releaseHold();
        closeSeats();
        completed.set(null);
        error.set("");
        message.set("");
        showtime.set(chosen);
        SeatSelectionViewModel model = new SeatSelectionViewModel(context.backend(), chosen.id(), chosen.movieTitle(),
                context.async(), context.locale());
        seats.set(model);
        model.load(failure -> error.set(context.t("error.backend", failure.getMessage())));
    }

    /** The first showtime the filter leaves, for Enter in the filter field. */
    public void chooseFirstMatch() {
        if (!filtered.isEmpty()) choose(filtered.get(0));
    }

    public void bestSeats() {
        SeatSelectionViewModel model = seats.get();
        if (model != null && hold.get() == null) model.suggest(party.get());
    }

    public void holdSeats() {
        SeatSelectionViewModel model = seats.get();
        if (model == null || model.seatMapProperty().get() == null || busy.get()) return;
        if (hold.get() != null) return;
        List<String> chosen = List.copyOf(model.seatMapProperty().get().selectedSeats());
        if (chosen.isEmpty()) {
            error.set(context.t("sale.seats.none"));
            return;
        }
        Map<String, TicketType> wanted = new LinkedHashMap<>();
        chosen.forEach(seat -> wanted.put(seat, TicketType.ADULT));
        String showtimeId = model.showtimeId();
        String key = holdKey;
        // Marked as ours before asking: the seat stream's "held" may arrive before the answer, and
        // must not read as someone else taking the cashier's seats.
        model.seatMapProperty().get().setOwnHold(chosen);
        run(() -> context.backend().hold(showtimeId, wanted, key), held -> {
            holdKey = CashierContext.newKey("hold");
            completed.set(null);
            message.set("");
            setHold(held);
            model.seatMapProperty().get().setOwnHold(held.lines().stream().map(HoldLine::seatId).toList());
        }, failure -> model.seatMapProperty().get().setOwnHold(List.of()));
    }

    public void setTicketType(String seatId, TicketType type) {
        Hold current = hold.get();
        if (current == null || busy.get()) return;
        Map<String, TicketType> types = new LinkedHashMap<>();
        current.lines().forEach(l -> types.put(l.seatId(), l.seatId().equals(seatId) ? type : l.ticketType()));
        run(() -> context.backend().changeTicketTypes(current.id(), types), this::setHold);
    }

    private void setHold(Hold held) {
        hold.set(held);
        lines.setAll(held == null ? List.of() : held.lines());
        total.set(held == null ? "" : Amounts.format(held.total(), context.locale()));
        holdUntil.set(held == null ? "" : context.t("sale.hold.until",
                DateTimeFormatter.ofPattern("HH:mm").withZone(context.zone()).format(held.expiresAt())));
        fee.set(held == null || held.bookingFee() == null || held.bookingFee().amountMinor() == 0 ? ""
                : context.t("sale.fee", Amounts.format(held.bookingFee(), context.locale())));
    }

    private record Paid(Sale sale, Money tendered, String printProblem) {}

    public void payCash() {
        Hold current = hold.get();
        if (!canTakeMoney(current)) return;
        OptionalLong given = Amounts.parse(tendered.get(), current.total().currency());
        if (given.isEmpty()) {
            error.set(context.t("sale.tendered.invalid"));
            return;
        }
        if (given.getAsLong() < current.total().amountMinor()) {
            error.set(context.t("sale.tendered.short", Amounts.format(current.total().amountMinor() - given.getAsLong(),
                    current.total().currency(), context.locale())));
            return;
        }
        Money money = new Money(given.getAsLong(), current.total().currency());
        pay(() -> context.cashier().checkoutWithCash(current.id(), given.getAsLong(), payKey), money);
    }

    public List<PaymentTerminal.Card> testCards() {
        return PaymentTerminal.TEST_CARDS;
    }

    public void payCard(PaymentTerminal.Card card) {
        Hold current = hold.get();
        if (!canTakeMoney(current)) return;
        pay(() -> context.cashier().checkoutWithCardAtTill(current.id(), card.number(), card.expiryMonth(), card.expiryYear(),
                card.cvc(), payKey), null);
    }

    // --- card terminal at the till (issue 16): a real ZVT terminal when one is configured ---------

    private final ReadOnlyStringWrapper terminalText = new ReadOnlyStringWrapper("");

    public boolean hasCardTerminal() {
        return marquee.kiosk.terminal.CardTerminals.configured().isPresent();
    }

    /** What the terminal tells the customer now ("insert card", "enter PIN"). */
    public ReadOnlyStringProperty terminalTextProperty() {
        return terminalText.getReadOnlyProperty();
    }

    /** The customer pays at the till's card terminal; the till never sees the card. */
    public void payAtTerminal() {
        var terminal = marquee.kiosk.terminal.CardTerminals.configured();
        Hold current = hold.get();
        if (terminal.isEmpty() || !canTakeMoney(current)) return;
        pay(() -> {
            try {
                return terminal.get().payHoldAtTill(current, said -> javafx.application.Platform.runLater(() -> terminalText.set(said)),
                        context.cashier());
            } finally {
                javafx.application.Platform.runLater(() -> terminalText.set(""));
            }
        }, null);
    }

    /** The customer changed their mind while the terminal waits for the card. */
    public void abortAtTerminal() {
        marquee.kiosk.terminal.CardTerminals.configured().ifPresent(marquee.kiosk.terminal.TerminalCheckout::abort);
    }

    /** No money without a ticket: the hold must stand. The printer is asked again just before paying. */
    private boolean canTakeMoney(Hold current) {
        if (busy.get()) return false;
        if (current == null) {
            error.set(context.t("sale.hold.none"));
            return false;
        }
        if (current.status() != HoldStatus.HELD || !current.expiresAt().isAfter(Instant.now())) {
            error.set(context.t("sale.hold.gone"));
            return false;
        }
        return true;
    }

    private void pay(Supplier<Sale> checkout, Money tenderedMoney) {
        ShowtimeInfo show = showtime.get();
        String key = payKey;
        run(() -> {
            printing.requireReady();
            Sale sale = checkout.get();
            String problem = "";
            if (sale.result().outcome() == CheckoutOutcome.COMPLETED) {
                try {
                    printing.printTickets(sale.result().tickets(), false);
                    printing.printReceipt(sale.result().booking(), show.movieTitle(),
                            tenderedMoney == null ? Receipt.PaymentMethod.CARD : Receipt.PaymentMethod.CASH, tenderedMoney);
                } catch (RuntimeException e) {
                    log.warn("Sale {} paid but printing failed", sale.result().booking().code(), e);
                    problem = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            return new Paid(sale, tenderedMoney, problem);
        }, paid -> {
            Sale sale = paid.sale();
            switch (sale.result().outcome()) {
                case COMPLETED -> {
                    payKey = CashierContext.newKey("pay");
                    Hold booking = sale.result().booking();
                    completed.set(new Completed(booking.code(), booking.total(), paid.tendered() == null ? null : sale.changeDue(),
                            paid.tendered() != null, paid.printProblem().isEmpty()));
                    message.set(paid.printProblem().isEmpty() ? context.t("sale.done", booking.code())
                            : context.t("sale.print.failed", booking.code(), paid.printProblem()));
                    setHold(null);
                    tendered.set("");
                    reloadSeats();
                    log.info("Counter sale {} paid by {}", booking.code(), paid.tendered() == null ? "card" : "cash");
                }
                case DECLINED -> {
                    // The hold stands; a new attempt (another card, or cash) is a new payment.
                    payKey = CashierContext.newKey("pay");
                    error.set(context.t("sale.declined", sale.result().message()));
                }
                case REFUNDED -> {
                    payKey = CashierContext.newKey("pay");
                    setHold(null);
                    error.set(context.t("sale.refunded", sale.result().message()));
                }
            }
        });
    }

    /** Starts the next sale on the same showtime, with a fresh seat map. */
    public void newSale() {
        if (busy.get()) return;
        releaseHold();
        completed.set(null);
        error.set("");
        message.set("");
        tendered.set("");
        ShowtimeInfo show = showtime.get();
        closeSeats();
        showtime.set(null);
        if (show != null) choose(show);
    }

    /** Esc: gives up the hold and the seat choice. */
    public void cancelSale() {
        if (busy.get()) return;
        releaseHold();
        SeatSelectionViewModel model = seats.get();
        if (model != null && model.seatMapProperty().get() != null) {
            model.seatMapProperty().get().setOwnHold(List.of());
            model.seatMapProperty().get().clearSelection();
        }
        error.set("");
        tendered.set("");
    }

    /** A fresh map of the same showtime: the seats just sold show as taken, not as a choice someone else took. */
    private void reloadSeats() {
        ShowtimeInfo show = showtime.get();
        closeSeats();
        if (show == null) return;
        SeatSelectionViewModel model = new SeatSelectionViewModel(context.backend(), show.id(), show.movieTitle(),
                context.async(), context.locale());
        seats.set(model);
        model.load(failure -> error.set(context.t("error.backend", failure.getMessage())));
    }

    private void releaseHold() {
        Hold current = hold.get();
        setHold(null);
        if (current != null && current.status() == HoldStatus.HELD) {
            context.async().run(() -> {
                context.backend().release(current.id());
                return null;
            }, ok -> {}, failure -> log.warn("Could not release hold {}: {}", current.code(), failure.getMessage()));
        }
    }

    private void closeSeats() {
        SeatSelectionViewModel old = seats.get();
        if (old != null) old.close();
        seats.set(null);
    }

    public void close() {
        releaseHold();
        closeSeats();
        // Nothing of this sale stays on screen for whoever signs in next.
        completed.set(null);
        tendered.set("");
        error.set("");
        message.set("");
    }

    /** A fresh desk: no showtime, no order, no last sale. */
    public void reset() {
        close();
        showtime.set(null);
        filter.set("");
    }

    private <T> void run(Supplier<T> job, java.util.function.Consumer<T> done) {
        run(job, done, failure -> { });
    }

    private <T> void run(Supplier<T> job, java.util.function.Consumer<T> done, java.util.function.Consumer<Throwable> failed) {
        busy.set(true);
        error.set("");
        context.async().run(job, value -> {
            busy.set(false);
            done.accept(value);
        }, failure -> {
            busy.set(false);
            failed.accept(failure);
            error.set(failure instanceof TillPrinting.PrinterNotReadyException
                    ? context.t("sale.printer.notready", failure.getMessage())
                    : context.t("error.refused", failure.getMessage()));
        });
    }

    public ObservableList<ShowtimeInfo> showtimes() { return filtered; }
    public StringProperty filterProperty() { return filter; }
    public ReadOnlyObjectProperty<ShowtimeInfo> showtimeProperty() { return showtime.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SeatSelectionViewModel> seatsProperty() { return seats.getReadOnlyProperty(); }
    /** The open showtime's seat map, null until it is loaded (and without a showtime). */
    public ReadOnlyObjectProperty<SeatMapViewModel> seatMapProperty() { return seatMap.getReadOnlyProperty(); }
    public IntegerProperty partyProperty() { return party; }
    public ReadOnlyObjectProperty<Hold> holdProperty() { return hold.getReadOnlyProperty(); }
    public ObservableList<HoldLine> lines() { return lines; }
    public StringProperty tenderedProperty() { return tendered; }
    public StringBinding changeDueBinding() { return changeDue; }
    public ReadOnlyStringProperty totalProperty() { return total.getReadOnlyProperty(); }
    public ReadOnlyStringProperty feeProperty() { return fee.getReadOnlyProperty(); }
    /** When the hold runs out, on the cinema's clock like every time on the till. */
    public ReadOnlyStringProperty holdUntilProperty() { return holdUntil.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Completed> completedProperty() { return completed.getReadOnlyProperty(); }
    public BooleanProperty busyProperty() { return busy; }
    public CashierContext context() { return context; }
}
