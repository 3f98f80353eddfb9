package marquee.reservations;

import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import marquee.platform.BackgroundJobs;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Seat holds and bookings; asks movies about showtimes and theaters about halls and rules. */
public final class ReservationsModule implements ServiceModule {
    private static final Logger log = LoggerFactory.getLogger(ReservationsModule.class);
    static final Duration DEFAULT_HOLD_TTL = Duration.ofMinutes(8);
    static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(5);
    /**
     * How long a showtime snapshot (start, hall, prices, status) lives at most: movies' change and
     * cancellation events drop it at once in every instance, so this only bounds a missed one.
     */
    static final Duration DEFAULT_SHOWTIME_CACHE_TTL = Duration.ofMinutes(2);
    static final Duration DEFAULT_WATCH_POLL = Duration.ofMillis(50);
    /** Seat-map streams one process follows at once (they share one feed: one query per watch poll). */
    static final int DEFAULT_MAX_WATCHERS = 1000;
    /** Live holds one customer account may have at once. */
    static final int DEFAULT_MAX_LIVE_HOLDS_PER_CUSTOMER = 10;

    private Holds holds;
    private HoldSweeper holdSweeper;
    private CheckoutStore checkoutStore;
    private Checkout checkout;
    private Cancellations cancellations;
    private BackgroundJobs sweeper;
    private ScheduledExecutorService watchers;
    private SeatMapFeed feed;
    private OfflineUploads offlineUploads;

    public ReservationsModule() {}

    @Override
    public String name() {
        return "reservations";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of();
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        Config config = context.config();
        Duration ttl = config.getDuration("marquee.reservations.hold.ttl", DEFAULT_HOLD_TTL);
        Venue venue = new GrpcVenue(context.channels().to("movies"), context.channels().to("theaters"),
                config.getDuration("marquee.reservations.venue.cache.ttl", Duration.ofSeconds(30)),
                config.getDuration("marquee.reservations.showtime.cache.ttl", DEFAULT_SHOWTIME_CACHE_TTL));
        ReservationMetrics metrics = new ReservationMetrics(context.meters());
        BookingStore bookings = new BookingStore(context.database().dataSource());
        SeatMaps seatMaps = new SeatMaps(bookings.transactions(), venue);
        holds = new Holds(bookings, seatMaps, venue, Clock.systemUTC(), ttl, metrics);
        holds.limitLiveHoldsPerCustomer(config.getInt("marquee.reservations.max.holds.per.customer",
                DEFAULT_MAX_LIVE_HOLDS_PER_CUSTOMER));
        holdSweeper = new HoldSweeper(bookings.transactions(), metrics);
        Sales sales = new Sales(bookings, metrics);
        checkoutStore = new CheckoutStore(context.database().dataSource());
        GrpcPeers peers = new GrpcPeers(context.channels().to("payments"), context.channels().to("tickets"), context.serviceIdentity());
        Checkout.CrashPoint crash = Checkout.CrashPoint.valueOf(
                config.get("marquee.reservations.test.crash.after", "none").toUpperCase(java.util.Locale.ROOT));
        checkout = new Checkout(holds, bookings, sales, checkoutStore, peers, peers, crash, metrics);
        watchers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reservations-watch");
            thread.setDaemon(true);
            return thread;
        });
        Duration poll = config.getDuration("marquee.reservations.watch.poll", DEFAULT_WATCH_POLL);
        // The refund limit is the payments service's alone: a cancellation's refund is decided there.
        cancellations = new Cancellations(bookings, sales, checkoutStore, peers, peers);
        ShowtimeEventsConsumer.subscribe(context, venue, cancellations);
        feed = new SeatMapFeed(context.database().dataSource(), watchers, poll);
        ReservationsGrpcService service = new ReservationsGrpcService(holds, sales, checkout, peers, feed, cancellations);
        service.limitWatchers(config.getInt("marquee.reservations.max.watchers", DEFAULT_MAX_WATCHERS));
        // Offline selling from seats set aside (OfflineSalesService).
        OfflineAllocations offline = new OfflineAllocations(bookings.transactions(), venue, seatMaps,
                new OfflineCatalog(context.channels().to("movies"), context.channels().to("theaters")), OfflinePolicy.from(config),
                Clock.systemUTC());
        offlineUploads = new OfflineUploads(offline, OfflinePeers.grpc(context.channels().to("payments"),
                context.channels().to("tickets"), context.serviceIdentity()), Clock.systemUTC(), context.meters())
                .crashAfter(config.get("marquee.reservations.test.offline.crash.after", "none"));
        return List.of(service, new OfflineSalesGrpcService(offline, offlineUploads));
    }

    @Override
    public void afterStart(ServiceContext context) {
        Duration interval = context.config().getDuration("marquee.reservations.sweep.interval", DEFAULT_SWEEP_INTERVAL);
        sweeper = new BackgroundJobs("reservations-sweeper", 2);
        sweeper.every(interval, "Sweeping expired holds", holdSweeper);
        Duration reconcileEvery = context.config().getDuration("marquee.reservations.reconcile.interval", Duration.ofSeconds(10));
        // A checkout untouched this long has lost its caller (a live one advances within seconds).
        Duration idle = context.config().getDuration("marquee.reservations.reconcile.after", Duration.ofSeconds(60));
        sweeper.every(reconcileEvery, "Reconciling checkouts", new Reconciler(checkoutStore, checkout, cancellations, idle));
        // Offline sales whose upload was cut between its stages (seats, money, tickets) are finished here.
        sweeper.every(reconcileEvery, "Finishing offline sales", () -> {
            try {
                int done = offlineUploads.finishStale(idle);
                if (done > 0) log.info("Finished {} offline sale(s) whose upload was cut", done);
            } catch (RuntimeException e) {
                log.warn("Finishing offline sales failed; will retry", e);
            }
        });
    }

    /** The process's seat-map feed (tests count its queries). */
    SeatMapFeed feed() {
        return feed;
    }

    @Override
    public void stop() {
        if (feed != null) feed.close();
        if (offlineUploads != null) offlineUploads.close();
        if (watchers != null) watchers.shutdownNow();
        if (sweeper != null) sweeper.close();
    }
}
