package marquee.reservations;

import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import marquee.movies.v1.Showtime;
import marquee.platform.ServiceModules;
import marquee.platform.metrics.Metrics;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestPostgres;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts the database round trips of a hold and of a purchase with PostgreSQL's own
 * pg_stat_statements, per service: every service gets a database of its own (as with a database
 * URL per service), so a statement's database names the service that sent it. A round trip here
 * is a statement, as in the baseline: BEGIN travels with the first statement, and
 * pg_stat_statements does not list COMMIT (the purchase path sends statements in autocommit). The gRPC calls served during the
 * purchase are counted from the servers' own call timers: every one after the client's Checkout is
 * a hop between services. The figures are printed (docs/benchmarks.md records them) and bounded,
 * so the hot path cannot silently grow again.
 */
class RoundTripsTest {
    private static final List<String> SERVICES = List.of("users", "theaters", "movies", "reservations", "payments", "tickets");
    /** Issue 12: a purchase in at most 10 database round trips and 2 hops between services. */
    static final long PURCHASE_ROUND_TRIPS = 10;
    static final long PURCHASE_HOPS = 2;

    private static TestBackend backend;
    private static Fixture fixture;
    private static final Map<String, String> databaseOf = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>();
        // No background jobs during the counts.
        settings.put("marquee.reservations.sweep.interval", "PT1H");
        settings.put("marquee.reservations.reconcile.interval", "PT1H");
        settings.put("marquee.payments.reconcile.interval", "PT1H");
        settings.put("marquee.auth.revocation.poll", "PT1H");
        // Nor the events relay: its polling, publishing and the consumers' bookkeeping are background
        // work, not the purchase's (the sale's booking.confirmed is written inside sell_booking's statement).
        settings.put("marquee.events.relay.interval", "PT1H");
        for (String service : SERVICES) {
            String url = TestPostgres.newDatabase();
            databaseOf.put(service, url.substring(url.lastIndexOf('/') + 1));
            settings.put("marquee." + service + ".db.url", url);
            settings.put("marquee." + service + ".db.user", "postgres");
        }
        backend = TestBackend.start(settings, ServiceModules.byName(SERVICES.toArray(String[]::new)));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aHoldAndAPurchaseStayWithinTheirRoundTripAndHopBudgets() throws Exception {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        // Warms caches (showtime, hall), connection pools and prepared statements with a whole purchase.
        Booking warm = fixture.hold(customer, showtime, "A1");
        assertThat(fixture.reservations(customer).checkout(checkout(warm, card(CheckoutTest.APPROVE),
                UUID.randomUUID().toString())).getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);

        Counts before = Counts.now();
        Booking hold = fixture.hold(customer, showtime, "D1", "D2");
        Counts hold2 = Counts.now().since(before);

        before = Counts.now();
        CheckoutResult result = fixture.reservations(customer).checkout(checkout(hold, card(CheckoutTest.APPROVE),
                UUID.randomUUID().toString()));
        Counts purchase = Counts.now().since(before);
        assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(result.getTicketIdsCount()).isEqualTo(2);

        hold2.print("hold of 2 seats (warm caches)");
        purchase.print("purchase (checkout of that hold, card)");
        assertThat(hold2.roundTrips("reservations")).as("round trips per hold (one call of hold_seats)").isEqualTo(1L);
        assertThat(hold2.roundTrips()).as("round trips per hold, all services").isEqualTo(1L);
        assertThat(purchase.roundTripsByService()).as("round trips per purchase, per service").isNotEmpty();
        assertThat(purchase.roundTrips()).as("round trips per purchase, all services: " + purchase.roundTripsByService())
                .isLessThanOrEqualTo(PURCHASE_ROUND_TRIPS);
        // Payments and tickets take the booking from the call: they never call reservations back.
        assertThat(purchase.calls).as("gRPC calls served during the purchase").doesNotContainKey("ReservationsService/GetBooking");
        // The showtime comes from reservations' snapshot (dropped by movies' events), not from a call to movies.
        assertThat(purchase.calls).containsEntry("PaymentsService/Charge", 1L).containsEntry("TicketsService/IssueTickets", 1L)
                .doesNotContainKey("MoviesService/GetShowtime");
        assertThat(purchase.hops()).as("calls between services per purchase: " + purchase.calls)
                .isLessThanOrEqualTo(PURCHASE_HOPS);
    }

    /** Statements per service database, and gRPC calls served, at one moment or between two. */
    private record Counts(Map<String, Map<String, Long>> statements, Map<String, Long> calls) {

        static Counts now() throws SQLException {
            Map<String, Map<String, Long>> statements = new TreeMap<>();
            try (Connection c = DriverManager.getConnection(TestPostgres.server().jdbcUrl("postgres"), "postgres", "")) {
                try (var s = c.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                }
                for (Map.Entry<String, String> db : databaseOf.entrySet()) {
                    Map<String, Long> calls = new LinkedHashMap<>();
                    try (PreparedStatement q = c.prepareStatement("""
                            SELECT s.query, sum(s.calls) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                             WHERE d.datname = ? AND upper(s.query) NOT LIKE 'BEGIN%' AND upper(s.query) NOT LIKE 'COMMIT%'
                               AND upper(s.query) NOT LIKE 'ROLLBACK%' AND s.toplevel
                             GROUP BY s.query""")) {
                        q.setString(1, db.getValue());
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) calls.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    statements.put(db.getKey(), calls);
                }
            }
            Map<String, Long> calls = new TreeMap<>();
            for (Timer timer : backend.runtime().metrics().registry().find(Metrics.GRPC_SERVER_TIMER).timers()) {
                String service = timer.getId().getTag("service");
                String name = (service == null ? "" : service.substring(service.lastIndexOf('.') + 1)) + "/"
                        + timer.getId().getTag("method");
                calls.merge(name, timer.count(), Long::sum);
            }
            return new Counts(statements, calls);
        }

        Counts since(Counts before) {
            Map<String, Map<String, Long>> statements = new TreeMap<>();
            this.statements.forEach((service, now) -> {
                Map<String, Long> delta = new LinkedHashMap<>();
                Map<String, Long> then = before.statements.getOrDefault(service, Map.of());
                now.forEach((query, calls) -> {
                    long d = calls - then.getOrDefault(query, 0L);
                    if (d > 0) delta.put(query, d);
                });
                statements.put(service, delta);
            });
            Map<String, Long> calls = new TreeMap<>();
            this.calls.forEach((method, n) -> {
                long d = n - before.calls.getOrDefault(method, 0L);
                if (d > 0) calls.put(method, d);
            });
            return new Counts(statements, calls);
        }

        long roundTrips(String service) {
            return statements.getOrDefault(service, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        long roundTrips() {
            return SERVICES.stream().mapToLong(this::roundTrips).sum();
        }

        Map<String, Long> roundTripsByService() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String service : SERVICES) if (roundTrips(service) > 0) out.put(service, roundTrips(service));
            return out;
        }

        /** Calls one service made to another: every call served except the client's own (the first). */
        long hops() {
            return calls.values().stream().mapToLong(Long::longValue).sum() - 1;
        }

        void print(String what) {
            StringBuilder out = new StringBuilder("RoundTripsTest: " + what + ": " + roundTrips() + " round trips "
                    + roundTripsByService() + ", gRPC calls " + calls + "\n");
            statements.forEach((service, queries) -> {
                if (queries.isEmpty()) return;
                out.append(" ").append(service).append(": ").append(roundTrips(service)).append('\n');
                queries.forEach((query, n) -> {
                    String flat = query.replaceAll("\\s+", " ");
                    out.append("   ").append(n).append(" x ").append(flat, 0, Math.min(140, flat.length())).append('\n');
                });
            });
            System.out.print(out);
        }
    }

    @Test
    void theHolderReleasesAHoldInOneRoundTrip() throws Exception {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        fixture.hold(customer, showtime, "A2");   // warms caches and pools
        Booking hold = fixture.hold(customer, showtime, "D4", "D5");

        Counts before = Counts.now();
        Booking released = fixture.reservations(customer).releaseHold(
                marquee.reservations.v1.ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build());
        Counts release = Counts.now().since(before);

        release.print("release of that hold by its holder");
        assertThat(released.getStatus()).isEqualTo(marquee.reservations.v1.BookingStatus.BOOKING_RELEASED);
        assertThat(released.getLinesList()).extracting(l -> l.getSeatId()).containsExactly("D4", "D5");
        assertThat(release.roundTrips()).as("round trips per release (one call of release_hold)").isEqualTo(1L);
    }
}
