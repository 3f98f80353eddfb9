package marquee.platform;

import io.grpc.CallCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.events.Events;
import marquee.platform.grpc.Channels;

/**
 * What a service gets from the launcher: settings, its own database, token checks, channels to
 * its peers, its own identity for calls no person is waiting on ({@code stub.withCallCredentials(serviceIdentity())}),
 * and the runtime's meter registry for domain metrics ({@code meters().counter("marquee.users.registered").increment()}),
 * which the {@code /metrics} endpoint serves, and the runtime's {@link Events} (subscribe to other
 * services' events; a service's own events go through its {@code outbox} table, see {@code Outbox}).
 */
public record ServiceContext(Config config, ServiceDatabase database, TokenVerifier verifier, Channels channels,
                             CallCredentials serviceIdentity, MeterRegistry meters, Events events) {

    /** Without events (they are then delivered to nobody in this JVM). */
    public ServiceContext(Config config, ServiceDatabase database, TokenVerifier verifier, Channels channels,
                          CallCredentials serviceIdentity, MeterRegistry meters) {
        this(config, database, verifier, channels, serviceIdentity, meters,
                new Events(new marquee.platform.events.InProcessTransport(), false, java.time.Duration.ofMillis(250),
                        java.time.Duration.ofDays(7), java.time.Duration.ofDays(30), 200, meters));
    }
}
