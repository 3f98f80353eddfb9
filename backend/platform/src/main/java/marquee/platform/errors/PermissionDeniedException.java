package marquee.platform.errors;

import io.grpc.Status;

/** The caller is known but their role may not do this. */
public class PermissionDeniedException extends DomainException {
    public PermissionDeniedException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.PERMISSION_DENIED;
    }
}
