package marquee.platform.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marquee.platform.auth.AuthInterceptor;
import marquee.platform.auth.TokenVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a Marquee gRPC server is built: the services behind the auth, error-mapping and
 * metrics interceptors, the standard health service (SERVING only once started, NOT_SERVING while
 * stopping), server reflection, and graceful shutdown. The same services are also served
 * in-process under {@link #inProcessName()} so that services in one JVM call each other through
 * the same stubs without sockets.
 */
public final class GrpcServerHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcServerHost.class);

    private final Server server;
    private final Server inProcessServer;
    private final String inProcessName;
    private final HealthStatusManager health = new HealthStatusManager();
    /** Runs calls from the network: bounded, so a burst queues instead of starting a thread per call. */
    private final java.util.concurrent.ExecutorService executor;
    private final List<String> serviceNames = new ArrayList<>();
    private volatile boolean stopped;
    private final Tls tls;
    private final String bindHost;

    public GrpcServerHost(String host, int port, String inProcessName, List<BindableService> services, TokenVerifier verifier) {
        this(host, port, inProcessName, services, verifier, null);
    }

    /** As above, with {@code metrics} (may be null) outermost, so it records the statuses callers really get. */
    public GrpcServerHost(String host, int port, String inProcessName, List<BindableService> services, TokenVerifier verifier,
                          ServerInterceptor metrics) {
        this(host, port, inProcessName, services, verifier, metrics, Tls.plaintext());
    }

    /** As above, serving the network port with {@code tls} (TLS, optionally mutual; plaintext when it has no certificate). */
    public GrpcServerHost(String host, int port, String inProcessName, List<BindableService> services, TokenVerifier verifier,
                          ServerInterceptor metrics, Tls tls) {
        this.inProcessName = inProcessName;
        this.tls = tls;
        this.bindHost = host;
        NettyServerBuilder network = host == null || host.isBlank()
                ? NettyServerBuilder.forPort(port, tls.serverCredentials())
                : NettyServerBuilder.forAddress(new InetSocketAddress(host, port), tls.serverCredentials());
        // Handlers block on the database and on peers; a fixed pool sized for the machine (default
        // max(32, 16 per core), MARQUEE_GRPC_THREADS) instead of gRPC's unbounded cached pool.
        int threads = Math.max(1, marquee.platform.config.Config.fromEnvironment().getInt("marquee.grpc.threads",
                Math.max(32, 16 * Runtime.getRuntime().availableProcessors())));
        java.util.concurrent.atomic.AtomicInteger named = new java.util.concurrent.atomic.AtomicInteger();
        this.executor = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "grpc-server-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        network.executor(executor);
        network.maxInboundMessageSize(8 * 1024 * 1024)
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        // In-process calls (one service calling another in the same process) run on the caller's
        // thread, which waits for the answer anyway: no thread hand-off per hop.
        InProcessServerBuilder local = InProcessServerBuilder.forName(inProcessName).directExecutor();
        ErrorMappingInterceptor errors = new ErrorMappingInterceptor();
        AuthInterceptor auth = new AuthInterceptor(verifier);
        for (BindableService service : services) {
            ServerServiceDefinition definition = service.bindService();
            // Interceptors run last-added first: errors wrap auth, so even auth failures are mapped;
            // metrics wrap errors, so they record the mapped status and the whole call's time.
            ServerServiceDefinition intercepted = metrics == null
                    ? ServerInterceptors.intercept(definition, auth, errors)
                    : ServerInterceptors.intercept(definition, auth, errors, metrics);
            network.addService(intercepted);
            local.addService(intercepted);
            serviceNames.add(definition.getServiceDescriptor().getName());
        }
        network.addService(health.getHealthService());
        network.addService(ProtoReflectionServiceV1.newInstance());
        network.addService(ProtoReflectionService.newInstance());
        local.addService(health.getHealthService());
        this.server = network.build();
        this.inProcessServer = local.build();
        for (String name : serviceNames) health.setStatus(name, ServingStatus.NOT_SERVING);
        health.setStatus("", ServingStatus.NOT_SERVING);
    }

    private Server healthServer;

    /**
     * Also serves the standard health service alone, in plaintext, on {@code port} (0 picks one):
     * Kubernetes' native gRPC probes speak neither TLS nor mutual TLS. Health says only
     * SERVING/NOT_SERVING. Call before {@link #start()}.
     */
    public GrpcServerHost withHealthPort(String host, int port) {
        NettyServerBuilder builder = host == null || host.isBlank() ? NettyServerBuilder.forPort(port)
                : NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        healthServer = builder.addService(health.getHealthService()).build();
        return this;
    }

    /** Port of the plaintext health-only server, or -1 when there is none. */
    public int healthPort() {
        return healthServer == null ? -1 : ((InetSocketAddress) healthServer.getListenSockets().get(0)).getPort();
    }

    public GrpcServerHost start() {
        try {
            inProcessServer.start();
            server.start();
            if (healthServer != null) healthServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the gRPC server (is the port in use?)", e);
        }
        for (String name : serviceNames) health.setStatus(name, ServingStatus.SERVING);
        health.setStatus("", ServingStatus.SERVING);
        log.info("gRPC server listening on {}:{} with {}", bindHost == null || bindHost.isBlank() ? "*" : bindHost, port(),
                serviceNames);
        tls.logServer(bindHost, port());
        if (healthServer != null) log.info("gRPC health (plaintext, health only) on port {}", healthPort());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    public String inProcessName() {
        return inProcessName;
    }

    public List<String> serviceNames() {
        return List.copyOf(serviceNames);
    }

    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking new calls, lets running ones finish for up to the grace period, then cuts them. */
    @Override
    public void close() {
        if (stopped) return;
        stopped = true;
        health.enterTerminalState();
        if (healthServer != null) healthServer.shutdown();
        server.shutdown();
        inProcessServer.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) server.shutdownNow();
            if (!inProcessServer.awaitTermination(2, TimeUnit.SECONDS)) inProcessServer.shutdownNow();
        } catch (InterruptedException e) {
            server.shutdownNow();
            inProcessServer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
