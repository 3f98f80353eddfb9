package marquee.platform.errors;

import io.grpc.Status;

/** The thing asked for does not exist (or the caller may not know that it does). */
public class NotFoundException extends DomainException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.NOT_FOUND;
    }
}
