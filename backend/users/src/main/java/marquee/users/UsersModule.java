package marquee.users;

import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts, roles and sign-in; the holder of the token signing key. */
public final class UsersModule implements ServiceModule {
    private static final Logger log = LoggerFactory.getLogger(UsersModule.class);

    @Override
    public String name() {
        return "users";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(Account.class);
    }

    /**
     * A real installation has no demo manager, and only a manager creates accounts: the first chain
     * manager comes from {@code MARQUEE_USERS_FIRST_MANAGER_EMAIL} and {@code _PASSWORD} (or
     * {@code _PASSWORD_FILE}), created once, when the installation has no account yet.
     */
    private static void firstManager(Config config, Accounts accounts) {
        var email = config.find("marquee.users.first.manager.email");
        if (email.isEmpty() || !accounts.isEmpty()) return;
        String password = config.find("marquee.users.first.manager.password").orElseThrow(() -> new IllegalStateException(
                "MARQUEE_USERS_FIRST_MANAGER_EMAIL needs MARQUEE_USERS_FIRST_MANAGER_PASSWORD (or _PASSWORD_FILE)"));
        marquee.platform.config.Placeholders.refuse("MARQUEE_USERS_FIRST_MANAGER_PASSWORD", password);
        try {
            var manager = accounts.register(email.get(), password, "Chain manager");
            accounts.promoteToChainManager(manager.id());
            log.info("Created the first chain manager {}", manager.email());
        } catch (marquee.platform.errors.AlreadyExistsException e) {
            log.debug("The first manager exists already (another instance created it)");
        }
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        Config config = context.config();
        var keys = Ed25519Keys.loadOrCreate(config.keysDir(), TokenVerifier.SIGNING_KEY_NAME);
        Duration customerTtl = config.getDuration("marquee.users.token.ttl", Duration.ofHours(2));
        Duration staffTtl = config.getDuration("marquee.users.staff.token.ttl", Duration.ofHours(12));
        TokenIssuer issuer = new TokenIssuer(keys, customerTtl, staffTtl, Clock.systemUTC());
        LoginThrottle throttle = new LoginThrottle(
                config.getInt("marquee.users.login.free.attempts", LoginThrottle.DEFAULT.freeAttempts()),
                config.getDuration("marquee.users.login.first.lock", LoginThrottle.DEFAULT.firstLock()),
                config.getDuration("marquee.users.login.max.lock", LoginThrottle.DEFAULT.maxLock()));
        // Strength 10 ≈ 60–80 ms per hash on one core here: slow for guessing, fine for a sign-in.
        Accounts accounts = new Accounts(context.database(), config.getInt("marquee.users.bcrypt.strength", 10),
                throttle, issuer, Clock.systemUTC());
        if (config.getBoolean("marquee.demo.data", false)) {
            DemoAccounts.ensure(accounts);
        }
        firstManager(config, accounts);
        java.util.Map<String, String> serviceSecrets = new java.util.HashMap<>();
        for (String service : marquee.platform.ServiceModules.ALL) {
            try {
                serviceSecrets.put(service, marquee.platform.auth.ServiceSecret.load(config, service));
            } catch (java.io.UncheckedIOException e) {
                // A read-only keys directory without this service's secret (an installation that does not run it yet).
                org.slf4j.LoggerFactory.getLogger(UsersModule.class).warn("The {} service cannot sign in: {}", service, e.getMessage());
            }
        }
        ServiceSignIn services = new ServiceSignIn(issuer, serviceSecrets);
        Devices devices = new Devices(context.database().dataSource(),
                config.getDuration("marquee.users.device.stale.after", Devices.DEFAULT_STALE_AFTER));
        new DeviceGauges(devices, config.getDuration("marquee.users.device.census.refresh", Duration.ofSeconds(5)))
                .bindTo(context.meters());
        new JournalGauges(devices, config.getDuration("marquee.users.device.journal.refresh", Duration.ofSeconds(10)))
                .bindTo(context.meters());
        Duration longest = java.util.stream.Stream.of(customerTtl, staffTtl, TokenIssuer.SERVICE_TTL)
                .max(Duration::compareTo).orElseThrow();
        AllocatedSeats allocated = new AllocatedSeats(context.database().dataSource());
        allocated.bindTo(context.meters(), config.getDuration("marquee.users.device.journal.refresh", Duration.ofSeconds(10)));
        UsersGrpcService users = new UsersGrpcService(accounts, services, devices, SignInLimits.fromConfig(config), longest)
                .withAllocatedSeats(allocated);
        // The client's address (transport peer, or the gateway's forwarded one) for the per-address limits.
        BindableService withClientAddress = () -> io.grpc.ServerInterceptors.intercept(users, marquee.platform.limits.ClientAddress.interceptor());
        return List.of(withClientAddress);
    }
}
