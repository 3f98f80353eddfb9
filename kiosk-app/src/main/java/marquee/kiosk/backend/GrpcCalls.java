package marquee.kiosk.backend;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import marquee.platform.auth.BearerToken;
import marquee.platform.grpc.Channels;
import marquee.users.v1.LoginResponse;
import marquee.users.v1.User;
import marquee.users.v1.UsersServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gRPC call of the kiosk and the till shares: one channel, the signed-in token (renewed
 * by signing in again once when the server refuses it), a deadline on every call, and the
 * translation of gRPC statuses into the kiosk's {@link BackendException}s. The kiosk client and
 * the cashier client both call through one of these, so the till has one channel and one token.
 */
public final class GrpcCalls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

    /** Every unary call's deadline. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Checkout charges a card gateway that may take its own time-out (seconds) before answering. */
    static final Duration CHECKOUT_DEADLINE = Duration.ofSeconds(30);

    private final ManagedChannel channel;
    private volatile BearerToken token;
    private volatile User user;
    private volatile Supplier<LoginResponse> login;

    void signInWith(Supplier<LoginResponse> how) {
        LoginResponse response = mapped(how);
        login = how;
        token = new BearerToken(response.getAccessToken());
        user = response.getUser();
    }

    void renewToken() {
        Supplier<LoginResponse> how = login;
        if (how == null) throw new IllegalStateException("Not signed in");
        LoginResponse response = how.get();
        token = new BearerToken(response.getAccessToken());
        user = response.getUser();
    }

    /**
     * Forgets who is signed in: the token, the account and the way to sign in again (which holds the
     * PIN or secret). Until the next sign-in every call is anonymous; an expired token can no longer
     * be renewed with the previous person's PIN.
     */
    public void signOut() {
        login = null;
        token = null;
        user = null;
    }

    /** Tests: pretend the token ran out (the server refuses it), as a kiosk running for days would see. */
    void replaceTokenForTest(String staleToken) {
        token = new BearerToken(staleToken);
    }

    UsersServiceGrpc.UsersServiceBlockingStub users() {
        return UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a unary call with a deadline and the token; signs in again once when the token is refused. */
    <S extends AbstractStub<S>, R> R call(Function<io.grpc.Channel, S> newStub, Duration deadline, Function<S, R> rpc) {
        try {
            return rpc.apply(stub(newStub, deadline));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAUTHENTICATED || login == null) throw translate(e);
            log.info("Access token refused; signing in again");
            mapped(() -> {
                renewToken();
                return null;
            });
            return mapped(() -> rpc.apply(stub(newStub, deadline)));
        }
    }

    <S extends AbstractStub<S>> S stub(Function<io.grpc.Channel, S> newStub, Duration deadline) {
        S stub = newStub.apply(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        BearerToken current = token;
        return current == null ? stub : stub.withCallCredentials(current);
    }

    static <R> R mapped(Supplier<R> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    /** The kiosk's exception for a failed call. */
    static BackendException translate(Throwable error) {
        Status status = Status.fromThrowable(error);
        String message = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new BackendUnavailableException(message, error);
            case FAILED_PRECONDITION -> message.startsWith("seat taken")
                    ? new SeatsTakenException(message, takenSeats(message), error)
                    : new RejectedException(message, error);
            case INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS, OUT_OF_RANGE, RESOURCE_EXHAUSTED ->
                    new RejectedException(message, error);
            default -> new BackendException(message, error);
        };
    }

    /** "seat taken: F12, F13" → [F12, F13]. */
    static List<String> takenSeats(String message) {
        int colon = message.indexOf(':');
        if (colon < 0) return List.of();
        return Arrays.stream(message.substring(colon + 1).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private GrpcCalls(ManagedChannel channel) {
        this.channel = channel;
    }

    /** Calls to {@code target} with the transport settings of {@code config} (MARQUEE_TLS_*: TLS, the device's certificate). */
    public static GrpcCalls connect(String target, marquee.platform.config.Config config) {
        return new GrpcCalls(Channels.build(config, target));
    }

    ManagedChannel channel() {
        return channel;
    }

    BearerToken token() {
        return token;
    }

    User user() {
        return user;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
