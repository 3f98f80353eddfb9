package marquee.kiosk.backend;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.server.Backends;

/**
 * The real all-in-one backend with its demo data, for kiosk tests.
 *
 * <p>Why not simply {@code Backends.startAllInOne} with the embedded database: in a reactor build
 * the kiosk's test class path holds {@code backend/server/target/marquee-server.jar}, whose
 * manifest {@code Class-Path} adds {@code target/lib/*.jar} a second time, and zonky's default
 * binary resolver refuses two copies of the PostgreSQL binaries. So PostgreSQL is started here
 * with a resolver that takes the first copy, and the backend is pointed at it.
 */
public final class EmbeddedTestBackend implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final BackendRuntime runtime;

    private EmbeddedTestBackend(EmbeddedPostgres postgres, BackendRuntime runtime) {
        this.postgres = postgres;
        this.runtime = runtime;
    }

    public static EmbeddedTestBackend start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Starts with extra configuration, e.g. a short token lifetime. */
    public static EmbeddedTestBackend start(Path dataDir, Map<String, String> settings) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.resolve("postgres"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "300")
                    .setPgBinaryResolver(EmbeddedTestBackend::firstBinary)
                    .start();
            BackendRuntime runtime = Backends.startAllInOne(Config.withOverrides(settings).plus(Map.of(
                            "marquee.data.dir", dataDir.toString(),
                            "marquee.port", "0",
                            "marquee.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                            "marquee.db.user", "postgres",
                            "marquee.db.pool.size", "4",
                            "marquee.demo.data", "true")),
                    BackendRuntime.StartupListener.NONE);
            return new EmbeddedTestBackend(postgres, runtime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream firstBinary(String system, String machineHardware) throws IOException {
        String architecture = machineHardware.equals("amd64") ? "x86_64" : machineHardware;
        String name = ("postgres-" + system + "-" + architecture + ".txz").toLowerCase(java.util.Locale.ROOT);
        List<URL> found = Collections.list(EmbeddedTestBackend.class.getClassLoader().getResources(name));
        if (found.isEmpty()) throw new IllegalStateException("No PostgreSQL binaries " + name + " on the class path");
        return found.get(0).openStream();
    }

    /** The embedded PostgreSQL as its superuser, to check what the services stored. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public BackendRuntime runtime() {
        return runtime;
    }

    private boolean servicesStopped;

    /** Stops the services (the backend becomes unreachable) but keeps the database, like a crashed backend host. */
    public synchronized void stopServices() {
        if (!servicesStopped) runtime.close();
        servicesStopped = true;
    }

    @Override
    public synchronized void close() {
        if (!servicesStopped) runtime.close();
        servicesStopped = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
