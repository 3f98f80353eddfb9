package marquee.platform.errors;

import io.grpc.Status;
import java.time.Duration;

/** Throttled: too many attempts; try again later (after {@link #retryAfter()} when known). */
public class ResourceExhaustedException extends DomainException {
    private final Duration retryAfter;

    public ResourceExhaustedException(String message) {
        this(message, null);
    }

    public ResourceExhaustedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When the caller may try again, or null; sent as the {@code retry-after} trailer (seconds). */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Status.Code code() {
        return Status.Code.RESOURCE_EXHAUSTED;
    }
}
