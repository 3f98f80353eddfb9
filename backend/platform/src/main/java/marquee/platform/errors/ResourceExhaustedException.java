package marquee.platform.errors;

import io.grpc.Status;

/** Throttled: too many attempts; try again later. */
public class ResourceExhaustedException extends DomainException {
    public ResourceExhaustedException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.RESOURCE_EXHAUSTED;
    }
}
