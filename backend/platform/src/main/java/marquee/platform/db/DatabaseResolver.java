package marquee.platform.db;

import java.nio.file.Path;
import marquee.platform.config.Config;

/**
 * Decides where each service's data lives. In order: {@code MARQUEE_<SERVICE>_DB_URL} (with
 * {@code _DB_USER}/{@code _DB_PASSWORD}), then {@code MARQUEE_DB_URL} for all services, else an
 * embedded PostgreSQL started on first use in {@code MARQUEE_DB_EMBEDDED_DIR}
 * (default {@code <data dir>/postgres}).
 */
public final class DatabaseResolver implements AutoCloseable {
    private final Config config;
    private EmbeddedPostgresServer embedded;

    public DatabaseResolver(Config config) {
        this.config = config;
    }

    public synchronized DatabaseLocation locate(String service) {
        var perService = config.find("marquee." + service + ".db.url");
        if (perService.isPresent()) {
            return new DatabaseLocation(perService.get(),
                    config.get("marquee." + service + ".db.user", config.get("marquee.db.user", "")),
                    config.get("marquee." + service + ".db.password", config.get("marquee.db.password", "")));
        }
        var shared = config.find("marquee.db.url");
        if (shared.isPresent()) {
            return new DatabaseLocation(shared.get(), config.get("marquee.db.user", ""), config.get("marquee.db.password", ""));
        }
        return embedded().provisionService(service);
    }

    public synchronized EmbeddedPostgresServer embedded() {
        if (embedded == null) {
            Path dir = config.find("marquee.db.embedded.dir").map(Path::of)
                    .orElse(config.dataDir().resolve("postgres"));
            embedded = EmbeddedPostgresServer.start(dir, config.getInt("marquee.db.embedded.port", 0));
        }
        return embedded;
    }

    public synchronized boolean usesEmbedded() {
        return embedded != null;
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
