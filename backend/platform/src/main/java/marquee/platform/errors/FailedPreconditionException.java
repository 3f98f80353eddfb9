package marquee.platform.errors;

import io.grpc.Status;

/** The request is valid but the current state does not allow it (seat taken, showtime overlaps). */
public class FailedPreconditionException extends DomainException {
    public FailedPreconditionException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.FAILED_PRECONDITION;
    }
}
