package marquee.platform.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import marquee.platform.errors.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become gRPC statuses. Domain exceptions carry their own code
 * and a message meant for the caller; failures of downstream services keep their code; anything
 * else is a bug: it is logged with a reference and the caller gets INTERNAL with that reference
 * only, never a stack trace.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        OnceClosingCall<Q, R> guarded = new OnceClosingCall<>(call);
        ServerCall.Listener<Q> delegate;
        try {
            delegate = next.startCall(guarded, headers);
        } catch (RuntimeException e) {
            guarded.fail(e);
            return new ServerCall.Listener<>() {};
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                try { super.onMessage(message); } catch (RuntimeException e) { guarded.fail(e); }
            }

            @Override
            public void onHalfClose() {
                try { super.onHalfClose(); } catch (RuntimeException e) { guarded.fail(e); }
            }

            @Override
            public void onReady() {
                try { super.onReady(); } catch (RuntimeException e) { guarded.fail(e); }
            }
        };
    }

    /** Maps any throwable to the status a caller should see. */
    public static Status toStatus(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof DomainException domain) {
            return Status.fromCode(domain.code()).withDescription(domain.getMessage());
        }
        if (cause instanceof StatusRuntimeException sre) {
            Status status = sre.getStatus();
            // A dependency that is down or slow is our unavailability, not the caller's mistake.
            if (status.getCode() == Status.Code.DEADLINE_EXCEEDED || status.getCode() == Status.Code.UNAVAILABLE) {
                return Status.UNAVAILABLE.withDescription("A backend service is unavailable, please try again: "
                        + status.getDescription());
            }
            if (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN) {
                return internal(cause);
            }
            return status;
        }
        return internal(cause);
    }

    private static Status internal(Throwable cause) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected failure (reference {})", reference, cause);
        return Status.INTERNAL.withDescription("Internal error, reference " + reference);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        // Hibernate and JDBC wrap our own exceptions thrown inside transactions.
        Throwable walk = current;
        for (int depth = 0; walk != null && depth < 10; depth++, walk = walk.getCause()) {
            if (walk instanceof DomainException) return walk;
        }
        return current;
    }

    private static final class OnceClosingCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final AtomicBoolean closed = new AtomicBoolean();

        OnceClosingCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (closed.compareAndSet(false, true)) {
                Status outgoing = status;
                if (!status.isOk() && status.getCause() != null) {
                    outgoing = toStatus(status.getCause());
                } else if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
                    outgoing = Status.INTERNAL.withDescription("Internal error");
                }
                super.close(outgoing, trailers);
            }
        }

        void fail(RuntimeException error) {
            close(toStatus(error), new Metadata());
        }
    }
}
