package marquee.server;

import java.util.Arrays;
import java.util.List;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;

/**
 * Command line: {@code marquee-server [all | <service>[,<service>…] | demo-data <host:port>] [--port N]}.
 * Settings come from MARQUEE_* environment variables or -Dmarquee.* properties (see README).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Config config = Config.fromEnvironment();
        String what = config.get("marquee.services", "all");
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> what = args[i];
            }
        }
        if (port != null) config = config.plus(java.util.Map.of("marquee.port", port.toString()));

        if (what.equals("demo-data")) {
            // One address for an all-in-one backend, or one per service for separate processes.
            String target = config.get("marquee.address", "localhost:" + Backends.ALL_IN_ONE_PORT);
            var users = Channels.build(config, config.get("marquee.users.address", target));
            var theaters = Channels.build(config, config.get("marquee.theaters.address", target));
            var movies = Channels.build(config, config.get("marquee.movies.address", target));
            try {
                new DemoData(users, theaters, movies).ensure();
            } finally {
                users.shutdownNow();
                theaters.shutdownNow();
                movies.shutdownNow();
            }
            return;
        }
        BackendRuntime runtime = what.equals("all")
                ? Backends.startAllInOne(config, (step, of, text) -> {})
                : Backends.startServices(config, parseServices(what));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Logging may already be shut down here, so plain stderr.
            System.err.println("Marquee backend shutting down");
            runtime.close();
        }, "shutdown"));
        Backends.logReady(runtime);
        runtime.blockUntilShutdown();
    }

    static List<String> parseServices(String list) {
        List<String> services = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String service : services) {
            if (!ServiceModules.ALL.contains(service)) {
                throw new IllegalArgumentException("Unknown service \"" + service + "\"; choose from " + ServiceModules.ALL);
            }
        }
        return services;
    }

    private static void usage() {
        System.out.println("""
                Usage: marquee-server [all | <service>[,<service>...] | demo-data] [--port N]

                  all            every service in this JVM on one port (default 9090)
                  <service>      one service per process: users (9091), movies (9092), theaters (9093),
                                 reservations (9094), payments (9095), tickets (9096),
                                 notifications (9097)
                  demo-data      load the demo programme into a running backend (MARQUEE_ADDRESS)

                Settings (environment or -D): MARQUEE_PORT, MARQUEE_DB_URL / _USER / _PASSWORD,
                MARQUEE_<SERVICE>_DB_URL, MARQUEE_<SERVICE>_ADDRESS, MARQUEE_DATA_DIR, MARQUEE_KEYS_DIR,
                MARQUEE_DEMO_DATA (default: true with the embedded database),
                MARQUEE_TLS_CERT / _KEY / _CA / _CLIENT_AUTH (TLS, mutual TLS), MARQUEE_HEALTH_PORT.
                """);
    }
}
