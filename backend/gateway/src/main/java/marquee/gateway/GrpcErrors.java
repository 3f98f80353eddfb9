package marquee.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import marquee.platform.grpc.ErrorMappingInterceptor;

/**
 * gRPC status → HTTP status and JSON error; unexpected codes become 502 with a generic message.
 * 429 and 503 carry {@code Retry-After}: the service's {@code retry-after} trailer, or a short
 * default for an unavailable service (a database restart, a service starting).
 */
final class GrpcErrors {
    private GrpcErrors() {}

    /** What a 503 says when the service gave no time: a database or service restart takes seconds. */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 2;

    static HttpError toHttp(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : status.getDescription();
        String code = status.getCode().name();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new HttpError(400, code, description);
            case NOT_FOUND -> new HttpError(404, code, description);
            case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> new HttpError(409, code, description);
            case PERMISSION_DENIED -> new HttpError(403, code, description);
            case UNAUTHENTICATED -> new HttpError(401, code, description);
            case RESOURCE_EXHAUSTED -> HttpError.retryLater(429, code, description, retryAfter(e, 1));
            case UNAVAILABLE -> HttpError.retryLater(503, code, "The service is unavailable; try again shortly",
                    retryAfter(e, DEFAULT_RETRY_AFTER_SECONDS));
            case DEADLINE_EXCEEDED -> HttpError.retryLater(503, code, "The service did not answer in time; try again shortly",
                    retryAfter(e, DEFAULT_RETRY_AFTER_SECONDS));
            default -> new HttpError(502, "BAD_GATEWAY", "The request could not be completed");
        };
    }

    private static long retryAfter(StatusRuntimeException e, long fallback) {
        String value = e.getTrailers() == null ? null : e.getTrailers().get(ErrorMappingInterceptor.RETRY_AFTER);
        if (value == null) return fallback;
        try {
            return Math.max(1, Long.parseLong(value.strip()));
        } catch (NumberFormatException ignored) {
            return fallback;
        }
    }
}
