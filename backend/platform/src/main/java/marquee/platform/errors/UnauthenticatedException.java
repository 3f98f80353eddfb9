package marquee.platform.errors;

import io.grpc.Status;

/** No valid token, or wrong credentials. */
public class UnauthenticatedException extends DomainException {
    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.UNAUTHENTICATED;
    }
}
