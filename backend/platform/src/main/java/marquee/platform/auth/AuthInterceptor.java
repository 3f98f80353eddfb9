package marquee.platform.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import marquee.platform.errors.UnauthenticatedException;

/**
 * Verifies the bearer token of every call and makes the caller available through {@link Auth}.
 * A call without a token runs anonymously (browsing the programme is public); a call with a bad
 * token is refused outright, whatever the method — a client should know its token is broken.
 * Each RPC then checks the role it needs.
 */
public final class AuthInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenVerifier verifier;

    public AuthInterceptor(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String header = headers.get(AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return next.startCall(call, headers);
        }
        try {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new UnauthenticatedException("The authorization header must be \"Bearer <token>\"");
            }
            Principal principal = verifier.verify(header.substring(7).trim());
            if (!DoorScope.allows(principal, call.getMethodDescriptor().getFullMethodName())) {
                call.close(Status.PERMISSION_DENIED.withDescription("door staff only check tickets in at the door; "
                        + call.getMethodDescriptor().getFullMethodName() + " is not for the DOOR role"), new Metadata());
                return new ServerCall.Listener<>() {};
            }
            Context context = Context.current().withValue(Auth.PRINCIPAL, principal);
            return Contexts.interceptCall(context, call, headers, next);
        } catch (UnauthenticatedException e) {
            call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
    }
}
