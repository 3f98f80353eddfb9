package marquee.platform.errors;

import io.grpc.Status;

/**
 * A failure the caller can understand and act on. Services throw the subclasses; one interceptor
 * ({@link marquee.platform.grpc.ErrorMappingInterceptor}) turns them into gRPC statuses, so no
 * RPC method catches and maps errors itself.
 */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message, null, false, false);
    }

    public abstract Status.Code code();
}
