package marquee.platform.auth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Attaches an access token to outgoing calls: {@code stub.withCallCredentials(new BearerToken(token))}. */
public final class BearerToken extends CallCredentials {
    private final String token;

    /** The header the services read the token from (the same key as the platform's AuthInterceptor). */
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    public BearerToken(String token) {
        this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }
}
