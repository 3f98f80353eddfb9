package marquee.platform.errors;

import io.grpc.Status;

/** A dependency cannot be reached right now; retrying later may succeed. */
public class UnavailableException extends DomainException {
    public UnavailableException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.UNAVAILABLE;
    }
}
