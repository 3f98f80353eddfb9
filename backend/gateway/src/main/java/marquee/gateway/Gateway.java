package marquee.gateway;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import marquee.platform.metrics.Metrics;
import com.sun.net.httpserver.HttpServer;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.ChangeTicketTypesRequest;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ListMyBookingsRequest;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.users.v1.GetProfileRequest;
import marquee.users.v1.GetUserRequest;
import marquee.users.v1.ListDeviceStatesRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.RegisterRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST gateway: JSON over HTTP (the JDK's HTTP server) in front of the gRPC services. It owns
 * no data; it verifies the caller's token, turns each route into one gRPC call with a deadline,
 * and maps gRPC statuses to HTTP. Request and response bodies are the proto messages in
 * protobuf's JSON mapping. Bodies and logs never contain card data: nothing here logs a body.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Largest request body accepted (64 KiB); larger ones get 413. */
    static final int MAX_BODY = 64 * 1024;

    private final Services services;
    private final TokenVerifier verifier;
    private final List<Route> routes;
    private final String openApi;
    private HttpServer server;
    private ExecutorService executor;
    private final Metrics metrics = new Metrics();
    private int metricsPort = -1;
    private final GatewayLimits limits;
    private final ProgrammeCache programme;

    private final java.util.Optional<javax.net.ssl.SSLContext> https;

    Gateway(Config config) {
        this.limits = new GatewayLimits(config);
        this.https = HttpsSettings.fromConfig(config);
        this.programme = new ProgrammeCache(config.getDuration("marquee.gateway.programme.max.age", Duration.ofSeconds(10)));
        this.services = new Services(config);
        this.verifier = TokenVerifier.fromConfig(config);
        this.openApi = loadOpenApi();
        this.routes = List.copyOf(buildRoutes());
    }

    /** Starts on {@code MARQUEE_GATEWAY_PORT} (default 3000; 0 picks a free port). */
    public static Gateway start(Config config) {
        Gateway gateway = new Gateway(config);
        try {
            int port = config.getInt("marquee.gateway.port", 3000);
            GatewayLimits.applyServerSettings(config);
            gateway.listen(config.get("marquee.gateway.host", "0.0.0.0"), port, config.getInt("marquee.gateway.threads", 32));
            // Like every service: Prometheus /metrics on its own port (default the HTTP port + 1000).
            gateway.metricsPort = gateway.metrics.startHttp(config.get("marquee.gateway.host", ""),
                    config.getInt("marquee.metrics.port", port > 0 ? port + 1000 : 0));
        } catch (IOException e) {
            gateway.close();
            throw new UncheckedIOException("The gateway could not listen: " + e.getMessage(), e);
        }
        return gateway;
    }

    private void listen(String host, int port, int threads) throws IOException {
        if (https.isPresent()) {
            com.sun.net.httpserver.HttpsServer secure = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(host, port), 128);
            secure.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(https.get()));
            server = secure;
            log.info("Gateway serves HTTPS on port {}", port);
        } else {
            server = HttpServer.create(new InetSocketAddress(host, port), 128);
            if (!marquee.platform.grpc.Tls.isLoopback(host)) {
                log.info("Gateway serves plain HTTP on port {}: terminate HTTPS in front of it (Ingress, reverse proxy)"
                        + " or set MARQUEE_GATEWAY_TLS_CERT/_KEY", port);
            }
        }
        AtomicInteger count = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gateway-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The port of {@code /metrics}, or -1 when it is off or could not bind. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Where each service is called, for the start-up line. */
    public Map<String, String> targets() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : Services.NAMES) out.put(name, services.target(name));
        return out;
    }

    List<Route> routes() {
        return routes;
    }

    String openApi() {
        return openApi;
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
        if (executor != null) executor.shutdownNow();
        services.close();
        metrics.close();
    }

    // ---- routes ---------------------------------------------------------------------------

    private List<Route> buildRoutes() {
        List<Route> r = new ArrayList<>();
        // Open: sign-up, sign-in and browsing the programme.
        r.add(open("POST", "/auth/register", q -> {
            limits.register(q.clientAddress());
            return created(services.users(null, q.clientAddress()).register(q.body(RegisterRequest.newBuilder()).build()));
        }));
        r.add(open("POST", "/auth/login", q -> {
            limits.signIn(q.clientAddress());
            return ok(services.users(null, q.clientAddress()).login(q.body(LoginRequest.newBuilder()).build()));
        }));
        r.add(open("GET", "/cinemas", q -> ok(services.theaters(q.token()).listCinemas(ListCinemasRequest.getDefaultInstance()))));
        r.add(open("GET", "/movies", q -> ok(services.movies(q.token()).listMovies(q.query(ListMoviesRequest.newBuilder()).build()))));
        r.add(open("GET", "/showtimes", q -> ok(services.movies(q.token()).listShowtimes(q.query(ListShowtimesRequest.newBuilder()).build()))));
        r.add(open("GET", "/showtimes/:id/seats", q -> ok(services.reservations(q.token())
                .getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(q.param("id")).build()))));
        r.add(open("GET", "/openapi.json", q -> new Route.Reply(200, openApi)));
        // Signed in: the token is verified here and forwarded; the services check roles.
        r.add(signedIn("GET", "/me", q -> ok(services.users(q.token()).getProfile(GetProfileRequest.getDefaultInstance()))));
        r.add(signedIn("GET", "/me/bookings", q -> ok(services.reservations(q.token()).listMyBookings(ListMyBookingsRequest.getDefaultInstance()))));
        r.add(signedIn("GET", "/users/:id", q -> ok(services.users(q.token()).getUser(GetUserRequest.newBuilder().setUserId(q.param("id")).build()))));
        // Managers: what the kiosks and tills last reported (stale = not heard from lately).
        r.add(signedIn("GET", "/devices", q -> ok(services.users(q.token()).listDeviceStates(
                q.query(ListDeviceStatesRequest.newBuilder()).build()))));
        // Managers: take access back — disable or enable an account, a staff member or a kiosk, give a kiosk a new secret.
        // The users service checks the role and cinema; tokens of a disabled account stop working within the revocation bound.
        for (String kind : List.of("accounts", "staff", "devices")) {
            for (boolean disable : List.of(true, false)) {
                r.add(signedIn("POST", "/admin/" + kind + "/:id/" + (disable ? "disable" : "enable"), q -> {
                    var request = q.body(marquee.users.v1.SetAccountDisabledRequest.newBuilder()).setDisabled(disable);
                    switch (kind) {
                        case "accounts" -> request.setUserId(q.param("id"));
                        case "staff" -> request.setStaffLogin(q.param("id"));
                        default -> request.setDeviceId(q.param("id"));
                    }
                    return ok(services.users(q.token()).setAccountDisabled(request.build()));
                }));
            }
        }
        r.add(signedIn("POST", "/admin/devices/:id/secret", q -> ok(services.users(q.token()).rotateDeviceSecret(
                marquee.users.v1.RotateDeviceSecretRequest.newBuilder().setDeviceId(q.param("id")).build()))));
        r.add(signedIn("POST", "/showtimes/:id/suggestions", q -> ok(services.reservations(q.token())
                .suggestSeats(q.body(SuggestSeatsRequest.newBuilder()).setShowtimeId(q.param("id")).build()))));
        r.add(signedIn("POST", "/reservations", q -> {
            HoldSeatsRequest.Builder hold = q.body(HoldSeatsRequest.newBuilder());
            if (hold.getIdempotencyKey().isEmpty()) q.header("Idempotency-Key").ifPresent(hold::setIdempotencyKey);
            return created(services.reservations(q.token()).holdSeats(hold.build()));
        }));
        // Ticket types of a running hold (adult → child…): priced anew, the seats stay held.
        r.add(signedIn("PUT", "/reservations/:id/seats", q -> ok(services.reservations(q.token())
                .changeTicketTypes(q.body(ChangeTicketTypesRequest.newBuilder()).setBookingId(q.param("id")).build()))));
        r.add(signedIn("DELETE", "/reservations/:id", q -> ok(services.reservations(q.token())
                .releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(q.param("id")).build()))));
        // Checkout: one call charges, sells the seats and issues the tickets (or refunds if the seats were lost).
        r.add(signedIn("POST", "/payments/charge", q -> {
            CheckoutRequest.Builder checkout = q.body(CheckoutRequest.newBuilder());
            if (checkout.getIdempotencyKey().isEmpty()) q.header("Idempotency-Key").ifPresent(checkout::setIdempotencyKey);
            return ok(services.reservations(q.token()).checkout(checkout.build()));
        }));
        r.add(signedIn("GET", "/bookings/:code", q -> ok(services.reservations(q.token())
                .getBooking(GetBookingRequest.newBuilder().setCode(q.param("code")).build()))));
        r.add(signedIn("POST", "/bookings/:id/cancel", q -> ok(services.reservations(q.token())
                .cancelBooking(q.body(CancelBookingRequest.newBuilder()).setBookingId(q.param("id")).build()))));
        // A manager cancels a showtime: its bookings are refunded and its tickets revoked from the event (issue 15).
        r.add(signedIn("POST", "/showtimes/:id/cancel", q -> ok(services.movies(q.token())
                .cancelShowtime(marquee.movies.v1.CancelShowtimeRequest.newBuilder().setShowtimeId(q.param("id")).build()))));
        r.add(signedIn("GET", "/bookings/:code/tickets", q -> ok(services.tickets(q.token())
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(q.param("code")).build()))));
        return r;
    }

    private static Route open(String method, String pattern, Route.Handler handler) {
        return new Route(method, pattern, true, handler);
    }

    private static Route signedIn(String method, String pattern, Route.Handler handler) {
        return new Route(method, pattern, false, handler);
    }

    private static Route.Reply ok(Message message) {
        return new Route.Reply(200, Json.print(message));
    }

    private static Route.Reply created(Message message) {
        return new Route.Reply(201, Json.print(message));
    }

    // ---- HTTP -----------------------------------------------------------------------------

    private void exchange(HttpExchange ex) {
        long started = System.nanoTime();
        // JDK HttpServer keeps exchange attributes per context, shared by all requests: not usable here.
        String[] matched = {"unmatched"};
        Route.Reply reply;
        List<String> allow = List.of();
        long retryAfter = 0;
        ProgrammeCache.Entry cached = null;
        String rawPath = ex.getRequestURI().getRawPath();
        try {
            if (programme.applies(ex.getRequestMethod(), rawPath, ex.getRequestHeaders().containsKey("Authorization"))) {
                Route.Reply[] uncached = {null};
                String key = rawPath + "?" + (ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
                cached = programme.get(key, () -> {
                    try {
                        return dispatch(ex, matched);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, uncached);
                if (cached != null && "unmatched".equals(matched[0])) matched[0] = rawPath;
                reply = cached != null ? new Route.Reply(200, cached.body()) : uncached[0];
            } else {
                reply = dispatch(ex, matched);
            }
        } catch (HttpError e) {
            reply = new Route.Reply(e.status, Json.error(e.code, e.getMessage()));
            allow = e.allow;
            retryAfter = e.retryAfter;
        } catch (StatusRuntimeException e) {
            HttpError mapped = GrpcErrors.toHttp(e);
            if (mapped.status == 502) log.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.getStatus());
            reply = new Route.Reply(mapped.status, Json.error(mapped.code, mapped.getMessage()));
            retryAfter = mapped.retryAfter;
        } catch (Throwable e) {
            log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
            reply = new Route.Reply(502, Json.error("BAD_GATEWAY", "The request could not be completed"));
        }
        try (ex) {
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            var headers = ex.getResponseHeaders();
            headers.set("Content-Type", "application/json; charset=utf-8");
            headers.set("X-Content-Type-Options", "nosniff");
            if (!allow.isEmpty()) headers.set("Allow", String.join(", ", allow));
            if (retryAfter > 0) headers.set("Retry-After", Long.toString(retryAfter));
            boolean head = "HEAD".equalsIgnoreCase(ex.getRequestMethod());
            if (cached != null) {
                // The public programme: anyone may keep it for max-age and revalidate by its ETag.
                headers.set("Cache-Control", "public, max-age=" + programme.maxAgeSeconds());
                headers.set("ETag", cached.etag());
                if (ProgrammeCache.matches(ex.getRequestHeaders().getFirst("If-None-Match"), cached.etag())) {
                    reply = new Route.Reply(304, "");
                    head = true; // no body
                }
            } else {
                headers.set("Cache-Control", "no-store");
            }
            ex.sendResponseHeaders(reply.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            log.debug("Client went away: {}", e.getMessage());
        }
        // The route's pattern, not the raw path: ids in paths would make one time series per booking.
        Timer.builder("marquee.http.server").description("Gateway requests by method, route and HTTP status")
                .tag("method", ex.getRequestMethod()).tag("route", matched[0])
                .tag("status", Integer.toString(reply.status())).publishPercentileHistogram()
                .register(metrics.registry()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private Route.Reply dispatch(HttpExchange ex, String[] matched) throws IOException {
        List<String> path = new ArrayList<>();
        for (String segment : Route.split(ex.getRequestURI().getRawPath())) {
            path.add(decode(segment.replace("+", "%2B"))); // '+' is literal in a path
        }
        String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        Route route = null;
        Map<String, String> params = null;
        List<String> allowed = new ArrayList<>();
        for (Route candidate : routes) {
            Map<String, String> match = candidate.match(path);
            if (match == null) continue;
            allowed.add(candidate.method());
            if (candidate.method().equals(method)) {
                route = candidate;
                params = match;
                break;
            }
        }
        if (route == null) {
            if (allowed.isEmpty()) throw new HttpError(404, "NOT_FOUND", "No route for " + ex.getRequestURI().getRawPath());
            throw new HttpError(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + String.join(" or ", allowed), allowed);
        }
        matched[0] = route.pattern();
        byte[] body = readBody(ex);
        Principal principal = authenticate(ex, route);
        Request request = new Request(params, query(ex.getRequestURI().getRawQuery()), body, ex.getRequestHeaders(), principal,
                limits.clientAddress(ex.getRemoteAddress(), ex.getRequestHeaders().getFirst("X-Forwarded-For")));
        return route.handler().handle(request);
    }

    /**
     * Signed-in routes need a valid bearer token (401 otherwise), verified here with the users
     * service's public key before anything is forwarded. Open routes forward a valid token and
     * ignore a missing or stale one, so an expired session can still browse.
     */
    private Principal authenticate(HttpExchange ex, Route route) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) token = header.substring(7).trim();
        if (token == null || token.isEmpty()) {
            if (route.open()) return null;
            throw new HttpError(401, "UNAUTHENTICATED", "Sign in: this route needs an Authorization: Bearer <token> header");
        }
        try {
            return verifier.verify(token);
        } catch (RuntimeException e) {
            if (route.open()) return null;
            String message = e instanceof marquee.platform.errors.UnauthenticatedException
                    ? e.getMessage() : "The access token is not valid";
            throw new HttpError(401, "UNAUTHENTICATED", message);
        }
    }

    /** Largest body drained (and refused with 413) before the connection is simply closed. */
    private static final long MAX_DRAIN = 8L * 1024 * 1024;

    private static byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "INVALID_ARGUMENT", "Content-Length is not a number");
            }
        }
        InputStream in = ex.getRequestBody();
        if (declared > MAX_BODY) {
            drain(in);
            throw tooLarge();
        }
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            drain(in);
            throw tooLarge();
        }
        return bytes;
    }

    /** Reads what the client still sends, so the 413 reaches it instead of a connection reset. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAIN && (n = in.read(buffer)) > 0) total += n;
    }

    private static HttpError tooLarge() {
        return new HttpError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than " + MAX_BODY / 1024 + " KiB");
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "INVALID_ARGUMENT", "The URL is not correctly encoded");
        }
    }

    private static String loadOpenApi() {
        try (InputStream in = Gateway.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the gateway jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
