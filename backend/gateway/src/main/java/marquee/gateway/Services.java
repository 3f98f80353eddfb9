package marquee.gateway;

import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.auth.BearerToken;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.UsersServiceGrpc;

/**
 * Blocking stubs to the gRPC services. Each service is reached at {@code MARQUEE_<SERVICE>_ADDRESS}
 * when set, otherwise at {@code MARQUEE_GATEWAY_BACKEND} (default {@code localhost:9090}, the
 * all-in-one backend). Every call gets a deadline and, for a signed-in caller, the caller's token.
 */
final class Services implements AutoCloseable {
    static final List<String> NAMES = List.of("users", "movies", "theaters", "reservations", "payments", "tickets");

    private final Map<String, String> targets = new java.util.HashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Duration deadline;
    private final Config config;
    /**
     * Channels per backend address (one HTTP/2 connection each), used round robin: one connection
     * serialises every request through one Netty event loop and one TCP stream.
     */
    private final int channelsPerBackend;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    Services(Config config) {
        this.config = config;
        String backend = config.get("marquee.gateway.backend", "localhost:9090");
        for (String name : NAMES) targets.put(name, config.get("marquee." + name + ".address", backend));
        this.deadline = config.getDuration("marquee.gateway.deadline", Duration.ofSeconds(10));
        this.channelsPerBackend = Math.max(1, config.getInt("marquee.gateway.channels.per.backend", 4));
    }

    String target(String service) {
        return targets.get(service);
    }

    private ManagedChannel channel(String service) {
        String target = target(service);
        int slot = Math.floorMod(next.getAndIncrement(), channelsPerBackend);
        return channels.computeIfAbsent(slot + "|" + target, key -> Channels.build(config, target));
    }

    private <S extends AbstractStub<S>> S prepare(S stub, String token) {
        S withDeadline = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        return token == null ? withDeadline : withDeadline.withCallCredentials(new BearerToken(token));
    }

    UsersServiceGrpc.UsersServiceBlockingStub users(String token) {
        return prepare(UsersServiceGrpc.newBlockingStub(channel("users")), token);
    }

    /** As above, telling the users service the HTTP client's address for its per-address limits. */
    UsersServiceGrpc.UsersServiceBlockingStub users(String token, String clientAddress) {
        if (clientAddress == null) return users(token);
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(marquee.platform.limits.ClientAddress.FORWARDED, clientAddress);
        return users(token).withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    MoviesServiceGrpc.MoviesServiceBlockingStub movies(String token) {
        return prepare(MoviesServiceGrpc.newBlockingStub(channel("movies")), token);
    }

    TheatersServiceGrpc.TheatersServiceBlockingStub theaters(String token) {
        return prepare(TheatersServiceGrpc.newBlockingStub(channel("theaters")), token);
    }

    ReservationsServiceGrpc.ReservationsServiceBlockingStub reservations(String token) {
        return prepare(ReservationsServiceGrpc.newBlockingStub(channel("reservations")), token);
    }

    TicketsServiceGrpc.TicketsServiceBlockingStub tickets(String token) {
        return prepare(TicketsServiceGrpc.newBlockingStub(channel("tickets")), token);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                if (!channel.awaitTermination(3, TimeUnit.SECONDS)) channel.shutdownNow();
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
