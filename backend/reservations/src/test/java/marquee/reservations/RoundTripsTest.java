package marquee.reservations;

import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import marquee.movies.v1.Showtime;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestPostgres;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts the database round trips of a hold and of a purchase (all services share the test's
 * database, so every service's statements count) with PostgreSQL's own pg_stat_statements. BEGIN
 * is not counted: pgjdbc sends it in the same round trip as the first statement. The figures are
 * printed (docs/benchmarks.md records them) and bounded, so the hot path cannot silently grow.
 */
class RoundTripsTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        // No background jobs during the counts.
        backend = TestBackend.start(Map.of("marquee.reservations.sweep.interval", "PT1H",
                "marquee.reservations.reconcile.interval", "PT1H"),
                ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aHoldAndAPurchaseTakeABoundedNumberOfDatabaseRoundTrips() throws Exception {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        fixture.hold(customer, showtime, "A1");   // warms caches (showtime, hall) and connection pools

        Map<String, Long> before = statements();
        Booking hold = fixture.hold(customer, showtime, "D1", "D2");
        Map<String, Long> holdStatements = since(before);

        before = statements();
        CheckoutResult result = fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE),
                UUID.randomUUID().toString()));
        Map<String, Long> purchaseStatements = since(before);
        assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);

        long holdTrips = total(holdStatements);
        long purchaseTrips = total(purchaseStatements);
        print("hold of 2 seats (warm caches)", holdStatements);
        print("purchase (checkout of that hold, card)", purchaseStatements);
        assertThat(holdTrips).as("round trips per hold (one call of hold_seats)").isEqualTo(1L);
        assertThat(purchaseTrips).as("round trips per purchase").isBetween(1L, 40L);
    }

    private static long total(Map<String, Long> statements) {
        return statements.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void print(String what, Map<String, Long> statements) {
        StringBuilder out = new StringBuilder("RoundTripsTest: " + what + ": " + total(statements) + " round trips\n");
        statements.forEach((query, calls) -> out.append("  ").append(calls).append(" x ")
                .append(query.replaceAll("\\s+", " ").substring(0, Math.min(140, query.replaceAll("\\s+", " ").length()))).append('\n'));
        System.out.print(out);
    }

    private static Map<String, Long> since(Map<String, Long> before) throws SQLException {
        Map<String, Long> now = statements();
        Map<String, Long> delta = new LinkedHashMap<>();
        now.forEach((query, calls) -> {
            long d = calls - before.getOrDefault(query, 0L);
            if (d > 0) delta.put(query, d);
        });
        return delta;
    }

    /** Calls per statement in the test's database so far (BEGIN and this query excluded). */
    private static Map<String, Long> statements() throws SQLException {
        String database = backend.jdbcUrl().substring(backend.jdbcUrl().lastIndexOf('/') + 1);
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.server().jdbcUrl("postgres"), "postgres", "")) {
            try (var s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT s.query, sum(s.calls) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                     WHERE d.datname = ? AND upper(s.query) NOT LIKE 'BEGIN%'
                     GROUP BY s.query ORDER BY 2 DESC, 1""")) {
                q.setString(1, database);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) calls.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return calls;
    }

    @Test
    void theHolderReleasesAHoldInOneRoundTrip() throws Exception {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        fixture.hold(customer, showtime, "A2");   // warms caches and pools
        Booking hold = fixture.hold(customer, showtime, "D4", "D5");

        Map<String, Long> before = statements();
        Booking released = fixture.reservations(customer).releaseHold(
                marquee.reservations.v1.ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build());
        Map<String, Long> releaseStatements = since(before);

        print("release of that hold by its holder", releaseStatements);
        assertThat(released.getStatus()).isEqualTo(marquee.reservations.v1.BookingStatus.BOOKING_RELEASED);
        assertThat(released.getLinesList()).extracting(l -> l.getSeatId()).containsExactly("D4", "D5");
        assertThat(total(releaseStatements)).as("round trips per release (one call of release_hold)").isEqualTo(1L);
    }
}
