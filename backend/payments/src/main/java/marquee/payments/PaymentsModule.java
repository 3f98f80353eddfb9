package marquee.payments;

import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import marquee.platform.config.Config;

/**
 * Charges and refunds. Reads the price and owner of a booking from the reservations service (as
 * itself, the SERVICE identity) and charges cards through {@link PaymentGateway}; the built-in
 * gateway is {@link SimulatedCardGateway}, whose test cards are listed there.
 */
public final class PaymentsModule implements ServiceModule {
    /** How long the simulated gateway takes before its timeout card gives up. */
    static final Duration DEFAULT_GATEWAY_TIMEOUT = Duration.ofSeconds(2);
    /** Largest refund a cashier may give without a manager's approval, in minor units. */
    static final int DEFAULT_CASHIER_REFUND_LIMIT = 5000;

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
        PaymentGateway gateway = new SimulatedCardGateway(dataSource,
                config.getDuration("marquee.payments.gateway.timeout", DEFAULT_GATEWAY_TIMEOUT), clock);
        Bookings bookings = new GrpcBookings(context.channels().to("reservations"), context.serviceIdentity());
        Payments payments = new Payments(new PaymentStore(dataSource), bookings, gateway, context.verifier(), clock,
                config.getInt("marquee.payments.cashier.refund.limit", DEFAULT_CASHIER_REFUND_LIMIT));
        return List.of(new PaymentsGrpcService(payments));
    }
}
