package marquee.platform.grpc;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import marquee.platform.config.Config;

/**
 * Channels to other services, by service name. Addresses come from {@code MARQUEE_<SERVICE>_ADDRESS}:
 * {@code host:port}, {@code dns:///name:port} (spread over every address the name resolves to),
 * {@code list:///host1:port1,host2:port2} (spread over the listed instances),
 * or {@code inprocess:<name>} for services in the same JVM. Calls carry the caller's token on.
 */
public final class Channels implements AutoCloseable {
    /** Deadline for every call between services. */
    public static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

    private final Config config;
    private final Tls tls;
    private final Map<String, String> defaults;
    private final Map<String, ManagedChannel> open = new ConcurrentHashMap<>();
    private final Map<String, Channel> spread = new ConcurrentHashMap<>();
    /**
     * In-process channels per peer: one in-process transport serialises stream creation under a
     * lock, which made busy services in one JVM wait for each other; calls rotate over several.
     */
    private static final int IN_PROCESS_CHANNELS = 4;

    public Channels(Config config, Map<String, String> defaultAddresses) {
        this.config = config;
        this.tls = Tls.fromConfig(config);
        this.defaults = Map.copyOf(defaultAddresses);
    }

    public Channel to(String service) {
        return spread.computeIfAbsent(service, name -> {
            String target = address(name);
            if (!target.startsWith("inprocess:")) return open.computeIfAbsent(name, n -> build(tls, target));
            java.util.List<ManagedChannel> channels = new java.util.ArrayList<>();
            for (int i = 0; i < IN_PROCESS_CHANNELS; i++) {
                ManagedChannel channel = build(target);
                open.put(name + "#" + i, channel);
                channels.add(channel);
            }
            return new RotatingChannel(channels);
        });
    }

    /** Spreads calls over several channels to the same target. */
    private static final class RotatingChannel extends Channel {
        private final java.util.List<ManagedChannel> channels;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        RotatingChannel(java.util.List<ManagedChannel> channels) {
            this.channels = java.util.List.copyOf(channels);
        }

        @Override
        public <Q, R> io.grpc.ClientCall<Q, R> newCall(io.grpc.MethodDescriptor<Q, R> method, io.grpc.CallOptions options) {
            return channels.get(Math.floorMod(next.getAndIncrement(), channels.size())).newCall(method, options);
        }

        @Override
        public String authority() {
            return channels.get(0).authority();
        }
    }

    public String address(String service) {
        return config.find("marquee." + service + ".address")
                .or(() -> java.util.Optional.ofNullable(defaults.get(service)))
                .orElseThrow(() -> new IllegalStateException("No address configured for service " + service
                        + "; set " + Config.envName("marquee." + service + ".address")));
    }

    static {
        io.grpc.NameResolverRegistry.getDefaultRegistry().register(new AddressListResolverProvider());
    }

    /** The caller's token passed on between services, when the platform is there (see {@link ForwardingInterceptor}). */
    private static final java.util.List<ForwardingInterceptor> FORWARDING = java.util.ServiceLoader
            .load(ForwardingInterceptor.class, Channels.class.getClassLoader()).stream()
            .map(java.util.ServiceLoader.Provider::get).toList();

    /**
     * A channel with the transport settings of {@code config} (TLS, client certificate; see {@link Tls}).
     * Clients outside the backend (kiosk, till, gateway, demo loader) build theirs this way.
     */
    public static ManagedChannel build(Config config, String target, ClientInterceptor... extra) {
        return build(target.startsWith("inprocess:") ? Tls.plaintext() : Tls.fromConfig(config), target, extra);
    }

    /** A plaintext channel (in-process targets, tests); use {@link #build(Config, String, ClientInterceptor...)} for the network. */
    public static ManagedChannel build(String target, ClientInterceptor... extra) {
        return build(Tls.plaintext(), target, extra);
    }

    public static ManagedChannel build(Tls tls, String target, ClientInterceptor... extra) {
        ManagedChannelBuilder<?> builder;
        if (target.startsWith("inprocess:")) {
            builder = InProcessChannelBuilder.forName(target.substring("inprocess:".length()));
        } else {
            builder = NettyChannelBuilder.forTarget(target, tls.channelCredentials(target))
                    .defaultLoadBalancingPolicy("round_robin")
                    .keepAliveTime(30, TimeUnit.SECONDS);
        }
        FORWARDING.forEach(builder::intercept);
        builder.intercept(extra);
        return builder.build();
    }

    @Override
    public void close() {
        open.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : open.values()) {
            try {
                if (!channel.awaitTermination(3, TimeUnit.SECONDS)) channel.shutdownNow();
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        open.clear();
    }
}
