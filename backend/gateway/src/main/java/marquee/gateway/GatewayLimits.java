package marquee.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import marquee.platform.config.Config;
import marquee.platform.errors.ResourceExhaustedException;
import marquee.platform.limits.ClientAddress;
import marquee.platform.limits.RateLimit;
import marquee.platform.limits.RateLimiter;

/**
 * The gateway's own abuse limits. Sign-in and registration per HTTP client address (the socket
 * peer, or the last {@code X-Forwarded-For} hop when the peer is a trusted ingress), checked here
 * so a flood never reaches the services; the same address travels on to the users service, which
 * applies its own limits to it. And the HTTP server's own bounds: how long a request may take to
 * arrive (a client trickling its headers holds a worker thread) and how many connections may be
 * open at once.
 */
final class GatewayLimits {
    static final RateLimit SIGN_IN_PER_ADDRESS = RateLimit.of(30, Duration.ofMinutes(1));
    static final RateLimit REGISTER_PER_ADDRESS = RateLimit.of(10, Duration.ofHours(1));
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_CONNECTIONS = 1000;

    private final ClientAddress clients;
    private final RateLimiter signIn;
    private final RateLimiter register;

    GatewayLimits(Config config) {
        this.clients = ClientAddress.fromConfig(config, "marquee.gateway.trusted.proxies", "none");
        this.signIn = new RateLimiter("sign-in attempts from this address",
                RateLimit.fromConfig(config, "marquee.gateway.limits.signin.per.address", SIGN_IN_PER_ADDRESS));
        this.register = new RateLimiter("registrations from this address",
                RateLimit.fromConfig(config, "marquee.gateway.limits.register.per.address", REGISTER_PER_ADDRESS));
    }

    String clientAddress(InetSocketAddress peer, String forwardedFor) {
        if (peer == null || peer.getAddress() == null) return null;
        return clients.resolve(peer.getAddress(), forwardedFor);
    }

    void signIn(String clientAddress) {
        check(signIn, clientAddress);
    }

    void register(String clientAddress) {
        check(register, clientAddress);
    }

    private void check(RateLimiter limiter, String clientAddress) {
        if (clientAddress == null || clients.exempt(clientAddress)) return;
        try {
            limiter.acquire(clientAddress);
        } catch (ResourceExhaustedException e) {
            throw HttpError.retryLater(429, "RESOURCE_EXHAUSTED", e.getMessage(), e.retryAfter().toSeconds());
        }
    }

    /**
     * The JDK HTTP server reads its bounds from system properties once per JVM, when the first
     * server starts: set them from Marquee's settings unless they were given as {@code -D} already.
     * {@code MARQUEE_GATEWAY_READ_TIMEOUT} (PT10S): a request whose line, headers and body have
     * not arrived within it is cut; {@code MARQUEE_GATEWAY_MAX_CONNECTIONS} (1000): connections
     * beyond it are closed as soon as they are accepted.
     */
    static void applyServerSettings(Config config) {
        Duration read = config.getDuration("marquee.gateway.read.timeout", READ_TIMEOUT);
        int connections = config.getInt("marquee.gateway.max.connections", MAX_CONNECTIONS);
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(Math.max(1, read.toSeconds())));
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(connections));
        // The JDK checks the request timer once a second by default; finer for short timeouts.
        setIfAbsent("sun.net.httpserver.timerMillis", read.toSeconds() < 5 ? "250" : "1000");
        // Nagle off: a small keep-alive response otherwise waits for the client's delayed ACK (~40 ms).
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }
}
