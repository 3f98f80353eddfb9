package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import marquee.platform.testing.TestPostgres;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In embedded mode the service connects as a login role that owns only its schema (no superuser,
 * no CREATE on the database). Migrations, the change sequence and the advisory locks must work so.
 */
class PlainDatabaseRoleTest {
    private static final String ROLE = "tickets_plain_" + UUID.randomUUID().toString().substring(0, 8);
    private static Fixture fixture;
    private static String jdbcUrl;

    @BeforeAll
    static void start() throws SQLException {
        jdbcUrl = TestPostgres.newDatabase();
        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            statement.execute("CREATE SCHEMA tickets AUTHORIZATION " + ROLE);
            statement.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
        }
        fixture = Fixture.start(Map.of("marquee.tickets.db.url", jdbcUrl, "marquee.tickets.db.user", ROLE));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void ticketsAreIssuedScannedAndSyncedWithAPlainRole() throws SQLException {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "A1");
        String qr = fixture.issue(booking).getTickets(0).getQrPayload();

        assertThat(fixture.tickets(fixture.kiosk(cinema)).checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).build())
                .getResult()).isEqualTo(VerificationResult.ACCEPTED);
        assertThat(fixture.tickets(fixture.kiosk(cinema)).listTicketsForSync(ListTicketsForSyncRequest.newBuilder()
                .setCinemaId(cinema).build()).getTicketsCount()).isEqualTo(1);

        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = admin.createStatement();
             var rows = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE schemaname = 'tickets' AND tablename = 'ticket'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(ROLE);
        }
    }
}
