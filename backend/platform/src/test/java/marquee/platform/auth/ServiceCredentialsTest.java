package marquee.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.users.v1.LoginResponse;
import marquee.users.v1.ServiceLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service's own token is put on its calls on the calling thread once it has signed in: handing
 * every call to the application executor moved in-process calls to gRPC's unbounded default pool
 * (one thread hand-off per hop on the purchase path). Signing in, which blocks, still goes to the
 * executor, and a token close to its expiry is renewed there.
 */
class ServiceCredentialsTest {
    private final AtomicInteger logins = new AtomicInteger();
    private volatile long expiresInSeconds = 3600;
    private Server users;
    private ManagedChannel channel;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        if (channel != null) channel.shutdownNow();
        if (users != null) users.shutdownNow();
        executor.shutdownNow();
    }

    private ServiceCredentials credentials() throws Exception {
        String name = InProcessServerBuilder.generateName();
        users = InProcessServerBuilder.forName(name).directExecutor().addService(new UsersServiceGrpc.UsersServiceImplBase() {
            @Override
            public void serviceLogin(ServiceLoginRequest request, StreamObserver<LoginResponse> response) {
                int n = logins.incrementAndGet();
                response.onNext(LoginResponse.newBuilder().setAccessToken("token-" + n)
                        .setExpiresAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() + expiresInSeconds)).build());
                response.onCompleted();
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return new ServiceCredentials("reservations", "secret", () -> channel);
    }

    /** Records where and with what the headers were applied. */
    private static final class Recorder extends io.grpc.CallCredentials.MetadataApplier {
        final List<String> headers = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void apply(Metadata metadata) {
            headers.add(metadata.get(AuthInterceptor.AUTHORIZATION));
            threads.add(Thread.currentThread());
            done.countDown();
        }

        @Override
        public void fail(Status status) {
            headers.add("failed: " + status);
            done.countDown();
        }
    }

    private Recorder apply(ServiceCredentials credentials, Executor executor) throws InterruptedException {
        Recorder recorder = new Recorder();
        credentials.applyRequestMetadata(null, executor, recorder);
        assertThat(recorder.done.await(10, TimeUnit.SECONDS)).isTrue();
        return recorder;
    }

    @Test
    void aSignedInServiceAppliesItsTokenOnTheCallingThread() throws Exception {
        ServiceCredentials credentials = credentials();
        Recorder first = apply(credentials, executor);
        assertThat(first.headers).containsExactly("Bearer token-1");
        assertThat(first.threads.get(0)).isNotSameAs(Thread.currentThread());

        Executor refused = task -> {
            throw new AssertionError("a valid token needs no executor");
        };
        Recorder second = apply(credentials, refused);
        assertThat(second.headers).containsExactly("Bearer token-1");
        assertThat(second.threads).containsExactly(Thread.currentThread());
        assertThat(logins).hasValue(1);
    }

    @Test
    void aTokenDueForRenewalIsRenewedOnTheExecutor() throws Exception {
        expiresInSeconds = 60; // renewed from 5 minutes before expiry on, i.e. at once
        ServiceCredentials credentials = credentials();
        assertThat(apply(credentials, executor).headers).containsExactly("Bearer token-1");
        Recorder renewed = apply(credentials, executor);
        assertThat(renewed.headers).containsExactly("Bearer token-2");
        assertThat(renewed.threads.get(0)).isNotSameAs(Thread.currentThread());
    }
}
