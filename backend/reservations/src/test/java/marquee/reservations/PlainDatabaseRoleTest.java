package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status.Code;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.PlainRoleDatabase;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.GetBookingRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In embedded mode the service connects as a login role that owns only its schema (no superuser,
 * no extensions). Migrations, the seat claim and the sweeper must all work so.
 */
class PlainDatabaseRoleTest {
    private static String role;
    private static String jdbcUrl;
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() throws SQLException {
        PlainRoleDatabase database = PlainRoleDatabase.forSchema("reservations");
        jdbcUrl = database.jdbcUrl();
        role = database.role();
        backend = Fixture.startBackend(Map.of("marquee.reservations.db.url", jdbcUrl, "marquee.reservations.db.user", role,
                "marquee.reservations.hold.ttl", "PT1S", "marquee.reservations.sweep.interval", "PT0.3S"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void holdsAreExclusiveAndExpireUnderAPlainRole() throws SQLException {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        var hold = fixture.hold(customer, showtime, "D1", "D2");
        Fixture.assertFails(Code.FAILED_PRECONDITION, "seat taken: D2", () -> fixture.hold(fixture.customer(), showtime, "D2", "D3"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fixture.reservations(customer).getBooking(GetBookingRequest.newBuilder().setBookingId(hold.getId()).build())
                        .getStatus()).isEqualTo(BookingStatus.BOOKING_EXPIRED));
        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = admin.createStatement();
             var rows = statement.executeQuery(
                     "SELECT tableowner FROM pg_tables WHERE schemaname = 'reservations' AND tablename = 'seat_claim'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(role);
        }
    }
}
