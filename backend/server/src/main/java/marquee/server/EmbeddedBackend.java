package marquee.server;

import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;

/**
 * The handle a kiosk or till holds on the backend it starts inside its own JVM: where to call it
 * and how to stop it — nothing of the server's insides. Started by {@link #start}, which is
 * {@link Backends#startEmbedded} (loopback only, demo data on an embedded database).
 */
public final class EmbeddedBackend implements AutoCloseable {
    /** Start-up progress: step {@code step} of {@code of}, in plain words. */
    @FunctionalInterface
    public interface Progress {
        void step(int step, int of, String what);
    }

    private final BackendRuntime runtime;

    private EmbeddedBackend(BackendRuntime runtime) {
        this.runtime = runtime;
    }

    public static EmbeddedBackend start(Config config, Progress progress) {
        return new EmbeddedBackend(Backends.startEmbedded(config, progress::step));
    }

    /** The in-process address of the services (same JVM, no sockets). */
    public String inProcessTarget() {
        return runtime.inProcessTarget();
    }

    /** The loopback port the services also listen on. */
    public int port() {
        return runtime.port();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
