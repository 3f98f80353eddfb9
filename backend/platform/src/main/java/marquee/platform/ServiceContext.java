package marquee.platform;

import marquee.platform.auth.TokenVerifier;
import marquee.platform.config.Config;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.grpc.Channels;

/** What a service gets from the launcher: settings, its own database, token checks and channels to its peers. */
public record ServiceContext(Config config, ServiceDatabase database, TokenVerifier verifier, Channels channels) {}
