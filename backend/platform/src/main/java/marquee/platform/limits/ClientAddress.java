package marquee.platform.limits;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import marquee.platform.config.Config;

/**
 * Who is really calling, for per-address limits. The address is the transport peer
 * ({@link Grpc#TRANSPORT_ATTR_REMOTE_ADDR}); only when that peer is a configured trusted proxy (the
 * REST gateway) does the {@code x-marquee-client-address} header it sets count instead, so a
 * direct caller cannot pick an address by sending the header itself. Calls inside one JVM (the
 * kiosk's embedded backend, services calling each other in-process) count as local.
 */
public final class ClientAddress {
    /** Set by the gateway: the HTTP client's address. */
    public static final Metadata.Key<String> FORWARDED = Metadata.Key.of("x-marquee-client-address", Metadata.ASCII_STRING_MARSHALLER);
    /** What an in-process call counts as. */
    public static final String IN_PROCESS = "in-process";
    private static final Context.Key<Seen> SEEN = Context.key("marquee-client-address");
    private static final Pattern IP_LITERAL = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private record Seen(SocketAddress peer, String forwarded) {}

    private final List<Cidr> trustedProxies;
    private final boolean exemptLocal;

    public ClientAddress(List<String> trustedProxies, boolean exemptLocal) {
        this.trustedProxies = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
        this.exemptLocal = exemptLocal;
    }

    /**
     * {@code marquee.limits.trusted.proxies} (comma-separated addresses or CIDR ranges, default
     * loopback) and {@code marquee.limits.exempt.loopback} (default true: callers on this machine,
     * such as a kiosk's own backend, tests and benchmarks, are not limited per address).
     */
    public static ClientAddress fromConfig(Config config) {
        return fromConfig(config, "marquee.limits.trusted.proxies", "127.0.0.0/8,::1");
    }

    /** As above with the trusted proxies read from {@code trustedKey} ({@code none} for none). */
    public static ClientAddress fromConfig(Config config, String trustedKey, String trustedDefault) {
        String trusted = config.get(trustedKey, trustedDefault);
        List<String> list = trusted.equalsIgnoreCase("none") ? List.of() : List.of(trusted.split(","));
        return new ClientAddress(list, config.getBoolean("marquee.limits.exempt.loopback", true));
    }

    /** Records each call's peer and forwarded header in the gRPC context, for {@link #current()}. */
    public static ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                Seen seen = new Seen(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), headers.get(FORWARDED));
                return Contexts.interceptCall(Context.current().withValue(SEEN, seen), call, headers, next);
            }
        };
    }

    /** The current call's client address (an IP literal, or {@link #IN_PROCESS}). */
    public String current() {
        Seen seen = SEEN.get();
        if (seen == null || !(seen.peer() instanceof InetSocketAddress inet) || inet.getAddress() == null) return IN_PROCESS;
        return resolve(inet.getAddress(), seen.forwarded());
    }

    /**
     * The client behind {@code peer}: the last address of {@code forwarded} (an
     * {@code X-Forwarded-For}-style list) when the peer is a trusted proxy, otherwise the peer.
     */
    public String resolve(InetAddress peer, String forwardedList) {
        String forwarded = null;
        if (forwardedList != null && !forwardedList.isBlank()) {
            String[] hops = forwardedList.split(",");
            forwarded = hops[hops.length - 1].strip();
        }
        if (forwarded != null && IP_LITERAL.matcher(forwarded).matches() && trusted(peer)) {
            try {
                return InetAddress.getByName(forwarded).getHostAddress(); // a literal: no DNS lookup
            } catch (UnknownHostException e) {
                // not an address after all: fall back to the peer
            }
        }
        return peer.getHostAddress();
    }

    /** Whether per-address limits skip this address (in-process or loopback, when so configured). */
    public boolean exempt(String address) {
        if (!exemptLocal) return false;
        if (IN_PROCESS.equals(address)) return true;
        try {
            return IP_LITERAL.matcher(address).matches() && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean trusted(InetAddress peer) {
        for (Cidr cidr : trustedProxies) if (cidr.contains(peer)) return true;
        return false;
    }

    /** An address range such as 10.0.0.0/8 or a single address. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            if (!IP_LITERAL.matcher(host).matches()) {
                throw new IllegalArgumentException("marquee.limits.trusted.proxies: not an IP address or range: " + text);
            }
            try {
                byte[] address = InetAddress.getByName(host).getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
                return new Cidr(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("marquee.limits.trusted.proxies: not an IP address or range: " + text, e);
            }
        }

        boolean contains(InetAddress candidate) {
            byte[] other = candidate.getAddress();
            if (other.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (other[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest);
            return (other[full] & mask) == (network[full] & mask);
        }
    }
}
