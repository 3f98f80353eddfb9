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
 * only, never a stack trace. A database that cannot be reached (down, restarting, pool exhausted)
 * is a pause, not a bug: UNAVAILABLE, which clients retry. A refusal that knows when the caller
 * may come back (RESOURCE_EXHAUSTED from a limit, UNAVAILABLE from the database) says so in the
 * {@value #RETRY_AFTER_NAME} trailer, in whole seconds.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);
    public static final String RETRY_AFTER_NAME = "retry-after";
    /** Seconds until a retry may succeed; read by the gateway for HTTP {@code Retry-After}. */
    public static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of(RETRY_AFTER_NAME, Metadata.ASCII_STRING_MARSHALLER);
    /** What a caller is told to wait when the database is away (a restart takes a few seconds). */
    static final long DATABASE_RETRY_SECONDS = 2;

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
        if (!(cause instanceof DomainException) && DatabaseOutage.isOutage(error)) {
            log.warn("Database unreachable: {}", DatabaseOutage.describe(error));
            return Status.UNAVAILABLE.withDescription("The database is unavailable, please try again shortly");
        }
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

    /** Trailers for a failed call: {@code retry-after} when the caller can be told when to come back. */
    public static Metadata trailersFor(Throwable error, Status status) {
        Metadata trailers = new Metadata();
        Throwable cause = unwrap(error);
        if (cause instanceof marquee.platform.errors.ResourceExhaustedException limit && limit.retryAfter() != null) {
            trailers.put(RETRY_AFTER, Long.toString(Math.max(1, limit.retryAfter().toSeconds())));
        } else if (status.getCode() == Status.Code.UNAVAILABLE) {
            trailers.put(RETRY_AFTER, Long.toString(DATABASE_RETRY_SECONDS));
        }
        return trailers;
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
                    trailers.merge(trailersFor(status.getCause(), outgoing));
                } else if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
                    outgoing = Status.INTERNAL.withDescription("Internal error");
                }
                super.close(outgoing, trailers);
            }
        }

        void fail(RuntimeException error) {
            Status status = toStatus(error);
            close(status, trailersFor(error, status));
        }
    }
}
