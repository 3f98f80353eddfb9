package marquee.kiosk.cashier;

import java.text.MessageFormat;
import java.time.ZoneId;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.UUID;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.CashierBackend;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.StaffMember;
import marquee.kiosk.model.StaffRole;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.work.Async;

/**
 * What every screen of the till shares: the backend, the printer, the signed-in staff member and
 * their cinema, the station and the language. Set up once at start; staff and cinema at sign-in.
 */
public final class CashierContext {
    private final BackendClient backend;
    private final CashierBackend cashier;
    private final Printer printer;
    private final Async async;
    private final CashierSettings settings;
    private final ResourceBundle text;
    private volatile StaffMember staff;
    private volatile CinemaInfo cinema;

    /** The programme as last saved in the till's offline copy; empty until one was saved. */
    private volatile java.util.function.Supplier<java.util.Optional<marquee.kiosk.cache.Programme>> cachedProgramme =
            java.util.Optional::empty;

    public void useCachedProgramme(java.util.function.Supplier<java.util.Optional<marquee.kiosk.cache.Programme>> source) {
        cachedProgramme = source;
    }

    public java.util.Optional<marquee.kiosk.cache.Programme> cachedProgramme() {
        return cachedProgramme.get();
    }

    public CashierContext(BackendClient backend, CashierBackend cashier, Printer printer, Async async, CashierSettings settings) {
        this.backend = backend;
        this.cashier = cashier;
        this.printer = printer;
        this.async = async;
        this.settings = settings;
        this.text = ResourceBundle.getBundle("marquee.kiosk.cashier.cashier", settings.language());
    }

    public BackendClient backend() { return backend; }
    public CashierBackend cashier() { return cashier; }
    public Printer printer() { return printer; }
    public Async async() { return async; }
    public CashierSettings settings() { return settings; }
    public ResourceBundle text() { return text; }
    public Locale locale() { return settings.language(); }
    public String stationId() { return settings.stationId(); }
    public String currency() { return settings.currency(); }
    public StaffMember staff() { return staff; }
    public CinemaInfo cinema() { return cinema; }

    public ZoneId zone() {
        CinemaInfo c = cinema;
        return c == null || c.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(c.timeZone());
    }

    public boolean isManager() {
        StaffMember s = staff;
        return s != null && s.role() == StaffRole.MANAGER;
    }

    void signedIn(StaffMember staff, CinemaInfo cinema) {
        this.staff = staff;
        this.cinema = cinema;
    }

    void signedOut() {
        this.staff = null;
    }

    public String t(String key, Object... args) {
        String pattern = text.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, text.getLocale()).format(args);
    }

    /** A fresh key for one attempt at a money-moving call; a retry of that attempt reuses it. */
    public static String newKey(String what) {
        return what + "-" + UUID.randomUUID();
    }
}
