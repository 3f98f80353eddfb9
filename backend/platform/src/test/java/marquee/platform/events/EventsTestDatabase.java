package marquee.platform.events;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import marquee.platform.testing.TestPostgres;

/** A fresh database with the outbox and consumed_events tables as the services' migrations make them. */
final class EventsTestDatabase {
    static final String DDL = """
            CREATE TABLE outbox (
                seq          bigserial PRIMARY KEY,
                id           uuid NOT NULL UNIQUE,
                type         varchar(100) NOT NULL,
                event_key    varchar(200) NOT NULL,
                payload      bytea NOT NULL,
                occurred_at  timestamptz NOT NULL DEFAULT now(),
                published_at timestamptz
            );
            CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
            CREATE TABLE consumed_events (
                consumer    varchar(100) NOT NULL,
                event_id    uuid NOT NULL,
                event_type  varchar(100) NOT NULL,
                consumed_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (consumer, event_id)
            );
            CREATE TABLE applied (event_id uuid NOT NULL, event_key varchar(200) NOT NULL, n int NOT NULL, at bigserial);
            """;

    static HikariDataSource open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestPostgres.newDatabase());
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        HikariDataSource db = new HikariDataSource(config);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(DDL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    static long count(HikariDataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private EventsTestDatabase() {}
}
