package marquee.platform.auth;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import marquee.users.v1.ListRevokedTokensRequest;
import marquee.users.v1.RevokedTokens;
import marquee.users.v1.UsersServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a service's {@link TokenVerifier} up to date with the accounts whose tokens were taken
 * back (disabled, device secret rotated): asks the users service every {@code interval}
 * ({@code MARQUEE_AUTH_REVOCATION_POLL}, default 10 s). That interval is the bound on how long a
 * revoked token still works anywhere. When users cannot be reached the last list stays in force.
 */
public final class RevocationPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevocationPoller.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final TokenVerifier verifier;
    private final Supplier<Channel> users;
    private final CallCredentials identity;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    public RevocationPoller(TokenVerifier verifier, Supplier<Channel> users, CallCredentials identity, Duration interval) {
        this.verifier = verifier;
        this.users = users;
        this.identity = identity;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "token-revocations");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fetches the list now; true when it was fetched. */
    public boolean poll() {
        try {
            var response = UsersServiceGrpc.newBlockingStub(users.get()).withCallCredentials(identity)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).listRevokedTokens(ListRevokedTokensRequest.getDefaultInstance());
            Map<String, Instant> notBefore = new HashMap<>();
            for (RevokedTokens revoked : response.getRevokedList()) {
                notBefore.put(revoked.getSubject(), Instant.ofEpochSecond(revoked.getNotBefore().getSeconds(),
                        revoked.getNotBefore().getNanos()));
            }
            verifier.revocations(notBefore);
            if (failing) log.info("Token revocation list reachable again ({} entries)", notBefore.size());
            failing = false;
            return true;
        } catch (StatusRuntimeException e) {
            if (!failing) log.warn("Cannot fetch the token revocation list from users ({}); the last list stays in force",
                    e.getStatus());
            failing = true;
            return false;
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Token revocation poll failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
