package marquee.kiosk.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.Async;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendClient.CheckoutOutcome;
import marquee.kiosk.backend.BackendClient.DeviceReport;
import marquee.kiosk.backend.BackendClient.CinemaInfo;
import marquee.kiosk.backend.BackendClient.FilmInfo;
import marquee.kiosk.backend.BackendClient.ShowtimeInfo;
import marquee.kiosk.backend.BackendClient.TicketInfo;
import marquee.kiosk.backend.BackendClient.TicketType;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.backend.SeatsTakenException;
import marquee.kiosk.pickup.PickupService;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterStatus;
import marquee.kiosk.purchase.PurchaseSession;
import marquee.kiosk.seats.SeatSelectionViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's way through the kiosk, screen by screen, as a view-model: which screen shows,
 * the programme, the purchase in progress, the language and contrast, the idle timer and the
 * reason the kiosk is out of order.
 *
 * <p>Properties change only on the {@code ui} executor (the JavaFX thread in the app); backend
 * calls run on {@code work}. Methods are called from the UI thread. Asynchronous steps return a
 * future that completes once the properties show their result, which tests wait for.
 */
public final class KioskFlow implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KioskFlow.class);

    /** The screens of the customer flow. */
    public enum Screen { ATTRACT, FILMS, SHOWTIMES, SEATS, TICKETS, PAYMENT, SUCCESS, PICKUP, OUT_OF_ORDER }

    /** The characters a booking code is made of (the reservations service's alphabet, no look-alikes). */
    public static final String CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    public static final int CODE_LENGTH = 6;

    /**
     * Why the kiosk cannot sell. {@code code} is what a technician looks up in docs/operations.md;
     * {@code reasonKey} names the plain-words explanation in the resource bundle.
     */
    public record Fault(String code, String reasonKey, Instant since) {
        public static final String BACKEND_UNREACHABLE = "MQ-101";
        public static final String BACKEND_REFUSED_DEVICE = "MQ-102";
        public static final String BACKEND_DID_NOT_START = "MQ-103";
        public static final String PRINTER_NOT_READY = "MQ-201";
    }

    /** What the customer should read on the current screen: a bundle key and its arguments. */
    public record Notice(String key, List<Object> args) {
        public static Notice of(String key, Object... args) {
            return new Notice(key, List.of(args));
        }
    }

    private static final Duration HEALTH_CHECK = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    /** The days a film can be booked ahead, today included. */
    public static final int DAYS_AHEAD = 7;

    /** Null until {@link #connect}: the embedded backend may still be starting. */
    private volatile BackendClient backend;
    private final Executor work;
    private final Executor ui;
    private final ScheduledExecutorService ticker;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration idleGrace;
    private final Locale defaultLanguage;
    private final Printer printer;
    private final Async async;
    private final String appVersion;
    private volatile PickupService pickup;
    private Runnable signIn;
    private volatile boolean signedIn;
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
    private final javafx.beans.property.ReadOnlyDoubleWrapper startupProgress =
            new javafx.beans.property.ReadOnlyDoubleWrapper(this, "startupProgress", -1);
    private final ReadOnlyStringWrapper startupStep = new ReadOnlyStringWrapper(this, "startupStep", "");

    private final ReadOnlyObjectWrapper<Screen> screen = new ReadOnlyObjectWrapper<>(this, "screen", Screen.ATTRACT);
    private final ObjectProperty<Locale> language = new SimpleObjectProperty<>(this, "language");
    private final BooleanProperty highContrast = new SimpleBooleanProperty(this, "highContrast");
    private final ReadOnlyObjectWrapper<CinemaInfo> cinema = new ReadOnlyObjectWrapper<>(this, "cinema");
    private final ObservableList<FilmInfo> films = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<FilmInfo> film = new ReadOnlyObjectWrapper<>(this, "film");
    private final ObservableList<LocalDate> days = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LocalDate> day = new ReadOnlyObjectWrapper<>(this, "day");
    private final ObservableList<ShowtimeInfo> showtimes = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ShowtimeInfo> showtime = new ReadOnlyObjectWrapper<>(this, "showtime");
    private final ReadOnlyObjectWrapper<SeatSelectionViewModel> seats = new ReadOnlyObjectWrapper<>(this, "seats");
    private final ReadOnlyObjectWrapper<PurchaseSession> purchase = new ReadOnlyObjectWrapper<>(this, "purchase");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper stillThere = new ReadOnlyBooleanWrapper(this, "stillThere");
    private final ReadOnlyIntegerWrapper stillThereSeconds = new ReadOnlyIntegerWrapper(this, "stillThereSeconds");
    private final ReadOnlyObjectWrapper<Fault> fault = new ReadOnlyObjectWrapper<>(this, "fault");
    private final ReadOnlyStringWrapper printStatus = new ReadOnlyStringWrapper(this, "printStatus", "");
    private final ReadOnlyObjectWrapper<PrinterStatus> printerStatus = new ReadOnlyObjectWrapper<>(this, "printerStatus");
    private final ReadOnlyBooleanWrapper pickupAvailable = new ReadOnlyBooleanWrapper(this, "pickupAvailable");
    private ScheduledFuture<?> healthTick;
    private DeviceReport lastReport;
    private Instant lastReportAt = Instant.EPOCH;

    private final ReadOnlyStringWrapper pickupCode = new ReadOnlyStringWrapper(this, "pickupCode", "");
    private final ObservableList<TicketInfo> pickedUp = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyIntegerWrapper pickupPrinted = new javafx.beans.property.ReadOnlyIntegerWrapper(this, "pickupPrinted");
    private final javafx.beans.property.ReadOnlyBooleanWrapper pickupDuplicate = new javafx.beans.property.ReadOnlyBooleanWrapper(this, "pickupDuplicate");
    private final Map<LocalDate, List<ShowtimeInfo>> showtimesByDay = new LinkedHashMap<>();
    private Instant lastActivity;
    private ScheduledFuture<?> idleTick;
    private ScheduledFuture<?> retry;
    private boolean closed;

    /** A flow whose backend comes later ({@link #connect}); the start screen shows at once. */
    /**
     * The card whose payment answer was lost (terminal timeout), or null: paying again with the same
     * card retries that charge (same key), so its success may be the earlier charge going through.
     */
    private String paymentTimedOut;

    public KioskFlow(Executor work, Executor ui, ScheduledExecutorService ticker,
                     Clock clock, Duration idleTimeout, Duration idleGrace, Locale defaultLanguage, Printer printer) {
        this.work = Objects.requireNonNull(work);
        this.ui = Objects.requireNonNull(ui);
        this.ticker = Objects.requireNonNull(ticker);
        this.clock = Objects.requireNonNull(clock);
        this.idleTimeout = Objects.requireNonNull(idleTimeout);
        this.idleGrace = Objects.requireNonNull(idleGrace);
        this.defaultLanguage = Objects.requireNonNull(defaultLanguage);
        this.printer = Objects.requireNonNull(printer);
        this.async = new Async(work, ui);
        Package own = KioskFlow.class.getPackage();
        this.appVersion = own != null && own.getImplementationVersion() != null ? own.getImplementationVersion() : "dev";
        this.language.set(defaultLanguage);
        this.lastActivity = clock.instant();
    }

    // --- state ---------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Screen> screenProperty() { return screen.getReadOnlyProperty(); }
    public ObjectProperty<Locale> languageProperty() { return language; }
    public BooleanProperty highContrastProperty() { return highContrast; }
    public ReadOnlyObjectProperty<CinemaInfo> cinemaProperty() { return cinema.getReadOnlyProperty(); }
    /** Films with a showtime today or in the next days, by title. */
    public ObservableList<FilmInfo> films() { return films; }
    public ReadOnlyObjectProperty<FilmInfo> filmProperty() { return film.getReadOnlyProperty(); }
    /** The days the chosen film still has showtimes on, within {@value #DAYS_AHEAD} days from today. */
    public ObservableList<LocalDate> days() { return days; }
    public ReadOnlyObjectProperty<LocalDate> dayProperty() { return day.getReadOnlyProperty(); }
    /** Showtimes of the chosen film on the chosen day. */
    public ObservableList<ShowtimeInfo> showtimes() { return showtimes; }
    public ReadOnlyObjectProperty<ShowtimeInfo> showtimeProperty() { return showtime.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SeatSelectionViewModel> seatsProperty() { return seats.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<PurchaseSession> purchaseProperty() { return purchase.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Notice> noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** True while the "are you still there?" question is up. */
    public ReadOnlyBooleanProperty stillThereProperty() { return stillThere.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty stillThereSecondsProperty() { return stillThereSeconds.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Fault> faultProperty() { return fault.getReadOnlyProperty(); }
    /** A bundle key saying how printing of the last purchase went; empty before. */
    public ReadOnlyStringProperty printStatusProperty() { return printStatus.getReadOnlyProperty(); }
    /** The printer's state at the last check (every few seconds, and before taking money). */
    public ReadOnlyObjectProperty<PrinterStatus> printerStatusProperty() { return printerStatus.getReadOnlyProperty(); }
    /** Whether tickets can be picked up by code now (also while out of order for the backend, from the offline copy). */
    public ReadOnlyBooleanProperty pickupAvailableProperty() { return pickupAvailable.getReadOnlyProperty(); }
    public ZoneId zone() {
        CinemaInfo info = cinema.get();
        return info == null ? ZoneId.systemDefault() : ZoneId.of(info.timeZone());
    }

    /** True once the backend is connected and a purchase can begin. */
    public ReadOnlyBooleanProperty readyProperty() { return ready.getReadOnlyProperty(); }
    /** How far the embedded backend's start-up got (0..1, or -1 when unknown). */
    public javafx.beans.property.ReadOnlyDoubleProperty startupProgressProperty() { return startupProgress.getReadOnlyProperty(); }
    /** What the start-up is doing, in plain words. */
    public ReadOnlyStringProperty startupStepProperty() { return startupStep.getReadOnlyProperty(); }

    // --- start and out of order ----------------------------------------------------------------

    /** Shows the start screen at once and runs the idle timer; the programme follows with {@link #connect}. */
    public void start() {
        startIdleTimer();
        healthTick = ticker.scheduleWithFixedDelay(() -> {
            try {
                checkHealth();
            } catch (RuntimeException e) {
                log.warn("Health check failed", e);
            }
        }, 0, HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pickup by code through the offline-capable service, once the cinema is known. */
    public void usePickup(PickupService service) {
        pickup = service;
        updatePickupAvailable();
    }

    private void updatePickupAvailable() {
        Fault current = fault.get();
        PrinterStatus status = printerStatus.get();
        boolean printerOk = status == null || status.canPrint();
        pickupAvailable.set(pickup != null && printerOk && (current == null || !current.code().equals(Fault.PRINTER_NOT_READY)));
    }

    /**
     * Runs on the ticker: asks the printer how it is (an ESC/POS status query may take a moment),
     * takes the kiosk out of order while it cannot print and back when it can, and reports the
     * device's state to the backend on a change and as a heartbeat.
     */
    private void checkHealth() {
        if (closed) return;
        PrinterStatus status = printer.status();
        CompletableFuture<Void> applied = new CompletableFuture<>();
        ui.execute(() -> {
            try {
                applyPrinterStatus(status);
            } finally {
                applied.complete(null);
            }
        });
        applied.join();
        report();
    }

    private void applyPrinterStatus(PrinterStatus status) {
        printerStatus.set(status);
        Fault current = fault.get();
        boolean idle = screen.get() == Screen.ATTRACT || screen.get() == Screen.OUT_OF_ORDER;
        if (!status.canPrint() && current == null && idle && ready.get()) {
            log.warn("Kiosk out of order: printer {} is {} ({})", status.printer(), status.state(), status.detail());
            endPurchase();
            fault.set(new Fault(Fault.PRINTER_NOT_READY, "fault.printer", clock.instant()));
            screen.set(Screen.OUT_OF_ORDER);
        } else if (status.canPrint() && current != null && current.code().equals(Fault.PRINTER_NOT_READY)) {
            log.info("Printer {} is {} again; back in service", status.printer(), status.state());
            fault.set(null);
            if (screen.get() == Screen.OUT_OF_ORDER) screen.set(Screen.ATTRACT);
        }
        updatePickupAvailable();
    }

    /** Sends the device state when it changed, else once a minute; a failure only waits for the next try. */
    private void report() {
        BackendClient client = backend;
        if (client == null || !signedIn) return;
        CompletableFuture<DeviceReport> current = new CompletableFuture<>();
        ui.execute(() -> current.complete(currentReport()));
        DeviceReport now = current.join();
        Instant at = clock.instant();
        if (now.equals(lastReport) && Duration.between(lastReportAt, at).compareTo(HEARTBEAT) < 0) return;
        try {
            client.reportDeviceState(now);
            lastReport = now;
            lastReportAt = at;
        } catch (BackendException e) {
            log.debug("Device state not reported: {}", e.getMessage());
        }
    }

    private DeviceReport currentReport() {
        Fault current = fault.get();
        PrinterStatus status = printerStatus.get();
        String printerState = status == null ? "UNKNOWN" : switch (status.state()) {
            case READY -> "READY";
            case PAPER_LOW -> "PAPER_LOW";
            case PAPER_OUT -> "PAPER_OUT";
            case COVER_OPEN, FAULT, OFFLINE -> "FAULT";
            case UNKNOWN -> "UNKNOWN";
        };
        String state = current != null ? "OUT_OF_ORDER" : ready.get() ? "IN_SERVICE" : "STARTING";
        String code = current != null ? current.code() : status != null && !status.canPrint() ? "PRN-" + status.state() : "";
        String message = current != null ? current.reasonKey() : status == null ? "" : status.detail();
        return new DeviceReport(state, printerState, code, message == null ? "" : message.length() > 500 ? message.substring(0, 500) : message,
                appVersion);
    }

    /** Start-up progress of the embedded backend, shown on the start screen. */
    public void startingUp(double progress, String step) {
        startupProgress.set(progress);
        startupStep.set(step == null ? "" : step);
    }

    /**
     * The backend is there: sign in (retried until it works, so a kiosk started while the backend
     * is down comes into service by itself) and load the programme.
     */
    public CompletableFuture<Void> connect(BackendClient client, Runnable signInAsDevice) {
        this.backend = Objects.requireNonNull(client);
        this.signIn = Objects.requireNonNull(signInAsDevice);
        return loadProgramme();
    }

    /** The embedded backend could not start: out of order until someone restarts the kiosk. */
    public void startupFailed(Throwable cause) {
        log.error("The embedded backend did not start", cause);
        fault.set(new Fault(Fault.BACKEND_DID_NOT_START, "fault.startup", clock.instant()));
        screen.set(Screen.OUT_OF_ORDER);
    }

    private CompletableFuture<Void> loadProgramme() {
        return call(() -> {
            if (!signedIn) {
                signIn.run();
                signedIn = true;
            }
            CinemaInfo info = backend.cinema();
            List<FilmInfo> found = backend.films(info.id(), LocalDate.now(clock.withZone(ZoneId.of(info.timeZone()))), DAYS_AHEAD);
            return Map.entry(info, found);
        }, loaded -> {
            cinema.set(loaded.getKey());
            films.setAll(loaded.getValue());
            boolean wasOut = fault.get() != null && !fault.get().code().equals(Fault.PRINTER_NOT_READY);
            if (wasOut) fault.set(null);
            ready.set(true);
            if (wasOut && screen.get() == Screen.OUT_OF_ORDER) screen.set(Screen.ATTRACT);
            updatePickupAvailable();
        }, this::outOfOrder).thenApply(x -> null);
    }

    private void outOfOrder(RuntimeException failure) {
        String code = failure instanceof BackendUnavailableException ? Fault.BACKEND_UNREACHABLE : Fault.BACKEND_REFUSED_DEVICE;
        String reason = failure instanceof BackendUnavailableException ? "fault.backend" : "fault.refused";
        log.warn("Kiosk out of order ({}): {}", code, failure.getMessage());
        endPurchase();
        if (fault.get() == null || !fault.get().code().equals(code)) fault.set(new Fault(code, reason, clock.instant()));
        screen.set(Screen.OUT_OF_ORDER);
        updatePickupAvailable();
        scheduleRetry();
    }

    private void scheduleRetry() {
        // A call that fails after the kiosk was closed (its backend stopped with it) retries nothing.
        if (closed || ticker.isShutdown()) return;
        if (retry != null && !retry.isDone()) return;
        retry = ticker.schedule(() -> ui.execute(() -> {
            Fault current = fault.get();
            if (!closed && current != null && !current.code().equals(Fault.PRINTER_NOT_READY)
                    && !current.code().equals(Fault.BACKEND_DID_NOT_START)) {
                loadProgramme();
            }
        }), 10, TimeUnit.SECONDS);
    }

    // --- pickup of tickets bought online or at another kiosk ------------------------------------

    /** The booking code typed so far on the pickup keypad. */
    public ReadOnlyStringProperty pickupCodeProperty() { return pickupCode.getReadOnlyProperty(); }
    /**
     * Tickets found for the code while they print. Emptied (with the code) as soon as they are
     * printed, so the next customer at the kiosk never sees them.
     */
    public ObservableList<TicketInfo> pickedUp() { return pickedUp; }
    /** How many tickets the last pickup printed (0 once someone types again): "take your 3 tickets". */
    public ReadOnlyIntegerProperty pickupPrintedProperty() { return pickupPrinted.getReadOnlyProperty(); }
    /** True when the last pickup printed duplicates (the booking had been printed before). */
    public ReadOnlyBooleanProperty pickupDuplicateProperty() { return pickupDuplicate.getReadOnlyProperty(); }

    private void pickupDone(List<TicketInfo> printed, boolean duplicate) {
        pickupPrinted.set(printed.size());
        pickupDuplicate.set(duplicate);
        pickupCode.set("");
        pickedUp.clear();
    }

    private void pickupForget() {
        pickupPrinted.set(0);
        pickupDuplicate.set(false);
    }

    public void openPickup() {
        if (!pickupAvailable.get() && !(ready.get() && fault.get() == null)) return;
        endPurchase();
        pickupCode.set("");
        pickedUp.clear();
        notice.set(null);
        screen.set(Screen.PICKUP);
    }

    /** A key of the on-screen keypad; characters outside the code alphabet are ignored. */
    public void typeCode(char key) {
        char upper = Character.toUpperCase(key);
        if (CODE_ALPHABET.indexOf(upper) < 0 || pickupCode.get().length() >= CODE_LENGTH) return;
        if (pickupPrinted.get() > 0) {
            pickupForget();
            printStatus.set("");
        }
        pickupCode.set(pickupCode.get() + upper);
        notice.set(null);
    }

    public void eraseCode() {
        String code = pickupCode.get();
        if (!code.isEmpty()) pickupCode.set(code.substring(0, code.length() - 1));
        pickedUp.clear();
        notice.set(null);
    }

    /** Looks the booking up and prints its tickets. */
    public CompletableFuture<List<TicketInfo>> findBooking() {
        String code = pickupCode.get();
        if (code.length() != CODE_LENGTH) {
            notice.set(Notice.of("pickup.incomplete", CODE_LENGTH));
            return CompletableFuture.completedFuture(List.of());
        }
        notice.set(null);
        busy.set(true);
        PickupService service = pickup;
        if (service != null) {
            service.setLocale(language.get());
            return call(() -> service.pickUp(code), result -> {
                busy.set(false);
                switch (result.outcome()) {
                    case PRINTED -> {
                        printStatus.set(result.fromCache() ? "print.done.offline" : "print.done");
                        pickupDone(result.printed().stream().map(KioskFlow::shown).toList(),
                                result.printed().stream().anyMatch(PrintedTicket::duplicate));
                    }
                    case NOT_FOUND -> notice.set(Notice.of(result.fromCache() ? "pickup.none.offline" : "pickup.none", code));
                    case REVOKED -> notice.set(Notice.of("pickup.revoked", code));
                    case ALREADY_USED -> notice.set(Notice.of("pickup.used", code));
                    case PRINTER_NOT_READY, PRINT_FAILED -> notice.set(Notice.of("pickup.printer"));
                }
            }, failure -> {
                busy.set(false);
                failed(failure);
            }).thenApply(result -> result.outcome() == PickupService.Outcome.PRINTED
                    ? result.printed().stream().map(KioskFlow::shown).toList() : List.<TicketInfo>of());
        }
        return call(() -> backend.tickets(code), found -> {
            busy.set(false);
            if (found.isEmpty()) {
                notice.set(Notice.of("pickup.none", code));
                return;
            }
            print(List.copyOf(found));
            pickupDone(List.copyOf(found), false);
        }, failure -> {
            busy.set(false);
            if (failure instanceof BackendUnavailableException) {
                notice.set(Notice.of("pickup.unavailable"));
            } else if (failure instanceof RejectedException) {
                notice.set(Notice.of("pickup.none", code));
            } else {
                failed(failure);
            }
        });
    }

    // --- the customer flow ---------------------------------------------------------------------

    /** The customer touched the start screen: a new purchase in the chosen language. */
    public void begin() {
        if (screen.get() == Screen.OUT_OF_ORDER || !ready.get()) return;
        endPurchase();
        PurchaseSession session = new PurchaseSession(backend, work, ui, ticker, clock, language.get());
        session.holdExpiredProperty().addListener((property, was, expired) -> {
            if (expired && purchase.get() == session && (screen.get() == Screen.TICKETS || screen.get() == Screen.PAYMENT)) {
                backToSeats();
                notice.set(Notice.of("tickets.expired"));
            }
        });
        purchase.set(session);
        film.set(null);
        screen.set(Screen.FILMS);
        if (films.isEmpty()) loadProgramme();
    }

    /**
     * Shows a film's showtimes: loads the next {@value #DAYS_AHEAD} days at once, offers only the
     * days that still have a showtime, and opens the first of them.
     */
    public CompletableFuture<Map<LocalDate, List<ShowtimeInfo>>> chooseFilm(FilmInfo chosen) {
        film.set(chosen);
        days.clear();
        day.set(null);
        showtimes.clear();
        showtimesByDay.clear();
        screen.set(Screen.SHOWTIMES);
        CinemaInfo info = cinema.get();
        LocalDate today = LocalDate.now(clock.withZone(zone()));
        return call(() -> {
            Instant now = clock.instant();
            Map<LocalDate, List<ShowtimeInfo>> byDay = new LinkedHashMap<>();
            for (int i = 0; i < DAYS_AHEAD; i++) {
                LocalDate date = today.plusDays(i);
                List<ShowtimeInfo> shows = backend.showtimes(info.id(), chosen.id(), date).stream()
                        .filter(s -> s.startsAt().isAfter(now)).toList();
                if (!shows.isEmpty()) byDay.put(date, shows);
            }
            return byDay;
        }, byDay -> {
            if (film.get() != chosen) return;
            showtimesByDay.putAll(byDay);
            days.setAll(byDay.keySet());
            if (!days.isEmpty()) chooseDay(days.get(0));
        }, this::failed);
    }

    /** Shows the chosen film's showtimes on one of the offered days. */
    public void chooseDay(LocalDate chosen) {
        day.set(chosen);
        showtimes.setAll(showtimesByDay.getOrDefault(chosen, List.of()));
    }

    public void chooseShowtime(ShowtimeInfo chosen) {
        closeSeats();
        showtime.set(chosen);
        SeatSelectionViewModel model = new SeatSelectionViewModel(backend, chosen.id(), chosen.movieTitle(), ui, language.get());
        seats.set(model);
        screen.set(Screen.SEATS);
        model.loadedProperty().addListener((property, old, map) -> {
            if (map != null && purchase.get() != null) purchase.get().useShowtime(chosen, map);
        });
        model.load(failure -> failed(unwrap(failure)));
    }

    /** Holds the seats chosen on the map (as adult tickets to start with) and moves on to the ticket types. */
    public CompletableFuture<?> continueToTickets() {
        SeatSelectionViewModel model = seats.get();
        PurchaseSession session = purchase.get();
        if (model == null || model.seatMapProperty().get() == null || session == null) return CompletableFuture.completedFuture(null);
        List<String> chosen = List.copyOf(model.seatMapProperty().get().selectedSeats());
        if (chosen.isEmpty()) {
            notice.set(Notice.of("seats.choose.first"));
            return CompletableFuture.completedFuture(null);
        }
        Map<String, TicketType> wanted = new LinkedHashMap<>();
        chosen.forEach(seat -> wanted.put(seat, session.seats().getOrDefault(seat, TicketType.ADULT)));
        for (String seat : List.copyOf(session.seats().keySet())) {
            if (!wanted.containsKey(seat)) session.deselectSeat(seat);
        }
        wanted.forEach(session::selectSeat);
        notice.set(null);
        busy.set(true);
        return session.placeHold().handle((hold, failure) -> {
            busy.set(false);
            if (failure == null) {
                model.seatMapProperty().get().setOwnHold(hold.lines().stream().map(BackendClient.HoldLine::seatId).toList());
                screen.set(Screen.TICKETS);
            } else {
                RuntimeException cause = unwrap(failure);
                if (cause instanceof SeatsTakenException taken) {
                    session.clearSeats();
                    notice.set(Notice.of("seats.taken", String.join(", ", taken.seatIds())));
                } else {
                    failed(cause);
                }
            }
            return null;
        });
    }

    public CompletableFuture<?> changeTicketType(String seatId, TicketType type) {
        PurchaseSession session = purchase.get();
        if (session == null) return CompletableFuture.completedFuture(null);
        notice.set(null);
        return session.changeTicketType(seatId, type).exceptionally(failure -> {
            failed(unwrap(failure));
            return null;
        });
    }

    public void continueToPayment() {
        if (purchase.get() == null || purchase.get().holdProperty().get() == null) return;
        notice.set(null);
        screen.set(Screen.PAYMENT);
    }

    /** The customer presented a card at the (simulated) terminal. */
    public CompletableFuture<?> pay(PaymentTerminal.Card card) {
        PurchaseSession session = purchase.get();
        if (session == null || session.holdProperty().get() == null) return CompletableFuture.completedFuture(null);
        notice.set(null);
        busy.set(true);
        // No money for a ticket that cannot print: ask the printer right before charging.
        CompletableFuture<PrinterStatus> checked = new CompletableFuture<>();
        CompletableFuture.supplyAsync(printer::status, work).whenComplete((status, thrown) -> ui.execute(() -> checked.complete(
                thrown == null ? status : new PrinterStatus(printer.name(), marquee.kiosk.printing.PrinterState.FAULT, thrown.getMessage()))));
        return checked.thenCompose(status -> {
            printerStatus.set(status);
            if (!status.canPrint()) {
                busy.set(false);
                log.warn("Payment refused before charging: printer {} is {}", status.printer(), status.state());
                notice.set(Notice.of("payment.printer"));
                return CompletableFuture.completedFuture(null);
            }
            return charge(session, card);
        });
    }

    private CompletableFuture<?> charge(PurchaseSession session, PaymentTerminal.Card card) {
        return session.pay(card.number(), card.expiryMonth(), card.expiryYear(), card.cvc()).handle((result, failure) -> {
            busy.set(false);
            if (failure != null) {
                RuntimeException cause = unwrap(failure);
                if (cause instanceof BackendUnavailableException) {
                    paymentTimedOut = card.number();
                    notice.set(Notice.of("payment.unavailable"));
                } else {
                    notice.set(Notice.of("payment.failed", cause.getMessage()));
                }
                return null;
            }
            boolean afterTimeout = card.number().equals(paymentTimedOut);
            paymentTimedOut = null;
            switch (result.outcome()) {
                case COMPLETED -> {
                    // A retry after a lost answer may complete the charge made then: say so, once charged.
                    if (afterTimeout) notice.set(Notice.of("payment.completed.earlier"));
                    screen.set(Screen.SUCCESS);
                    markFirstPrint(result.booking() == null ? "" : result.booking().code(), session);
                    print(List.copyOf(result.tickets()));
                }
                case DECLINED -> notice.set(Notice.of(declineKey(result.message())));
                case REFUNDED -> {
                    notice.set(Notice.of("payment.refunded"));
                    backToSeats();
                }
            }
            return null;
        });
    }

    /**
     * Tells the backend the sold tickets are printed here now (their originals), so a pickup of the
     * same code later prints only counted duplicates. Printing does not wait for it.
     */
    private void markFirstPrint(String code, PurchaseSession session) {
        if (code.isEmpty() || backend == null) return;
        String key = "sale-" + (session.holdProperty().get() == null ? UUID.randomUUID() : session.holdProperty().get().id());
        BackendClient client = backend;
        CompletableFuture.runAsync(() -> client.printTickets(code, key), work).exceptionally(failure -> {
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
        Locale locale = language.get();
        String cinemaName = cinema.get() == null ? "" : cinema.get().name();
        ZoneId where = zone();
        List<PrintedTicket> paper = tickets.stream().map(t -> PrintedTicket.of(t, cinemaName, where, false, locale)).toList();
        CompletableFuture.supplyAsync(() -> printer.print(paper), work).whenComplete((job, failure) -> ui.execute(() -> {
            if (failure != null) log.warn("Printing {} ticket(s) failed", tickets.size(), failure);
            else log.info("Printed {} ticket(s) on {}{}", job.items(), job.printer(), job.file().map(f -> " to " + f).orElse(""));
            printStatus.set(failure == null ? "print.done" : "print.failed");
        }));
    }

    /** A ticket as the pickup screen shows it, from what went on paper. */
    private static TicketInfo shown(PrintedTicket paper) {
        return new TicketInfo("", paper.bookingCode(), paper.row() + paper.seatNumber(), paper.row(), paper.seatNumber(),
                paper.category(), paper.ticketType(), paper.price(), paper.qrPayload(), paper.filmTitle(), paper.hallName(),
                paper.startsAt());
    }

    /** One step back; leaving the ticket types gives up the hold (the seats stay chosen on the map). */
    public void back() {
        notice.set(null);
        switch (screen.get()) {
            case FILMS, PICKUP -> startOver();
            case SHOWTIMES -> screen.set(Screen.FILMS);
            case SEATS -> {
                closeSeats();
                screen.set(Screen.SHOWTIMES);
            }
            case TICKETS -> backToSeats();
            case PAYMENT -> {
                abortTerminalPayment(); // issue 16
                screen.set(Screen.TICKETS);
            }
            default -> { }
        }
    }

    private void backToSeats() {
        PurchaseSession session = purchase.get();
        if (session != null) session.clearSeats();
        SeatSelectionViewModel model = seats.get();
        if (model != null && model.seatMapProperty().get() != null) model.seatMapProperty().get().setOwnHold(List.of());
        screen.set(model == null ? Screen.FILMS : Screen.SEATS);
    }

    /** Back to the start: releases an unpaid hold and forgets the customer's choices. */
    /** True while seats are held for the customer: leaving then gives them up, so the kiosk asks first. */
    public boolean seatsHeld() {
        PurchaseSession session = purchase.get();
        return session != null && session.holdProperty().get() != null && !completed(session);
    }

    public CompletableFuture<Void> startOver() {
        CompletableFuture<Void> released = endPurchase();
        notice.set(null);
        language.set(defaultLanguage);
        // The next customer starts as the kiosk is set up: its language, normal contrast.
        highContrast.set(false);
        screen.set(fault.get() != null ? Screen.OUT_OF_ORDER : Screen.ATTRACT);
        return released;
    }

    private CompletableFuture<Void> endPurchase() {
        abortTerminalPayment(); // issue 16: a payment running at the card terminal stops with the purchase
        stillThere.set(false);
        paymentTimedOut = null;
        closeSeats();
        showtime.set(null);
        film.set(null);
        printStatus.set("");
        pickupCode.set("");
        pickedUp.clear();
        pickupForget();
        PurchaseSession session = purchase.get();
        purchase.set(null);
        if (session == null) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> released = session.cancel();
        session.close();
        return released;
    }

    private void closeSeats() {
        SeatSelectionViewModel model = seats.get();
        seats.set(null);
        if (model != null) model.close();
    }

    // --- card terminal (issue 16): a real ZVT terminal beside the kiosk, when one is configured ----

    private marquee.kiosk.terminal.TerminalCheckout cardTerminal;
    private final ReadOnlyStringWrapper terminalText = new ReadOnlyStringWrapper(this, "terminalText", "");
    private boolean terminalAbortedForIdle;

    /** Card payments go through this terminal instead of the on-screen simulator cards. */
    public void useCardTerminal(marquee.kiosk.terminal.TerminalCheckout terminal) {
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
        PurchaseSession session = purchase.get();
        marquee.kiosk.terminal.TerminalCheckout terminal = cardTerminal;
        if (terminal == null || session == null || session.holdProperty().get() == null) return CompletableFuture.completedFuture(null);
        notice.set(null);
        busy.set(true);
        terminalText.set("");
        terminalAbortedForIdle = false;
        CompletableFuture<PrinterStatus> checked = new CompletableFuture<>();
        CompletableFuture.supplyAsync(printer::status, work).whenComplete((status, thrown) -> ui.execute(() -> checked.complete(
                thrown == null ? status : new PrinterStatus(printer.name(), marquee.kiosk.printing.PrinterState.FAULT, thrown.getMessage()))));
        return checked.thenCompose(status -> {
            printerStatus.set(status);
            if (!status.canPrint()) {
                busy.set(false);
                notice.set(Notice.of("payment.printer"));
                return CompletableFuture.completedFuture(null);
            }
            return session.payAtTerminal(terminal, said -> ui.execute(() -> terminalText.set(said))).handle((result, failure) -> {
                busy.set(false);
                terminalText.set("");
                if (failure != null) {
                    RuntimeException cause = unwrap(failure);
                    notice.set(cause instanceof BackendUnavailableException ? Notice.of("payment.terminal.unknown", cause.getMessage())
                            : Notice.of("payment.failed", cause.getMessage()));
                    return null;
                }
                switch (result.outcome()) {
                    case COMPLETED -> {
                        screen.set(Screen.SUCCESS);
                        markFirstPrint(result.booking() == null ? "" : result.booking().code(), session);
                        print(List.copyOf(result.tickets()));
                    }
                    case DECLINED -> notice.set(result.message().startsWith("aborted")
                            ? Notice.of("payment.terminal.aborted") : Notice.of(declineKey(result.message())));
                    case REFUNDED -> {
                        notice.set(Notice.of("payment.refunded"));
                        backToSeats();
                    }
                }
                return null;
            });
        });
    }

    /** Stops a payment running at the terminal (the customer's cancel button, or the idle timeout). */
    public void abortTerminalPayment() {
        if (cardTerminal != null) cardTerminal.abort();
    }

    // --- idle ----------------------------------------------------------------------------------

    /** Any touch, click or key: the customer is still here. */
    public void touched() {
        lastActivity = clock.instant();
        if (stillThere.get()) stillThere.set(false);
    }

    private void startIdleTimer() {
        if (idleTick != null) return;
        idleTick = ticker.scheduleAtFixedRate(() -> ui.execute(this::checkIdle), 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Asks "still there?" after the idle timeout, and starts over when the question goes unanswered. */
    void checkIdle() {
        if (closed) return;
        Screen now = screen.get();
        if (now == Screen.ATTRACT || now == Screen.OUT_OF_ORDER || busy.get()) {
            // A customer who walked away from the card terminal: abort it after the idle time (issue 16).
            if (busy.get() && now == Screen.PAYMENT && cardTerminal != null
                    && Duration.between(lastActivity, clock.instant()).compareTo(idleTimeout.plus(idleGrace)) >= 0) {
                if (!terminalAbortedForIdle) {
                    terminalAbortedForIdle = true;
                    log.info("Nobody at the kiosk for {}; aborting the payment at the card terminal", idleTimeout.plus(idleGrace));
                    abortTerminalPayment();
                }
                return;
            }
            lastActivity = clock.instant();
            return;
        }
        Duration quiet = Duration.between(lastActivity, clock.instant());
        if (now == Screen.SUCCESS) {
            // Nothing is lost by leaving the success screen: no question, just back to the start.
            if (quiet.compareTo(idleTimeout) >= 0) startOver();
            return;
        }
        Duration left = idleTimeout.plus(idleGrace).minus(quiet);
        if (left.isNegative() || left.isZero()) {
            log.info("Nobody answered \"still there?\" on the {} screen; starting over", now);
            startOver();
        } else if (quiet.compareTo(idleTimeout) >= 0) {
            stillThere.set(true);
            stillThereSeconds.set((int) Math.ceil(left.toMillis() / 1000.0));
        }
    }

    // --- plumbing ------------------------------------------------------------------------------

    private void failed(RuntimeException failure) {
        if (failure instanceof BackendUnavailableException) {
            outOfOrder(failure);
        } else if (failure instanceof RejectedException || failure instanceof BackendException) {
            notice.set(Notice.of("error.rejected", failure.getMessage()));
        } else {
            log.warn("Unexpected failure in the kiosk flow", failure);
            notice.set(Notice.of("error.unexpected"));
        }
    }

    private <T> CompletableFuture<T> call(Supplier<T> job, java.util.function.Consumer<T> onSuccess,
                                          java.util.function.Consumer<RuntimeException> onFailure) {
        return async.run(job, onSuccess, thrown -> onFailure.accept(unwrap(thrown)));
    }

    private static RuntimeException unwrap(Throwable thrown) {
        Throwable cause = Async.unwrap(thrown);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    @Override
    public void close() {
        closed = true;
        if (idleTick != null) idleTick.cancel(false);
        if (healthTick != null) healthTick.cancel(false);
        if (retry != null) retry.cancel(false);
        endPurchase();
    }

    /** For the outcome check in tests and screens that show it. */
    public static boolean completed(PurchaseSession session) {
        return session != null && session.outcomeProperty().get() == CheckoutOutcome.COMPLETED;
    }
}
