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
    /** The current token and when to sign in again, replaced together. */
    private volatile Signed signed;

    private record Signed(String header, Instant refreshAfter) {}

    public ServiceCredentials(String serviceName, String secret, Supplier<Channel> users) {
        this.serviceName = serviceName;
        this.secret = secret;
        this.users = users;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        // A valid token is applied on the calling thread: handing every call to the application
        // executor moved the whole in-process call (it runs where the headers are applied) to
        // gRPC's unbounded default pool. Only a sign-in, which blocks, goes to the executor.
        Signed current = signed;
        if (current != null && Instant.now().isBefore(current.refreshAfter())) {
            apply(applier, current.header());
            return;
        }
        appExecutor.execute(() -> {
            String header;
            try {
                header = currentHeader();
            } catch (RuntimeException e) {
                applier.fail(Status.UNAUTHENTICATED.withDescription("Service sign-in failed: " + e.getMessage()).withCause(e));
                return;
            }
            apply(applier, header);
        });
    }

    private static void apply(MetadataApplier applier, String header) {
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, header);
        applier.apply(headers);
    }

    private synchronized String currentHeader() {
        Signed current = signed;
        if (current == null || !Instant.now().isBefore(current.refreshAfter())) {
            var response = UsersServiceGrpc.newBlockingStub(users.get()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serviceLogin(ServiceLoginRequest.newBuilder().setServiceName(serviceName).setServiceSecret(secret).build());
            current = new Signed("Bearer " + response.getAccessToken(),
                    Instant.ofEpochSecond(response.getExpiresAt().getSeconds()).minusSeconds(300));
            signed = current;
        }
        return current.header();
    }
}
