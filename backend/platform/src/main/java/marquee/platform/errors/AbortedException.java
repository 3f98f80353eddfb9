package marquee.platform.errors;

import io.grpc.Status;

/** Lost a race with a concurrent request; retrying may succeed. */
public class AbortedException extends DomainException {
    public AbortedException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.ABORTED;
    }
}
