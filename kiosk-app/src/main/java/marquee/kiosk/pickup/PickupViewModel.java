package marquee.kiosk.pickup;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.health.Fault;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.nav.ScreenModel;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterStatus;
import marquee.kiosk.work.Async;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pickup screen: the booking code typed on the keypad, the tickets found and printed (through
 * {@link PickupService}, which falls back to the offline copy), and whether pickup is possible at
 * all right now — also while the kiosk is out of order for its backend.
 */
public final class PickupViewModel extends ScreenModel {
    private static final Logger log = LoggerFactory.getLogger(PickupViewModel.class);

    /** The characters a booking code is made of (the reservations service's alphabet, no look-alikes). */
    public static final String CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    public static final int CODE_LENGTH = 6;

    private final DeviceHealth health;
    private final Async async;
    private volatile PickupService service;
    private final ReadOnlyStringWrapper code = new ReadOnlyStringWrapper(this, "code", "");
    private final ObservableList<TicketInfo> found = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper printed = new ReadOnlyIntegerWrapper(this, "printed");
    private final ReadOnlyBooleanWrapper duplicate = new ReadOnlyBooleanWrapper(this, "duplicate");
    private final ReadOnlyStringWrapper printStatus = new ReadOnlyStringWrapper(this, "printStatus", "");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");

    public PickupViewModel(Navigator nav, DeviceHealth health, Async async) {
        super(nav);
        this.health = Objects.requireNonNull(health);
        this.async = Objects.requireNonNull(async);
        nav.onVisitEnd(this::clear);
        health.faultProperty().addListener((property, old, fault) -> updateAvailable());
        health.printerStatusProperty().addListener((property, old, status) -> updateAvailable());
    }

    /** The booking code typed so far on the keypad. */
    public ReadOnlyStringProperty codeProperty() { return code.getReadOnlyProperty(); }
    /**
     * Tickets found for the code while they print. Emptied (with the code) as soon as they are
     * printed, so the next customer at the kiosk never sees them.
     */
    public ObservableList<TicketInfo> found() { return found; }
    /** How many tickets the last pickup printed (0 once someone types again): "take your 3 tickets". */
    public ReadOnlyIntegerProperty printedProperty() { return printed.getReadOnlyProperty(); }
    /** True when the last pickup printed duplicates (the booking had been printed before). */
    public ReadOnlyBooleanProperty duplicateProperty() { return duplicate.getReadOnlyProperty(); }
    /** A bundle key saying how printing went; empty before. */
    public ReadOnlyStringProperty printStatusProperty() { return printStatus.getReadOnlyProperty(); }
    /** Whether tickets can be picked up by code now (also while out of order for the backend, from the offline copy). */
    public ReadOnlyBooleanProperty availableProperty() { return available.getReadOnlyProperty(); }

    public ZoneId zone() {
        return health.zone();
    }

    /** Pickup by code through the offline-capable service, once the cinema is known. */
    public void use(PickupService pickup) {
        service = pickup;
        updateAvailable();
    }

    private void updateAvailable() {
        Fault current = health.faultProperty().get();
        PrinterStatus status = health.printerStatusProperty().get();
        boolean printerOk = status == null || status.canPrint();
        available.set(service != null && printerOk && (current == null || !current.is(Fault.PRINTER_NOT_READY)));
    }

    /** Opens the pickup screen (from the start screen, or the out-of-order screen while the backend is away). */
    public void open() {
        boolean inService = health.readyProperty().get() && health.faultProperty().get() == null;
        if (!available.get() && !inService) return;
        nav.endVisit();
        nav.clearNotice();
        nav.show(Screen.PICKUP);
    }

    /** A key of the on-screen keypad; characters outside the code alphabet are ignored. */
    public void type(char key) {
        char upper = Character.toUpperCase(key);
        if (CODE_ALPHABET.indexOf(upper) < 0 || code.get().length() >= CODE_LENGTH) return;
        if (printed.get() > 0) {
            printed.set(0);
            duplicate.set(false);
            printStatus.set("");
        }
        code.set(code.get() + upper);
        nav.clearNotice();
    }

    public void erase() {
        String typed = code.get();
        if (!typed.isEmpty()) code.set(typed.substring(0, typed.length() - 1));
        found.clear();
        nav.clearNotice();
    }

    /** Looks the booking up and prints its tickets. */
    public CompletableFuture<List<TicketInfo>> find() {
        String typed = code.get();
        if (typed.length() != CODE_LENGTH) {
            nav.say("pickup.incomplete", CODE_LENGTH);
            return CompletableFuture.completedFuture(List.of());
        }
        nav.clearNotice();
        nav.setBusy(true);
        PickupService pickup = service;
        if (pickup != null) {
            pickup.setLocale(nav.language());
            return async.run(() -> pickup.pickUp(typed), result -> {
                nav.setBusy(false);
                switch (result.outcome()) {
                    case PRINTED -> {
                        printStatus.set(result.fromCache() ? "print.done.offline" : "print.done");
                        done(result.printed().size(), result.printed().stream().anyMatch(PrintedTicket::duplicate));
                    }
                    case NOT_FOUND -> nav.say(result.fromCache() ? "pickup.none.offline" : "pickup.none", typed);
                    case REVOKED -> nav.say("pickup.revoked", typed);
                    case ALREADY_USED -> nav.say("pickup.used", typed);
                    case PRINTER_NOT_READY, PRINT_FAILED -> nav.say("pickup.printer");
                }
            }, failure -> {
                nav.setBusy(false);
                failed(Async.unwrapRuntime(failure));
            }).thenApply(result -> result.outcome() == PickupService.Outcome.PRINTED
                    ? result.printed().stream().map(PickupViewModel::shown).toList() : List.<TicketInfo>of());
        }
        // Before the offline copy is set up (the cinema not known yet): straight from the backend.
        BackendClient backend = health.backend();
        return async.run(() -> backend.tickets(typed), tickets -> {
            nav.setBusy(false);
            if (tickets.isEmpty()) {
                nav.say("pickup.none", typed);
                return;
            }
            print(List.copyOf(tickets));
            done(tickets.size(), false);
        }, thrown -> {
            nav.setBusy(false);
            RuntimeException failure = Async.unwrapRuntime(thrown);
            if (failure instanceof BackendUnavailableException) {
                nav.say("pickup.unavailable");
            } else if (failure instanceof RejectedException) {
                nav.say("pickup.none", typed);
            } else {
                failed(failure);
            }
        });
    }

    private void done(int count, boolean duplicates) {
        printed.set(count);
        duplicate.set(duplicates);
        code.set("");
        found.clear();
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
            printStatus.set(failure == null ? "print.done" : "print.failed");
        }));
    }

    /** A ticket as the pickup screen shows it, from what went on paper. */
    private static TicketInfo shown(PrintedTicket paper) {
        return new TicketInfo("", paper.bookingCode(), paper.row() + paper.seatNumber(), paper.row(), paper.seatNumber(),
                paper.category(), paper.ticketType(), paper.price(), paper.qrPayload(), paper.filmTitle(), paper.hallName(),
                paper.startsAt());
    }

    private void clear() {
        code.set("");
        found.clear();
        printed.set(0);
        duplicate.set(false);
        printStatus.set("");
    }

    @Override
    public void back() {
        nav.startOver();
    }
}
