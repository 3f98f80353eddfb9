package marquee.server;

import io.grpc.ManagedChannel;
import java.util.List;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts backends the ways Marquee is deployed: all six services in one JVM (all-in-one server,
 * and the kiosk's embedded backend), or some of them in one process (one service per process).
 * Demo data is loaded after an all-in-one start when asked for — by default whenever the
 * database is the embedded one, so a fresh install has something to sell.
 */
public final class Backends {
    private static final Logger log = LoggerFactory.getLogger(Backends.class);
    public static final int ALL_IN_ONE_PORT = 9090;

    private Backends() {}

    public static BackendRuntime startAllInOne(Config config, BackendRuntime.StartupListener listener) {
        boolean demo = demoWanted(config);
        Config effective = config.plus(java.util.Map.of("marquee.demo.data", Boolean.toString(demo)));
        int port = effective.getInt("marquee.port", ALL_IN_ONE_PORT);
        if (effective.find("marquee.port").isEmpty() && !portFree(port)) {
            // A second copy on one machine (a kiosk next to a running backend): take any free port.
            log.warn("Port {} is in use; serving this backend on a free port instead (set MARQUEE_PORT to choose)", port);
            port = 0;
        }
        BackendRuntime runtime = BackendRuntime.start(effective, ServiceModules.load(ServiceModules.ALL), port, listener);
        if (demo) {
            listener.progress(ServiceModules.ALL.size(), ServiceModules.ALL.size() + 1, "Loading the demo programme");
            ManagedChannel channel = Channels.build(runtime.inProcessTarget());
            try {
                new DemoData(channel).ensure();
            } finally {
                channel.shutdownNow();
            }
        }
        return runtime;
    }

    /**
     * The kiosk's or till's own backend: the all-in-one backend bound to 127.0.0.1 only — its gRPC
     * port and its metrics — whatever {@code MARQUEE_HOST} says, so nobody on the lobby network can
     * reach the services (plaintext, demo secrets) inside a kiosk.
     */
    public static BackendRuntime startEmbedded(Config config, BackendRuntime.StartupListener listener) {
        return startAllInOne(config.plus(java.util.Map.of("marquee.host", LOOPBACK)), listener);
    }

    static final String LOOPBACK = "127.0.0.1";

    public static BackendRuntime startServices(Config config, List<String> services) {
        config = config.plus(java.util.Map.of("marquee.demo.data", Boolean.toString(demoWanted(config))));
        if (services.size() == 1) {
            String service = services.get(0);
            // Each process keeps its own embedded database unless a URL is configured.
            config = config.plus(java.util.Map.of(
                    "marquee.db.embedded.dir", config.get("marquee.db.embedded.dir",
                            config.dataDir().resolve("postgres-" + service).toString())));
            int port = config.getInt("marquee.port", BackendRuntime.DEFAULT_SERVICE_PORTS.getOrDefault(service, 0));
            return BackendRuntime.start(config, ServiceModules.load(services), port, BackendRuntime.StartupListener.NONE);
        }
        return BackendRuntime.start(config, ServiceModules.load(services), config.getInt("marquee.port", ALL_IN_ONE_PORT),
                BackendRuntime.StartupListener.NONE);
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static boolean demoWanted(Config config) {
        return config.find("marquee.demo.data").map(Boolean::parseBoolean)
                .orElseGet(() -> config.find("marquee.db.url").isEmpty()
                        && marquee.platform.ServiceModules.ALL.stream()
                                .allMatch(service -> config.find("marquee." + service + ".db.url").isEmpty()));
    }

    static void logReady(BackendRuntime runtime) {
        log.info("Marquee backend ready on port {}: {}", runtime.port(), runtime.host().serviceNames());
    }
}
