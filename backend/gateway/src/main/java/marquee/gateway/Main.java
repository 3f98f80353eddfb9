package marquee.gateway;

import java.util.Map;
import marquee.platform.config.Config;

/**
 * Starts the REST gateway: {@code java -jar marquee-gateway.jar [--port 3000] [--backend host:port]}.
 * Settings: {@code MARQUEE_GATEWAY_PORT} (3000), {@code MARQUEE_GATEWAY_BACKEND} (localhost:9090),
 * {@code MARQUEE_<SERVICE>_ADDRESS} per service, {@code MARQUEE_KEYS_DIR} / {@code MARQUEE_JWT_PUBLIC_KEY}
 * for the token verification key, {@code MARQUEE_GATEWAY_DEADLINE} (PT10S) per gRPC call.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> overrides = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--port") || arg.equals("--backend")) && i + 1 < args.length) {
                overrides.put("marquee.gateway." + arg.substring(2), args[++i]);
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println("usage: marquee-gateway [--port 3000] [--backend localhost:9090]");
                return;
            } else {
                System.err.println("unknown argument: " + arg + " (usage: marquee-gateway [--port 3000] [--backend localhost:9090])");
                System.exit(2);
            }
        }
        Gateway gateway = Gateway.start(Config.fromEnvironment().plus(overrides));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
        System.out.println("Marquee gateway on http://localhost:" + gateway.port() + " → " + gateway.targets());
        Thread.currentThread().join();
    }
}
