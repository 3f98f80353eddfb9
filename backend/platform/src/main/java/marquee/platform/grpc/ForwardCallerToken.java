package marquee.platform.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import marquee.platform.auth.Auth;
import marquee.platform.auth.AuthInterceptor;

/**
 * When a service calls another while serving a request, the callee sees the original caller:
 * the caller's token travels on, so roles are checked against the person, not the service.
 */
public final class ForwardCallerToken implements ForwardingInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (options.getCredentials() != null) {
            // The call carries its own identity (a service acting on its own behalf).
            return next.newCall(method, options);
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (!headers.containsKey(AuthInterceptor.AUTHORIZATION)) {
                    Auth.current().ifPresent(p -> headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + p.token()));
                }
                super.start(listener, headers);
            }
        };
    }
}
