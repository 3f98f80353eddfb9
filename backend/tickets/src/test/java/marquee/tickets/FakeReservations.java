package marquee.tickets;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;

/**
 * A stand-in for the reservations service (built in parallel): answers GetBooking from bookings
 * the test put in, on a real socket. By code it applies the visibility rule of the real service
 * to the forwarded token's claims (customers see only their own); the signature was already
 * checked by the tickets service that forwarded it.
 */
final class FakeReservations extends ReservationsServiceGrpc.ReservationsServiceImplBase implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> TOKEN = Context.key("token");
    private static final Pattern CLAIM = Pattern.compile("\"(sub|role|cinema)\"\\s*:\\s*\"([^\"]*)\"");

    private final Map<String, Booking> byId = new ConcurrentHashMap<>();
    private final Server server;

    FakeReservations() {
        ServerInterceptor captureToken = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String header = headers.get(AUTHORIZATION);
                String token = header == null ? "" : header.replaceFirst("^Bearer ", "");
                return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
            }
        };
        try {
            server = NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(this, captureToken)).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String address() {
        return "localhost:" + server.getPort();
    }

    void put(Booking booking) {
        byId.put(booking.getId(), booking);
    }

    @Override
    public void getBooking(GetBookingRequest request, StreamObserver<Booking> response) {
        Map<String, String> claims = claims(TOKEN.get());
        if (claims.isEmpty()) {
            response.onError(Status.UNAUTHENTICATED.withDescription("no token").asRuntimeException());
            return;
        }
        Booking found = request.hasBookingId() ? byId.get(request.getBookingId())
                : byId.values().stream().filter(b -> b.getCode().equalsIgnoreCase(request.getCode())).findFirst().orElse(null);
        if (found != null && !visible(found, claims)) found = null;
        if (found == null) {
            response.onError(Status.NOT_FOUND.withDescription("no such booking").asRuntimeException());
            return;
        }
        response.onNext(found);
        response.onCompleted();
    }

    private static boolean visible(Booking booking, Map<String, String> claims) {
        return switch (claims.getOrDefault("role", "")) {
            case "SERVICE", "MANAGER" -> true;
            case "CASHIER", "KIOSK" -> booking.getCinemaId().equals(claims.get("cinema"));
            default -> booking.getUserId().equals(claims.get("sub"));
        };
    }

    private static Map<String, String> claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) return Map.of();
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Map<String, String> claims = new java.util.HashMap<>();
        Matcher matcher = CLAIM.matcher(json);
        while (matcher.find()) claims.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        return claims;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
