package marquee.platform;

import io.grpc.CallCredentials;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.grpc.Channels;

/**
 * What a service gets from the launcher: settings, its own database, token checks, channels to
 * its peers, and its own identity for calls no person is waiting on ({@code stub.withCallCredentials(serviceIdentity())}).
 */
public record ServiceContext(Config config, ServiceDatabase database, TokenVerifier verifier, Channels channels,
                             CallCredentials serviceIdentity) {}
