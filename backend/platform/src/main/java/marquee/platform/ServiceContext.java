package marquee.platform;

import io.grpc.CallCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.grpc.Channels;

/**
 * What a service gets from the launcher: settings, its own database, token checks, channels to
 * its peers, its own identity for calls no person is waiting on ({@code stub.withCallCredentials(serviceIdentity())}),
 * and the runtime's meter registry for domain metrics ({@code meters().counter("marquee.users.registered").increment()}),
 * which the {@code /metrics} endpoint serves.
 */
public record ServiceContext(Config config, ServiceDatabase database, TokenVerifier verifier, Channels channels,
                             CallCredentials serviceIdentity, MeterRegistry meters) {}
