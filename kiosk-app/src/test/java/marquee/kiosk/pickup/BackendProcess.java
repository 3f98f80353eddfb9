package marquee.kiosk.pickup;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.server.Backends;

/**
 * The real all-in-one backend in a process of its own, so a test can really take it away:
 * {@code BackendProcess <data dir> <port>}. PostgreSQL keeps its data in {@code <data dir>/postgres}
 * across restarts (same bookings, same signing keys). Prints {@code BACKEND READY <port>} once serving.
 */
public final class BackendProcess {
    public static final String READY = "BACKEND READY ";

    private BackendProcess() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .setPgBinaryResolver(BackendProcess::firstBinary)
                .start();
        BackendRuntime runtime = Backends.startAllInOne(Config.withOverrides(Map.of(
                        "marquee.data.dir", dataDir.toString(),
                        "marquee.port", Integer.toString(port),
                        "marquee.metrics.port", "-1",
                        "marquee.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                        "marquee.db.user", "postgres",
                        "marquee.db.pool.size", "4",
                        "marquee.demo.data", "true")),
                BackendRuntime.StartupListener.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
        }, "backend-process-shutdown"));
        System.out.println(READY + runtime.port());
        System.out.flush();
        runtime.blockUntilShutdown();
    }

    /** The same binary resolver as {@code EmbeddedTestBackend}: the reactor class path holds the binaries twice. */
    private static InputStream firstBinary(String system, String machineHardware) throws IOException {
        String architecture = machineHardware.equals("amd64") ? "x86_64" : machineHardware;
        String name = ("postgres-" + system + "-" + architecture + ".txz").toLowerCase(java.util.Locale.ROOT);
        List<URL> found = Collections.list(BackendProcess.class.getClassLoader().getResources(name));
        if (found.isEmpty()) throw new IllegalStateException("No PostgreSQL binaries " + name + " on the class path");
        return found.get(0).openStream();
    }
}
