package marquee.platform.errors;

import io.grpc.Status;

/** Creating something whose unique key is already taken. */
public class AlreadyExistsException extends DomainException {
    public AlreadyExistsException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.ALREADY_EXISTS;
    }
}
