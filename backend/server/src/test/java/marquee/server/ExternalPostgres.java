package marquee.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import marquee.platform.db.EmbeddedPostgresServer;

/**
 * A stand-in "external" PostgreSQL for trying {@code scripts/run-services.sh --database-url}
 * without installing one: starts a real PostgreSQL 17 (the embedded binaries) on a port, creates
 * a login role and a database owned by it, prints the JDBC URL and runs until killed.
 *
 * <pre>
 * java -cp "backend/server/target/lib/*" backend/server/src/test/java/marquee/server/ExternalPostgres.java [port] [dir]
 * </pre>
 */
public final class ExternalPostgres {
    private ExternalPostgres() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("marquee-external-pg").resolve("data");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, port);
        var admin = server.admin();
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'marquee') "
                    + "THEN CREATE ROLE marquee LOGIN PASSWORD 'marquee-local'; END IF; END $$");
            var exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'marquee'");
            if (!exists.next()) s.execute("CREATE DATABASE marquee OWNER marquee");
        }
        System.out.println(server.jdbcUrl("marquee") + "?user=marquee&password=marquee-local");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
