package marquee.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database where a service's schema is owned by a plain login role — no superuser, no
 * CREATE on the database, so no extensions — exactly what the embedded mode gives each service.
 */
public record PlainRoleDatabase(String jdbcUrl, String role) {

    public static PlainRoleDatabase forSchema(String schema) {
        String role = schema + "_plain_" + UUID.randomUUID().toString().substring(0, 8);
        String url = TestPostgres.newDatabase();
        try (Connection admin = DriverManager.getConnection(url, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            statement.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
            statement.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare a plain-role database for " + schema, e);
        }
        return new PlainRoleDatabase(url, role);
    }

    /** Settings that make the service of that schema use this database as this role. */
    public Map<String, String> settingsFor(String service) {
        return Map.of("marquee." + service + ".db.url", jdbcUrl, "marquee." + service + ".db.user", role);
    }
}
