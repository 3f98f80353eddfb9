package marquee.kiosk.cashier;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import marquee.kiosk.cashier.login.LoginViewModel;
import marquee.kiosk.cashier.override.OverrideViewModel;
import marquee.kiosk.cashier.pickup.CounterPickupViewModel;
import marquee.kiosk.cashier.sale.SaleViewModel;
import marquee.kiosk.cashier.shift.ShiftViewModel;
import marquee.kiosk.cashier.support.BookingSupportViewModel;
import marquee.kiosk.pickup.PickupService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The till: sign-in, then an open shift, then the desk (sale, pickup, refunds and reprints,
 * shift); closing the shift shows its report, and the next staff member signs in.
 */
public final class CashierViewModel {
    private static final Logger log = LoggerFactory.getLogger(CashierViewModel.class);

    public enum Screen { LOGIN, OPEN_SHIFT, DESK, REPORT }

    public enum Desk { SALE, PICKUP, SUPPORT, SHIFT, OFFLINE }

    private final CashierContext context;
    private final ReadOnlyObjectWrapper<Screen> screen = new ReadOnlyObjectWrapper<>(Screen.LOGIN);
    private final ReadOnlyObjectWrapper<Desk> desk = new ReadOnlyObjectWrapper<>(Desk.SALE);
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper printerState = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper offlineBanner = new ReadOnlyStringWrapper("");
    private final java.util.List<Runnable> signInListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LoginViewModel login;
    private final ShiftViewModel shift;
    private final SaleViewModel sale;
    private final CounterPickupViewModel pickup;
    private final OverrideViewModel override;
    private final BookingSupportViewModel support;
    private final marquee.kiosk.cashier.offline.OfflineSaleViewModel offline;

    public CashierViewModel(CashierContext context, java.util.function.Supplier<PickupService> pickupService) {
        this(context, pickupService, null);
    }

    /** With offline selling from seats set aside ({@code selling} null: this till has none, e.g. in training). */
    public CashierViewModel(CashierContext context, java.util.function.Supplier<PickupService> pickupService,
                            marquee.kiosk.offline.OfflineSelling selling) {
        this.context = context;
        this.login = new LoginViewModel(context, signedIn -> signedIn(signedIn));
        this.shift = new ShiftViewModel(context);
        this.sale = new SaleViewModel(context);
        this.pickup = new CounterPickupViewModel(context, pickupService);
        this.override = new OverrideViewModel(context);
        this.support = new BookingSupportViewModel(context, override);
        this.offline = new marquee.kiosk.cashier.offline.OfflineSaleViewModel(context, selling);
        offline.shiftFrom(() -> shift.shiftProperty().get() == null ? "" : shift.shiftProperty().get().id());
        shift.shiftProperty().addListener((p, old, now) -> {
            updateHeader();
            if (now != null && screen.get() == Screen.OPEN_SHIFT) toDesk();
        });
        // A refused payment may be the printer: the status line says so at once, not at the next sign-in.
        sale.errorProperty().addListener((p, old, now) -> {
            if (!now.isEmpty()) checkPrinter();
        });
        shift.reportProperty().addListener((p, old, report) -> {
            if (report != null) {
                sale.close();
                screen.set(Screen.REPORT);
            }
        });
    }

    private void signedIn(LoginViewModel.SignedIn who) {
        context.signedIn(who.staff(), who.cinema());
        log.info("{} {} signed in at {}", who.staff().role(), who.staff().login(), context.stationId());
        updateHeader();
        signInListeners.forEach(Runnable::run);
        shift.load().thenAccept(found -> context.async().ui().execute(() -> {
            if (found.isPresent()) toDesk();
            else screen.set(Screen.OPEN_SHIFT);
        }));
        checkPrinter();
    }

    private void toDesk() {
        // A new shift (or cashier) starts with an empty order: no last sale, no change due left over.
        sale.reset();
        screen.set(Screen.DESK);
        desk.set(Desk.SALE);
        sale.loadShowtimes();
    }

    public void show(Desk which) {
        if (screen.get() != Screen.DESK) return;
        desk.set(which);
        checkPrinter();
        if (which == Desk.SHIFT) shift.refresh();
        if (which == Desk.OFFLINE) offline.refresh();
    }

    /** Asks the printer how it is, for the status line (the sale asks again before taking money). */
    public void checkPrinter() {
        context.async().run(() -> context.printer().status(), status -> printerState.set(status.canPrint()
                        ? context.t("printer.ready", context.printer().name())
                        : context.t("printer.notready", status.state(), status.detail())),
                failure -> printerState.set(context.t("printer.notready", "FAULT", failure.getMessage())));
    }

    private void updateHeader() {
        var staff = context.staff();
        var cinema = context.cinema();
        if (staff == null || cinema == null) {
            header.set("");
            return;
        }
        var open = shift.shiftProperty().get();
        header.set(context.t("header", cinema.name(), context.stationId(), staff.name(), staff.role().name(),
                open == null ? context.t("header.noshift") : context.t("header.shift", Amounts.format(open.openingFloat(), context.locale()))));
    }

    /** Signs out; the shift stays open for the next sign-in of the same staff member. */
    public void signOut() {
        sale.close();
        shift.dismissReport();
        context.signedOut();
        // The next person's calls must be theirs alone: no token or PIN of this one stays in the client.
        context.cashier().signOut();
        login.clear();
        header.set("");
        screen.set(Screen.LOGIN);
    }

    /** Runs after every staff sign-in (the cinema is known then), e.g. to start the offline copy's sync. */
    public void onSignedIn(Runnable listener) {
        signInListeners.add(listener);
    }

    /**
     * The backend became unreachable or reachable again: the banner says since when, and what
     * still works. Call on the UI thread.
     */
    public void connectivity(boolean online, java.util.Optional<java.time.Instant> offlineSince) {
        offline.connectivity(online);
        if (online) {
            offlineBanner.set("");
            return;
        }
        String since = offlineSince.map(at -> java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .withZone(context.cinema() == null ? java.time.ZoneId.systemDefault() : context.zone()).format(at)).orElse("?");
        offlineBanner.set(context.t(offline.available() ? "offline.banner.selling" : "offline.banner", since));
    }

    /** Empty while the backend answers; otherwise what the offline banner says. */
    public ReadOnlyStringProperty offlineBannerProperty() { return offlineBanner.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Screen> screenProperty() { return screen.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Desk> deskProperty() { return desk.getReadOnlyProperty(); }
    public ReadOnlyStringProperty headerProperty() { return header.getReadOnlyProperty(); }
    public ReadOnlyStringProperty printerStateProperty() { return printerState.getReadOnlyProperty(); }
    public LoginViewModel login() { return login; }
    public ShiftViewModel shift() { return shift; }
    public SaleViewModel sale() { return sale; }
    public CounterPickupViewModel pickup() { return pickup; }
    public OverrideViewModel override() { return override; }
    public BookingSupportViewModel support() { return support; }
    public marquee.kiosk.cashier.offline.OfflineSaleViewModel offline() { return offline; }
    public CashierContext context() { return context; }
}
