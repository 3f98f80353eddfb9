package marquee.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** gRPC status → HTTP status and JSON error; unexpected codes become 502 with a generic message. */
final class GrpcErrors {
    private GrpcErrors() {}

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
            case RESOURCE_EXHAUSTED -> new HttpError(429, code, description);
            case UNAVAILABLE -> new HttpError(503, code, "The service is unavailable; try again shortly");
            case DEADLINE_EXCEEDED -> new HttpError(503, code, "The service did not answer in time; try again shortly");
            default -> new HttpError(502, "BAD_GATEWAY", "The request could not be completed");
        };
    }
}
