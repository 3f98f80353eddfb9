package marquee.kiosk.shell;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import marquee.kiosk.films.ProgrammeViewModel;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.pickup.PickupViewModel;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.purchase.CheckoutViewModel;
import marquee.kiosk.seats.ChooseSeatsViewModel;
import marquee.kiosk.start.StartViewModel;
import marquee.kiosk.work.Async;

/**
 * The customer kiosk put together: the navigator, the device health and one view-model per screen
 * package, wired so that none of them calls a screen it does not own. {@link KioskShell} shows it.
 */
public final class Kiosk implements AutoCloseable {
    private final Navigator nav;
    private final DeviceHealth health;
    private final ProgrammeViewModel programme;
    private final CheckoutViewModel checkout;
    private final ChooseSeatsViewModel seats;
    private final PickupViewModel pickup;
    private final StartViewModel start;
    private final marquee.kiosk.offlinesale.OfflineSaleViewModel offlineSale;

    public Kiosk(Async async, Clock clock, Duration idleTimeout, Duration idleGrace, Locale defaultLanguage, List<Locale> languages,
                 Printer printer, String deviceId) {
        nav = new Navigator(async, clock, idleTimeout, idleGrace, defaultLanguage);
        health = new DeviceHealth(nav, async, clock, printer);
        programme = new ProgrammeViewModel(nav, health, async, clock);
        checkout = new CheckoutViewModel(nav, health, async, clock);
        seats = new ChooseSeatsViewModel(nav, health, checkout, async);
        pickup = new PickupViewModel(nav, health, async);
        start = new StartViewModel(nav, health, programme, checkout, pickup, languages, deviceId);
        offlineSale = new marquee.kiosk.offlinesale.OfflineSaleViewModel(nav, health, async);
        start.offerOfflineSale(offlineSale);
        programme.onShowtimeChosen(seats::open);
    }

    /** Shows the start screen's timers: idle, printer checks and reports. */
    public void start() {
        nav.start();
        health.start();
    }

    public Navigator navigator() { return nav; }
    public DeviceHealth health() { return health; }
    public ProgrammeViewModel programme() { return programme; }
    public CheckoutViewModel checkout() { return checkout; }
    public ChooseSeatsViewModel seats() { return seats; }
    public PickupViewModel pickup() { return pickup; }
    public StartViewModel startScreen() { return start; }
    /** Offline selling from seats set aside (issue 14); offered only once {@code use}d. */
    public marquee.kiosk.offlinesale.OfflineSaleViewModel offlineSale() { return offlineSale; }

    @Override
    public void close() {
        health.close();
        nav.close();
    }
}
