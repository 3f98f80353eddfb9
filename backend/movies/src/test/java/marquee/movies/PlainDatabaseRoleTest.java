package marquee.movies;

import static marquee.movies.Fixture.at;
import static marquee.movies.Fixture.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status.Code;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.PlainRoleDatabase;
import marquee.theaters.v1.Hall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In embedded mode the service connects as a login role that owns only its schema: no superuser,
 * no CREATE on the database, so no extensions. The migrations and the overlap rule must work so.
 */
class PlainDatabaseRoleTest {
    private static String role;
    private static String jdbcUrl;
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() throws SQLException {
        PlainRoleDatabase database = PlainRoleDatabase.forSchema("movies");
        jdbcUrl = database.jdbcUrl();
        role = database.role();
        backend = Fixture.startBackend(Map.of("marquee.movies.db.url", jdbcUrl, "marquee.movies.db.user", role));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void theRoleCannotInstallExtensions() throws SQLException {
        try (Connection plain = DriverManager.getConnection(jdbcUrl, role, "");
             Statement statement = plain.createStatement()) {
            statement.execute("SET search_path = movies");
            assertThatThrownBy(() -> statement.execute("CREATE EXTENSION btree_gist"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void overlapsAreStillRefusedByTheDatabase() throws SQLException {
        Hall hall = fixture.hall(fixture.cinema(), "Hall 1");
        var movie = fixture.movie("Plain Role", 100);
        fixture.schedule(movie, hall, at(day(2), "18:00"));

        Fixture.assertFails(Code.FAILED_PRECONDITION, "overlaps the showtime of \"Plain Role\"",
                () -> fixture.schedule(movie, hall, at(day(2), "19:00")));
        assertThat(fixture.schedule(movie, hall, at(day(2), "20:00")).getHallId()).isEqualTo(hall.getId());

        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = admin.createStatement();
             var rows = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE schemaname = 'movies' AND tablename = 'showtimes'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(role);
        }
    }
}
