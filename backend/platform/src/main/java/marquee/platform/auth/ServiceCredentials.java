package marquee.platform.auth;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import marquee.users.v1.ServiceLoginRequest;
import marquee.users.v1.UsersServiceGrpc;

/**
 * Call credentials of a backend service acting on its own behalf. Signs in at the users
 * service with the service secret on first use and again shortly before the token expires.
 * Use only for work no person is waiting on (compensation, reconciliation); a request made for
 * a person carries that person's token instead.
 */
public final class ServiceCredentials extends CallCredentials {
    private final String serviceName;
    private final String secret;
    private final Supplier<Channel> users;
    private volatile String token;
    private volatile Instant refreshAfter = Instant.EPOCH;

    public ServiceCredentials(String serviceName, String secret, Supplier<Channel> users) {
        this.serviceName = serviceName;
        this.secret = secret;
        this.users = users;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        appExecutor.execute(() -> {
            try {
                Metadata headers = new Metadata();
                headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + currentToken());
                applier.apply(headers);
            } catch (RuntimeException e) {
                applier.fail(Status.UNAUTHENTICATED.withDescription("Service sign-in failed: " + e.getMessage()).withCause(e));
            }
        });
    }

    private synchronized String currentToken() {
        if (token == null || Instant.now().isAfter(refreshAfter)) {
            var response = UsersServiceGrpc.newBlockingStub(users.get()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serviceLogin(ServiceLoginRequest.newBuilder().setServiceName(serviceName).setServiceSecret(secret).build());
            token = response.getAccessToken();
            refreshAfter = Instant.ofEpochSecond(response.getExpiresAt().getSeconds()).minusSeconds(300);
        }
        return token;
    }
}
