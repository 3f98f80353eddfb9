package marquee.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's embedded PostgreSQL keeps a sold ticket through a power cut: commits wait for the WAL flush. */
class DurableCommitTest {
    @Test
    void theEmbeddedServerCommitsDurablyByDefault(@TempDir Path dir) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("data"), 0);
        try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
             var statement = connection.createStatement()) {
            for (String setting : new String[] {"synchronous_commit", "fsync"}) {
                try (var rows = statement.executeQuery("SHOW " + setting)) {
                    rows.next();
                    assertThat(rows.getString(1)).as(setting).isEqualTo("on");
                }
            }
        } finally {
            server.close();
        }
    }
}
