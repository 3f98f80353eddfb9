package marquee.kiosk.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.DeviceReport;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterState;
import marquee.kiosk.printing.PrinterStatus;
import marquee.kiosk.work.Async;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this kiosk can sell, and what the chain's monitoring hears about it: the start-up of
 * the (embedded) backend, the device's sign-in and cinema, the printer (asked every few seconds),
 * the fault that puts the kiosk out of order and the retries that bring it back, and the device
 * state reported to the backend on every change and as a heartbeat.
 *
 * <p>Properties change on the UI thread; the printer is asked and reports are sent off it.
 */
public final class DeviceHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceHealth.class);
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final Navigator nav;
    private final Async async;
    private final Clock clock;
    private final Printer printer;
    private final String appVersion;

    /** Null until {@link #connect}: the embedded backend may still be starting. */
    private volatile BackendClient backend;
    private Runnable signIn;
    private volatile boolean signedIn;
    private final List<Consumer<CinemaInfo>> inService = new CopyOnWriteArrayList<>();

    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
    private final ReadOnlyDoubleWrapper startupProgress = new ReadOnlyDoubleWrapper(this, "startupProgress", -1);
    private final ReadOnlyStringWrapper startupStep = new ReadOnlyStringWrapper(this, "startupStep", "");
    private final ReadOnlyObjectWrapper<CinemaInfo> cinema = new ReadOnlyObjectWrapper<>(this, "cinema");
    private final ReadOnlyObjectWrapper<Fault> fault = new ReadOnlyObjectWrapper<>(this, "fault");
    private final ReadOnlyObjectWrapper<PrinterStatus> printerStatus = new ReadOnlyObjectWrapper<>(this, "printerStatus");
    private ScheduledFuture<?> healthTick;
    private ScheduledFuture<?> retry;
    private DeviceReport lastReport;
    private Instant lastReportAt = Instant.EPOCH;
    private volatile boolean closed;

    public DeviceHealth(Navigator nav, Async async, Clock clock, Printer printer) {
        this.nav = Objects.requireNonNull(nav);
        this.async = Objects.requireNonNull(async);
        this.clock = Objects.requireNonNull(clock);
        this.printer = Objects.requireNonNull(printer);
        Package own = DeviceHealth.class.getPackage();
        this.appVersion = own != null && own.getImplementationVersion() != null ? own.getImplementationVersion() : "dev";
        nav.onBackendLost(this::backendFailed);
    }

    // --- state ---------------------------------------------------------------------------------

    /** True once the backend is connected, the device signed in and its cinema known. */
    public ReadOnlyBooleanProperty readyProperty() { return ready.getReadOnlyProperty(); }
    /** How far the embedded backend's start-up got (0..1, or -1 when unknown). */
    public ReadOnlyDoubleProperty startupProgressProperty() { return startupProgress.getReadOnlyProperty(); }
    /** What the start-up is doing, in plain words. */
    public ReadOnlyStringProperty startupStepProperty() { return startupStep.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<CinemaInfo> cinemaProperty() { return cinema.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Fault> faultProperty() { return fault.getReadOnlyProperty(); }
    /** The printer's state at the last check (every few seconds, and before taking money). */
    public ReadOnlyObjectProperty<PrinterStatus> printerStatusProperty() { return printerStatus.getReadOnlyProperty(); }

    /** The backend, once connected (null before). */
    public BackendClient backend() {
        return backend;
    }

    public Printer printer() {
        return printer;
    }

    /** The cinema's time zone (the system's until the cinema is known). */
    public ZoneId zone() {
        CinemaInfo info = cinema.get();
        return info == null ? ZoneId.systemDefault() : ZoneId.of(info.timeZone());
    }

    public String cinemaName() {
        return cinema.get() == null ? "" : cinema.get().name();
    }

    /** Called (on the UI thread) each time the kiosk comes into service: after start-up and after every outage. */
    public void whenInService(Consumer<CinemaInfo> action) {
        inService.add(Objects.requireNonNull(action));
    }

    // --- start-up ------------------------------------------------------------------------------

    /** Starts asking the printer (and reporting) every few seconds. */
    public void start() {
        healthTick = async.every(Duration.ZERO, HEALTH_CHECK, () -> {
            try {
                checkHealth();
            } catch (RuntimeException e) {
                log.warn("Health check failed", e);
            }
        });
    }

    /** Start-up progress of the embedded backend, shown on the start screen. */
    public void startingUp(double progress, String step) {
        startupProgress.set(progress);
        startupStep.set(step == null ? "" : step);
    }

    /**
     * The backend is there: sign in (retried until it works, so a kiosk started while the backend
     * is down comes into service by itself) and learn the device's cinema.
     */
    public CompletableFuture<CinemaInfo> connect(BackendClient client, Runnable signInAsDevice) {
        this.backend = Objects.requireNonNull(client);
        this.signIn = Objects.requireNonNull(signInAsDevice);
        return comeIntoService();
    }

    /** The embedded backend could not start: out of order until someone restarts the kiosk. */
    public void startupFailed(Throwable cause) {
        log.error("The embedded backend did not start", cause);
        fault.set(new Fault(Fault.BACKEND_DID_NOT_START, "fault.startup", clock.instant()));
        nav.outOfOrder();
    }

    private CompletableFuture<CinemaInfo> comeIntoService() {
        BackendClient client = backend;
        return async.run(() -> {
            if (!signedIn) {
                signIn.run();
                signedIn = true;
            }
            return client.cinema();
        }, found -> {
            cinema.set(found);
            boolean wasOut = fault.get() != null && !fault.get().is(Fault.PRINTER_NOT_READY);
            if (wasOut) fault.set(null);
            ready.set(true);
            if (wasOut) nav.backInService();
            inService.forEach(action -> action.accept(found));
        }, failure -> backendFailed(Async.unwrapRuntime(failure)));
    }

    /**
     * The backend cannot be reached (MQ-101) or refuses this device (MQ-102): out of order, and
     * the kiosk tries again every few seconds.
     */
    public void backendFailed(RuntimeException failure) {
        String code = failure instanceof BackendUnavailableException ? Fault.BACKEND_UNREACHABLE : Fault.BACKEND_REFUSED_DEVICE;
        String reason = failure instanceof BackendUnavailableException ? "fault.backend" : "fault.refused";
        log.warn("Kiosk out of order ({}): {}", code, failure.getMessage());
        if (fault.get() == null || !fault.get().is(code)) fault.set(new Fault(code, reason, clock.instant()));
        nav.outOfOrder();
        scheduleRetry();
    }

    private void scheduleRetry() {
        // A call that fails after the kiosk was closed (its backend stopped with it) retries nothing.
        if (closed || async.stopped()) return;
        if (retry != null && !retry.isDone()) return;
        retry = async.laterOnUi(RETRY, () -> {
            Fault current = fault.get();
            if (!closed && current != null && !current.is(Fault.PRINTER_NOT_READY) && !current.is(Fault.BACKEND_DID_NOT_START)) {
                comeIntoService();
            }
        });
    }

    // --- printer and reports -------------------------------------------------------------------

    /**
     * Asks the printer right before money is taken (no money for a ticket that cannot print); the
     * answer also updates {@link #printerStatusProperty()}. Completes on the UI thread.
     */
    public CompletableFuture<PrinterStatus> askPrinter() {
        CompletableFuture<PrinterStatus> checked = new CompletableFuture<>();
        async.supply(printer::status).whenComplete((status, thrown) -> async.onUi(() -> {
            PrinterStatus answer = thrown == null ? status : new PrinterStatus(printer.name(), PrinterState.FAULT, thrown.getMessage());
            printerStatus.set(answer);
            checked.complete(answer);
        }));
        return checked;
    }

    /**
     * Runs on the scheduler: asks the printer how it is (an ESC/POS status query may take a moment),
     * takes the kiosk out of order while it cannot print and back when it can, and reports the
     * device's state to the backend on a change and as a heartbeat.
     */
    private void checkHealth() {
        if (closed) return;
        PrinterStatus status = printer.status();
        CompletableFuture<DeviceReport> applied = new CompletableFuture<>();
        async.onUi(() -> {
            try {
                applyPrinterStatus(status);
            } finally {
                applied.complete(currentReport());
            }
        });
        report(applied.join());
    }

    private void applyPrinterStatus(PrinterStatus status) {
        printerStatus.set(status);
        Fault current = fault.get();
        if (!status.canPrint() && current == null && nav.idleScreen() && ready.get()) {
            log.warn("Kiosk out of order: printer {} is {} ({})", status.printer(), status.state(), status.detail());
            fault.set(new Fault(Fault.PRINTER_NOT_READY, "fault.printer", clock.instant()));
            nav.outOfOrder();
        } else if (status.canPrint() && current != null && current.is(Fault.PRINTER_NOT_READY)) {
            log.info("Printer {} is {} again; back in service", status.printer(), status.state());
            fault.set(null);
            nav.backInService();
        }
    }

    /** Sends the device state when it changed, else once a minute; a failure only waits for the next try. */
    private void report(DeviceReport now) {
        BackendClient client = backend;
        if (client == null || !signedIn) return;
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

    @Override
    public void close() {
        closed = true;
        if (healthTick != null) healthTick.cancel(false);
        if (retry != null) retry.cancel(false);
    }
}
