package marquee.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.CheckoutResult;
import marquee.reservations.v1.HoldSeatsRequest;

/**
 * The buyer's three calls over the REST gateway instead of gRPC: {@code POST /reservations},
 * {@code POST /payments/charge}, {@code DELETE /reservations/:id}, with the bodies in protobuf's
 * JSON mapping (as a web shop sends them). A 409 answer is reported like gRPC's FAILED_PRECONDITION,
 * so the load generator counts refusals the same way in both modes.
 */
final class HttpBuyer {
    private final String base;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpBuyer(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = "Bearer " + token;
    }

    Booking hold(HoldSeatsRequest request) {
        return parse(send("POST", "/reservations", print(request)), Booking.newBuilder()).build();
    }

    CheckoutResult checkout(CheckoutRequest request) {
        return parse(send("POST", "/payments/charge", print(request)), CheckoutResult.newBuilder()).build();
    }

    void release(String bookingId) {
        send("DELETE", "/reservations/" + bookingId, null);
    }

    private String send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Status.UNAVAILABLE.withDescription(e.toString()).asRuntimeException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.asRuntimeException();
        }
        int status = response.statusCode();
        if (status / 100 == 2) return response.body();
        Status code = switch (status) {
            case 409 -> Status.FAILED_PRECONDITION;
            case 400 -> Status.INVALID_ARGUMENT;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.UNKNOWN;
        };
        throw new StatusRuntimeException(code.withDescription(status + " " + response.body()));
    }

    private static String print(Message message) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("not a " + builder.getDescriptorForType().getName() + ": " + json).asRuntimeException();
        }
    }
}
