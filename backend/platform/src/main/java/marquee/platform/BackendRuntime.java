package marquee.platform;

import io.grpc.BindableService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import marquee.platform.db.DatabaseResolver;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.grpc.Channels;
import marquee.platform.grpc.GrpcServerHost;
import marquee.platform.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a set of service modules in this JVM on one gRPC port: databases and migrations first,
 * then the server, then background work. The all-in-one server hosts all six, a per-service
 * process one, the kiosk's embedded backend all six again — always through this class.
 * Services of this runtime reach each other in-process; the others by configured address.
 */
public final class BackendRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackendRuntime.class);

    /** Ports used when each service runs as its own process. */
    public static final Map<String, Integer> DEFAULT_SERVICE_PORTS = Map.of(
            "users", 9091, "movies", 9092, "theaters", 9093,
            "reservations", 9094, "payments", 9095, "tickets", 9096, "notifications", 9097);

    private final Config config;
    private final DatabaseResolver databases;
    private final List<ServiceModule> modules;
    private final List<ServiceDatabase> openDatabases = new ArrayList<>();
    private final Channels channels;
    private final Metrics metrics = new Metrics();
    private marquee.platform.events.Events events;
    private GrpcServerHost host;
    private int metricsPort = -1;

    private BackendRuntime(Config config, List<ServiceModule> modules, DatabaseResolver databases, Channels channels) {
        this.config = config;
        this.modules = modules;
        this.databases = databases;
        this.channels = channels;
    }

    /** Starts the modules, serving on {@code port} (0 picks a free one). */
    public static BackendRuntime start(Config config, List<ServiceModule> modules, int port, StartupListener listener) {
        String inProcessName = "marquee-" + UUID.randomUUID();
        Map<String, String> addresses = new HashMap<>();
        DEFAULT_SERVICE_PORTS.forEach((service, servicePort) -> addresses.put(service, "localhost:" + servicePort));
        for (ServiceModule module : modules) addresses.put(module.name(), "inprocess:" + inProcessName);
        DatabaseResolver databases = new DatabaseResolver(config);
        Channels channels = new Channels(config, addresses);
        BackendRuntime runtime = new BackendRuntime(config, List.copyOf(modules), databases, channels);
        try {
            runtime.startAll(port, inProcessName, listener);
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll(int port, String inProcessName, StartupListener listener) {
        refusePlaceholders();
        TokenVerifier verifier = TokenVerifier.fromConfig(config);
        events = marquee.platform.events.Events.fromConfig(config, metrics.registry());
        if (!events.throughKafka() && modules.size() < DEFAULT_SERVICE_PORTS.size()) {
            log.warn("No MARQUEE_KAFKA_BOOTSTRAP: events of these services reach only consumers in this process");
        }
        List<BindableService> services = new ArrayList<>();
        List<ServiceContext> contexts = new ArrayList<>();
        int poolSize = config.getInt("marquee.db.pool.size", 8);
        int step = 0;
        for (ServiceModule module : modules) {
            listener.progress(step++, modules.size() + 1, "Preparing the " + module.name() + " database");
            var location = databases.locate(module.name());
            log.info("Service {} uses database {}", module.name(), location);
            ServiceDatabase database = ServiceDatabase.open(module.name(), location, poolSize, module.entities(),
                    metrics.hikari());
            openDatabases.add(database);
            var identity = new marquee.platform.auth.ServiceCredentials(module.name(),
                    marquee.platform.auth.ServiceSecret.load(config, module.name()), () -> channels.to("users"));
            ServiceContext context = new ServiceContext(config, database, verifier, channels, identity,
                    metrics.registry(), events);
            // A schema with an outbox table has events to relay (its migrations created it).
            if (marquee.platform.events.OutboxTables.hasOutbox(database.dataSource())) events.relay(module.name(), database.dataSource());
            contexts.add(context);
            services.addAll(module.services(context));
        }
        listener.progress(step, modules.size() + 1, "Starting services");
        host = new GrpcServerHost(config.get("marquee.host", ""), port, inProcessName, services, verifier,
                metrics.grpcInterceptor(), marquee.platform.grpc.Tls.fromConfig(config));
        // MARQUEE_HEALTH_PORT: health alone in plaintext for probes that cannot do TLS (Kubernetes); off by default.
        int healthPort = config.getInt("marquee.health.port", -1);
        if (healthPort >= 0) host.withHealthPort(config.get("marquee.host", ""), healthPort);
        host.start();
        // Default: next to the gRPC port (9090 -> 10090); a free one when the gRPC port is picked freely.
        int requestedMetricsPort = config.getInt("marquee.metrics.port", port > 0 ? port + 1000 : 0);
        metricsPort = metrics.startHttp(config.get("marquee.host", ""), requestedMetricsPort);
        if (!contexts.isEmpty()) {
            // Disabled accounts and rotated device secrets: their tokens stop working here within one interval.
            revocations = new marquee.platform.auth.RevocationPoller(verifier, () -> channels.to("users"),
                    contexts.get(0).serviceIdentity(),
                    config.getDuration("marquee.auth.revocation.poll", marquee.platform.auth.RevocationPoller.DEFAULT_INTERVAL));
        }
        for (int i = 0; i < modules.size(); i++) modules.get(i).afterStart(contexts.get(i));
        events.start(); // after every consumer subscribed: nothing is relayed past one that is not there yet
    }

    /** The events of this runtime (relays, consumers, transport). */
    public marquee.platform.events.Events events() {
        return events;
    }

    private marquee.platform.auth.RevocationPoller revocations;

    /** Database passwords and the like still holding a value from the deployment files' templates stop the start. */
    private void refusePlaceholders() {
        List<String> settings = new ArrayList<>(List.of("marquee.db.password", "marquee.jwt.public.key"));
        for (ServiceModule module : modules) settings.add("marquee." + module.name() + ".db.password");
        for (String setting : settings) {
            config.find(setting).ifPresent(value -> marquee.platform.config.Placeholders.refuse(Config.envName(setting), value));
        }
    }

    public int port() {
        return host.port();
    }

    /** Port of the Prometheus {@code /metrics} endpoint, or -1 if it is disabled. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The meters of this runtime (gRPC calls, connection pools, JVM, services' own). */
    public Metrics metrics() {
        return metrics;
    }

    /** Target for a channel to this runtime from inside the JVM. */
    public String inProcessTarget() {
        return "inprocess:" + host.inProcessName();
    }

    public GrpcServerHost host() {
        return host;
    }

    public Config config() {
        return config;
    }

    public DatabaseResolver databases() {
        return databases;
    }

    public void blockUntilShutdown() throws InterruptedException {
        host.blockUntilShutdown();
    }

    @Override
    public void close() {
        if (events != null) events.close(); // no event handed to a service that is stopping
        for (ServiceModule module : modules) {
            try {
                module.stop();
            } catch (RuntimeException e) {
                log.warn("Service {} did not stop cleanly", module.name(), e);
            }
        }
        if (revocations != null) revocations.close();
        if (host != null) host.close();
        channels.close();
        openDatabases.forEach(ServiceDatabase::close);
        databases.close();
        metrics.close();
    }

    /** Progress of a start, for splash screens and logs. */
    @FunctionalInterface
    public interface StartupListener {
        StartupListener NONE = (step, of, what) -> {};

        void progress(int step, int of, String what);
    }
}
