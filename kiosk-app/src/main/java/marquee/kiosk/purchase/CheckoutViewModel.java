package marquee.kiosk.purchase;

import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.SeatsTakenException;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.nav.ScreenModel;
import marquee.kiosk.payment.CardTerminal;
import marquee.kiosk.payment.PaymentTerminal;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.work.Async;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout screens (ticket types, payment, success) over one customer's {@link PurchaseSession}:
 * the hold of the chosen seats, the ticket types, paying at the terminal (the printer asked first),
 * printing the tickets, and what the customer reads when a card is declined or the terminal times out.
 */
public final class CheckoutViewModel extends ScreenModel {
    private static final Logger log = LoggerFactory.getLogger(CheckoutViewModel.class);

    private final DeviceHealth health;
    private final Async async;
    private final Clock clock;
    private final ReadOnlyObjectWrapper<PurchaseSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyStringWrapper printStatus = new ReadOnlyStringWrapper(this, "printStatus", "");
    /**
     * The card whose payment answer was lost (terminal timeout), or null: paying again with the same
     * card retries that charge (same key), so its success may be the earlier charge going through.
     */
    private String paymentTimedOut;
    /** The optional "tickets by e-mail" of the paid booking (issue 15). */
    private final EmailTickets email;

    public CheckoutViewModel(Navigator nav, DeviceHealth health, Async async, Clock clock) {
        super(nav);
        this.health = Objects.requireNonNull(health);
        this.async = Objects.requireNonNull(async);
        this.clock = Objects.requireNonNull(clock);
        this.email = new EmailTickets(health::backend, async);
        nav.onVisitEnd(this::end);
        // A customer who walked away from the card terminal: abort it after the idle time (issue 16).
        nav.onIdleWhileBusy(() -> {
            if (nav.screen() == Screen.PAYMENT && cardTerminal != null && !terminalAbortedForIdle) {
                terminalAbortedForIdle = true;
                log.info("Nobody at the kiosk for the idle time; aborting the payment at the card terminal");
                abortTerminalPayment();
            }
        });
    }

    /** The purchase in progress; null between customers. */
    public ReadOnlyObjectProperty<PurchaseSession> sessionProperty() { return session.getReadOnlyProperty(); }
    /** A bundle key saying how printing of the last purchase went; empty before. */
    public ReadOnlyStringProperty printStatusProperty() { return printStatus.getReadOnlyProperty(); }

    /** Sending the paid booking's tickets by e-mail (the receipt screen). */
    public EmailTickets emailTickets() {
        return email;
    }

    public ZoneId zone() {
        return health.zone();
    }

    /** A new customer: a new purchase in the language chosen on the start screen. */
    public void begin() {
        end();
        PurchaseSession started = new PurchaseSession(health.backend(), async, clock, nav.language());
        started.holdExpiredProperty().addListener((property, was, expired) -> {
            if (expired && session.get() == started && (nav.screen() == Screen.TICKETS || nav.screen() == Screen.PAYMENT)) {
                backToSeats();
                nav.say("tickets.expired");
            }
        });
        session.set(started);
    }

    /** The seat map of the chosen showtime is loaded: the purchase is for that showtime now. */
    public void useShowtime(ShowtimeInfo show, SeatMap map) {
        PurchaseSession current = session.get();
        if (current != null) current.useShowtime(show, map);
    }

    /**
     * Holds the seats chosen on the map (as adult tickets to start with, or as typed before) and
     * moves on to the ticket types. Completes with the hold, or null when there is none.
     */
    public CompletableFuture<Hold> holdSeats(List<String> chosen) {
        PurchaseSession current = session.get();
        if (current == null) return CompletableFuture.completedFuture(null);
        Map<String, TicketType> wanted = new LinkedHashMap<>();
        chosen.forEach(seat -> wanted.put(seat, current.seats().getOrDefault(seat, TicketType.ADULT)));
        for (String seat : List.copyOf(current.seats().keySet())) {
            if (!wanted.containsKey(seat)) current.deselectSeat(seat);
        }
        wanted.forEach(current::selectSeat);
        nav.clearNotice();
        nav.setBusy(true);
        return current.placeHold().handle((hold, failure) -> {
            nav.setBusy(false);
            if (failure == null) {
                nav.show(Screen.TICKETS);
                return hold;
            }
            RuntimeException cause = Async.unwrapRuntime(failure);
            if (cause instanceof SeatsTakenException taken) {
                current.clearSeats();
                nav.say("seats.taken", String.join(", ", taken.seatIds()));
            } else {
                failed(cause);
            }
            return null;
        });
    }

    public CompletableFuture<?> changeTicketType(String seatId, TicketType type) {
        PurchaseSession current = session.get();
        if (current == null) return CompletableFuture.completedFuture(null);
        nav.clearNotice();
        return current.changeTicketType(seatId, type).exceptionally(failure -> {
            failed(Async.unwrapRuntime(failure));
            return null;
        });
    }

    public void continueToPayment() {
        if (session.get() == null || session.get().holdProperty().get() == null) return;
        nav.clearNotice();
        nav.show(Screen.PAYMENT);
    }

    /** The customer presented a card at the (simulated) terminal. */
    public CompletableFuture<?> pay(PaymentTerminal.Card card) {
        PurchaseSession current = session.get();
        if (current == null || current.holdProperty().get() == null) return CompletableFuture.completedFuture(null);
        nav.clearNotice();
        nav.setBusy(true);
        // No money for a ticket that cannot print: ask the printer right before charging.
        return health.askPrinter().thenCompose(status -> {
            if (!status.canPrint()) {
                nav.setBusy(false);
                log.warn("Payment refused before charging: printer {} is {}", status.printer(), status.state());
                nav.say("payment.printer");
                return CompletableFuture.completedFuture(null);
            }
            return charge(current, card);
        });
    }

    private CompletableFuture<?> charge(PurchaseSession current, PaymentTerminal.Card card) {
        return current.pay(card.number(), card.expiryMonth(), card.expiryYear(), card.cvc()).handle((result, failure) -> {
            nav.setBusy(false);
            if (failure != null) {
                RuntimeException cause = Async.unwrapRuntime(failure);
                if (cause instanceof BackendUnavailableException) {
                    paymentTimedOut = card.number();
                    nav.say("payment.unavailable");
                } else {
                    nav.say("payment.failed", cause.getMessage());
                }
                return null;
            }
            boolean afterTimeout = card.number().equals(paymentTimedOut);
            paymentTimedOut = null;
            switch (result.outcome()) {
                case COMPLETED -> {
                    // A retry after a lost answer may complete the charge made then: say so, once charged.
                    if (afterTimeout) nav.say("payment.completed.earlier");
                    email.forBooking(result.booking() == null ? current.holdProperty().get().id() : result.booking().id());
                    nav.show(Screen.SUCCESS);
                    markFirstPrint(result.booking() == null ? "" : result.booking().code(), current);
                    print(List.copyOf(result.tickets()));
                }
                case DECLINED -> nav.say(declineKey(result.message()));
                case REFUNDED -> {
                    nav.say("payment.refunded");
                    backToSeats();
                }
            }
            return null;
        });
    }

    // --- card terminal (issue 16): a real ZVT terminal beside the kiosk, when one is configured ----

    private CardTerminal cardTerminal;
    private final ReadOnlyStringWrapper terminalText = new ReadOnlyStringWrapper(this, "terminalText", "");
    private boolean terminalAbortedForIdle;

    /** Card payments go through this terminal instead of the on-screen simulator cards. */
    public void useCardTerminal(CardTerminal terminal) {
        this.cardTerminal = terminal;
    }

    public boolean hasCardTerminal() {
        return cardTerminal != null;
    }

    /** What the terminal tells the customer now ("insert card", "enter PIN"); empty when idle. */
    public ReadOnlyStringProperty terminalTextProperty() {
        return terminalText.getReadOnlyProperty();
    }

    /** The customer pays at the terminal: it is asked for the total; the kiosk never sees the card. */
    public CompletableFuture<?> payAtTerminal() {
        PurchaseSession current = session.get();
        CardTerminal terminal = cardTerminal;
        if (terminal == null || current == null || current.holdProperty().get() == null) return CompletableFuture.completedFuture(null);
        nav.clearNotice();
        nav.setBusy(true);
        terminalText.set("");
        terminalAbortedForIdle = false;
        // No money for a ticket that cannot print: ask the printer right before the terminal.
        return health.askPrinter().thenCompose(status -> {
            if (!status.canPrint()) {
                nav.setBusy(false);
                log.warn("Payment refused before the terminal: printer {} is {}", status.printer(), status.state());
                nav.say("payment.printer");
                return CompletableFuture.completedFuture(null);
            }
            return current.payAtTerminal(terminal, said -> async.onUi(() -> terminalText.set(said))).handle((result, failure) -> {
                nav.setBusy(false);
                terminalText.set("");
                if (failure != null) {
                    RuntimeException cause = Async.unwrapRuntime(failure);
                    if (cause instanceof BackendUnavailableException) nav.say("payment.terminal.unknown", cause.getMessage());
                    else nav.say("payment.failed", cause.getMessage());
                    return null;
                }
                switch (result.outcome()) {
                    case COMPLETED -> {
                        email.forBooking(result.booking() == null ? current.holdProperty().get().id() : result.booking().id());
                        nav.show(Screen.SUCCESS);
                        markFirstPrint(result.booking() == null ? "" : result.booking().code(), current);
                        print(List.copyOf(result.tickets()));
                    }
                    case DECLINED -> {
                        if (result.message().startsWith("aborted")) nav.say("payment.terminal.aborted");
                        else nav.say(declineKey(result.message()));
                    }
                    case REFUNDED -> {
                        nav.say("payment.refunded");
                        backToSeats();
                    }
                }
                return null;
            });
        });
    }

    /** Stops a payment running at the terminal (the customer's cancel button, leaving the screen, or the idle timeout). */
    public void abortTerminalPayment() {
        if (cardTerminal != null) cardTerminal.abort();
    }

    /**
     * Tells the backend the sold tickets are printed here now (their originals), so a pickup of the
     * same code later prints only counted duplicates. Printing does not wait for it.
     */
    private void markFirstPrint(String code, PurchaseSession paid) {
        BackendClient client = health.backend();
        if (code.isEmpty() || client == null) return;
        String key = "sale-" + (paid.holdProperty().get() == null ? UUID.randomUUID() : paid.holdProperty().get().id());
        async.background(() -> client.printTickets(code, key)).exceptionally(failure -> {
            log.warn("Could not record the first print of booking {}: {}", code, failure.getMessage());
            return null;
        });
    }

    /** The plain-words reason for a declined card, from the terminal's answer. */
    static String declineKey(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("insufficient") || m.contains("funds")) return "payment.declined.funds";
        if (m.contains("expired")) return "payment.declined.expired";
        return "payment.declined";
    }

    private void print(List<TicketInfo> tickets) {
        printStatus.set("print.printing");
        Locale locale = nav.language();
        String cinemaName = health.cinemaName();
        ZoneId where = zone();
        Printer printer = health.printer();
        List<PrintedTicket> paper = tickets.stream().map(t -> PrintedTicket.of(t, cinemaName, where, false, locale)).toList();
        async.supply(() -> printer.print(paper)).whenComplete((job, failure) -> async.onUi(() -> {
            if (failure != null) log.warn("Printing {} ticket(s) failed", tickets.size(), failure);
            else log.info("Printed {} ticket(s) on {}{}", job.items(), job.printer(), job.file().map(f -> " to " + f).orElse(""));
            printStatus.set(failure == null ? "print.done" : "print.failed");
        }));
    }

    /** One step back: leaving the ticket types gives up the hold (the seats stay chosen on the map). */
    @Override
    public void back() {
        nav.clearNotice();
        switch (nav.screen()) {
            case TICKETS -> backToSeats();
            case PAYMENT -> {
                abortTerminalPayment(); // issue 16
                nav.show(Screen.TICKETS);
            }
            default -> { }
        }
    }

    private void backToSeats() {
        PurchaseSession current = session.get();
        if (current != null) current.clearSeats();
        nav.show(Screen.SEATS);
    }

    /** True while seats are held for the customer: leaving then gives them up, so the kiosk asks first. */
    public boolean seatsHeld() {
        PurchaseSession current = session.get();
        return current != null && current.holdProperty().get() != null && !completed(current);
    }

    @Override
    public boolean asksBeforeStartOver() {
        return seatsHeld();
    }

    /** Ends the purchase: an unpaid hold is released, everything forgotten. */
    private CompletableFuture<Void> end() {
        abortTerminalPayment(); // issue 16: a payment running at the card terminal stops with the purchase
        paymentTimedOut = null;
        printStatus.set("");
        email.forBooking(null); // the address is not kept beyond the visit
        PurchaseSession current = session.get();
        session.set(null);
        if (current == null) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> released = current.cancel();
        current.close();
        return released;
    }

    /** For the outcome check in tests and screens that show it. */
    public static boolean completed(PurchaseSession purchase) {
        return purchase != null && purchase.outcomeProperty().get() == CheckoutOutcome.COMPLETED;
    }
}
