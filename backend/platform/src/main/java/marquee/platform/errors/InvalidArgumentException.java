package marquee.platform.errors;

import io.grpc.Status;

/** The request is malformed or breaks a rule; the message says which field and why. */
public class InvalidArgumentException extends DomainException {
    public InvalidArgumentException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.INVALID_ARGUMENT;
    }
}
