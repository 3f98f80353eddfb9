package marquee.payments;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;

/**
 * A stand-in for the reservations service (a peer built in parallel): a real gRPC server that
 * answers GetBooking from a map the test fills, and remembers the authorization headers it saw.
 */
final class ReservationsStandIn implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    final Map<String, Booking> bookings = new ConcurrentHashMap<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** The reservations methods payments called, in order (it only ever reads). */
    final List<String> methods = new CopyOnWriteArrayList<>();
    private final Server server;

    ReservationsStandIn() {
        ServerInterceptor remember = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String value = headers.get(AUTHORIZATION);
                authorizations.add(value == null ? "" : value);
                methods.add(call.getMethodDescriptor().getBareMethodName());
                return next.startCall(call, headers);
            }
        };
        var service = new ReservationsServiceGrpc.ReservationsServiceImplBase() {
            @Override
            public void getBooking(GetBookingRequest request, StreamObserver<Booking> response) {
                Booking booking = bookings.get(request.getBookingId());
                if (booking == null) {
                    response.onError(Status.NOT_FOUND.withDescription("no booking " + request.getBookingId()).asRuntimeException());
                    return;
                }
                response.onNext(booking);
                response.onCompleted();
            }
        };
        try {
            server = NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(service, remember)).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
