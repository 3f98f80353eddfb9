package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import marquee.platform.testing.PlainRoleDatabase;
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
    private static String role;
    private static Fixture fixture;
    private static String jdbcUrl;

    @BeforeAll
    static void start() throws SQLException {
        PlainRoleDatabase database = PlainRoleDatabase.forSchema("tickets");
        jdbcUrl = database.jdbcUrl();
        role = database.role();
        fixture = Fixture.start(Map.of("marquee.tickets.db.url", jdbcUrl, "marquee.tickets.db.user", role));
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

        assertThat(fixture.tickets(fixture.cashier(cinema)).checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).build())
                .getResult()).isEqualTo(VerificationResult.ACCEPTED);
        assertThat(fixture.tickets(fixture.kiosk(cinema)).listTicketsForSync(ListTicketsForSyncRequest.newBuilder()
                .setCinemaId(cinema).build()).getTicketsCount()).isEqualTo(1);

        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = admin.createStatement();
             var rows = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE schemaname = 'tickets' AND tablename = 'ticket'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(role);
        }
    }
}
