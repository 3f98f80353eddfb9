package marquee.platform.metrics;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one {@code BackendRuntime}: a Prometheus registry with JVM basics, a timer per
 * gRPC method and status code ({@value #GRPC_SERVER_TIMER}, scraped as
 * {@code marquee_grpc_server_seconds}), the HikariCP pools of the service databases, and the
 * {@code /metrics} endpoint that serves them as Prometheus text.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    /** Timer per gRPC call, tagged {@code service}, {@code method}, {@code code}. */
    public static final String GRPC_SERVER_TIMER = "marquee.grpc.server";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private HttpServer http;

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where services register their own meters (counters of domain events and the like). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Everything in Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** For {@code HikariConfig.setMetricsTrackerFactory}: pool metrics tagged {@code pool=<pool name>}. */
    public MetricsTrackerFactory hikari() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /** Records every call's duration and final status; install it outermost so it sees mapped statuses. */
    public ServerInterceptor grpcInterceptor() {
        return new GrpcServerMetrics(registry);
    }

    /**
     * Serves {@code GET /metrics} on {@code port} (0 picks a free one; negative disables).
     * Returns the bound port, or -1 when disabled.
     */
    public int startHttp(String host, int port) {
        if (port < 0) return -1;
        try {
            InetSocketAddress address = host == null || host.isBlank()
                    ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            // Selling tickets matters more than being scraped: run on without the endpoint.
            org.slf4j.LoggerFactory.getLogger(Metrics.class).warn(
                    "Metrics endpoint not started: port {} is not available; set MARQUEE_METRICS_PORT", port);
            return -1;
        }
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        int bound = http.getAddress().getPort();
        log.info("Metrics endpoint listening on port {} (/metrics)", bound);
        return bound;
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
        gc.close();
        registry.close();
    }

    private static final class GrpcServerMetrics implements ServerInterceptor {
        private final MeterRegistry registry;
        private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicReferenceArray<Timer>> timers = new java.util.concurrent.ConcurrentHashMap<>();

        GrpcServerMetrics(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            Timer.Sample sample = Timer.start(registry);
            AtomicBoolean recorded = new AtomicBoolean();
            io.grpc.MethodDescriptor<Q, R> descriptor = call.getMethodDescriptor();
            Runnable cancelled = () -> record(sample, recorded, descriptor, Status.Code.CANCELLED);
            ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    record(sample, recorded, descriptor, status.getCode());
                    super.close(status, trailers);
                }
            };
            ServerCall.Listener<Q> delegate = next.startCall(timed, headers);
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                @Override
                public void onCancel() {
                    cancelled.run();
                    super.onCancel();
                }
            };
        }

        private void record(Timer.Sample sample, AtomicBoolean recorded, io.grpc.MethodDescriptor<?, ?> descriptor, Status.Code code) {
            if (!recorded.compareAndSet(false, true)) return;
            sample.stop(timer(descriptor, code));
        }

        /**
         * The timer of one method and status, built once: building and looking up a timer with its
         * tags and histogram settings on every call was a measurable part of a hold's CPU.
         */
        private Timer timer(io.grpc.MethodDescriptor<?, ?> descriptor, Status.Code code) {
            var byCode = timers.get(descriptor.getFullMethodName());
            if (byCode == null) {
                byCode = timers.computeIfAbsent(descriptor.getFullMethodName(),
                        k -> new java.util.concurrent.atomic.AtomicReferenceArray<>(Status.Code.values().length));
            }
            Timer timer = byCode.get(code.ordinal());
            if (timer == null) {
                String service = descriptor.getServiceName();
                String method = descriptor.getBareMethodName();
                // Benign race: two threads may build it at once; the registry returns the same timer to both.
                timer = Timer.builder(GRPC_SERVER_TIMER)
                        .description("gRPC calls served, by method and status code")
                        .tag("service", service == null ? "" : service)
                        .tag("method", method == null ? "" : method)
                        .tag("code", code.name())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry);
                byCode.set(code.ordinal(), timer);
            }
            return timer;
        }
    }
}
