package marquee.payments;

import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import marquee.platform.BackgroundJobs;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges and refunds. Reads the price and owner of a booking from the reservations service (as
 * itself, the SERVICE identity) and charges cards through {@link PaymentGateway}; the built-in
 * gateway is {@link SimulatedCardGateway}, whose test cards are listed there.
 */
public final class PaymentsModule implements ServiceModule {
    private static final Logger log = LoggerFactory.getLogger(PaymentsModule.class);
    /** How long the simulated gateway takes before its timeout card gives up. */
    static final Duration DEFAULT_GATEWAY_TIMEOUT = Duration.ofSeconds(2);
    /** Largest refund a cashier may give without a manager's approval, in minor units. */
    static final int DEFAULT_CASHIER_REFUND_LIMIT = 5000;
    /** How often PENDING payments are reconciled with the gateway, and how old they must be. */
    static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_RECONCILE_AFTER = Duration.ofMinutes(1);

    private Payments payments;
    private BackgroundJobs reconciler;

    @Override
    public String name() {
        return "payments";
    }

    @Override
    public List<Class<?>> entities() {
        // Plain JDBC: idempotency and refund locking are written directly in SQL (see PaymentStore).
        return List.of();
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        Config config = context.config();
        Clock clock = Clock.systemUTC();
        var dataSource = context.database().dataSource();
        PaymentGateway gateway = cardGateway(config, dataSource, clock);
        Bookings bookings = new GrpcBookings(context.channels().to("reservations"), context.serviceIdentity());
        PaymentStore store = new PaymentStore(dataSource);
        payments = new Payments(store, bookings, gateway, context.verifier(), clock,
                config.getInt("marquee.payments.cashier.refund.limit", DEFAULT_CASHIER_REFUND_LIMIT),
                new PaymentMetrics(context.meters()));
        return List.of(new PaymentsGrpcService(payments, new Shifts(store, new ShiftStore(), clock),
                new TerminalReconciliations(store, clock))
                .withOfflinePayments(new OfflinePayments(store, new PaymentMetrics(context.meters()), clock)));
    }

    /** Which card-not-present gateway: {@code simulated} (the default; see {@link #SIMULATED_GATEWAY}) or {@code none}. */
    static final String CARD_GATEWAY = "marquee.payments.card.gateway";

    /**
     * The card-not-present gateway. {@code none}: cards only at the terminals of kiosks and tills
     * (card-present payments need no gateway), card-number charges are refused with
     * FAILED_PRECONDITION. Otherwise the simulated gateway, under the rule of {@link #SIMULATED_GATEWAY}.
     */
    static PaymentGateway cardGateway(Config config, javax.sql.DataSource dataSource, Clock clock) {
        String choice = config.get(CARD_GATEWAY, "simulated").strip().toLowerCase(java.util.Locale.ROOT);
        switch (choice) {
            case "none" -> {
                log.info("No card-not-present gateway ({}=none): cards are taken at the card terminals of kiosks and tills;"
                        + " card-number charges are refused", Config.envName(CARD_GATEWAY));
                return new NoCardGateway();
            }
            case "simulated" -> {
                requireSimulatedGatewayAllowed(config);
                return new SimulatedCardGateway(dataSource,
                        config.getDuration("marquee.payments.gateway.timeout", DEFAULT_GATEWAY_TIMEOUT), clock);
            }
            default -> throw new IllegalArgumentException(Config.envName(CARD_GATEWAY) + " must be simulated or none, not " + choice);
        }
    }

    /** Setting that lets the simulated card gateway run outside demo mode: {@code allow} or {@code refuse}. */
    static final String SIMULATED_GATEWAY = "marquee.payments.simulated.gateway";

    /**
     * The simulated gateway approves any Luhn-valid card number without moving money: fine for the
     * demo, a free-tickets machine in a real cinema. Outside demo mode it starts only when
     * explicitly allowed, and then says so loudly in the log.
     */
    static void requireSimulatedGatewayAllowed(Config config) {
        boolean demo = config.getBoolean("marquee.demo.data", false);
        String setting = config.get(SIMULATED_GATEWAY, demo ? "allow" : "refuse").strip().toLowerCase(java.util.Locale.ROOT);
        if (!setting.equals("allow") && !setting.equals("refuse")) {
            throw new IllegalArgumentException(Config.envName(SIMULATED_GATEWAY) + " must be allow or refuse, not " + setting);
        }
        if (setting.equals("refuse")) {
            String why = "The payments service refuses to start: its only card gateway is the SIMULATED one, which approves"
                    + " any Luhn-valid card number and moves no money. It runs in demo mode (MARQUEE_DEMO_DATA=true), or,"
                    + " for a test installation, with " + Config.envName(SIMULATED_GATEWAY) + "=allow. A cinema that takes"
                    + " cards only at the card terminals of its kiosks and tills sets " + Config.envName(CARD_GATEWAY) + "=none."
                    + " A real cinema needs a payment provider (docs/operations.md, production checklist).";
            log.error(why);
            throw new IllegalStateException(why);
        }
        if (!demo) {
            log.warn("SIMULATED card gateway in use outside demo mode ({}=allow): cards are not really charged",
                    Config.envName(SIMULATED_GATEWAY));
        }
    }

    @Override
    public void afterStart(ServiceContext context) {
        Duration interval = context.config().getDuration("marquee.payments.reconcile.interval", DEFAULT_RECONCILE_INTERVAL);
        Duration after = context.config().getDuration("marquee.payments.reconcile.after", DEFAULT_RECONCILE_AFTER);
        reconciler = new BackgroundJobs("payments-reconciler", 1);
        reconciler.every(interval, "Reconciling pending payments", () -> payments.reconcile(after));
    }

    @Override
    public void stop() {
        if (reconciler != null) reconciler.close();
    }
}
