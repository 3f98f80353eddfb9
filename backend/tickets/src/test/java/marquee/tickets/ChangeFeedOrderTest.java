package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.ReprintTicketsRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketSyncPage;
import marquee.tickets.v1.VerifyTicketRequest;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline copies' feed (ListTicketsForSync) never skips a change although writers no longer
 * take the cinema's lock (V10): changes whose numbers were drawn earlier commit later, and the
 * feed still brings every one. The same runs read a naive feed beside it — "change_seq after the
 * last one seen", what the feed was without the lock — which does skip them.
 *
 * <p>Commits are put out of order inside PostgreSQL by test-only triggers on the ticket table
 * (after a change's number is drawn): a gate that holds chosen bookings' transactions open, and a
 * random delay of 0–15 ms for the cinema of the concurrent run. Real threads, real gRPC calls,
 * the real tickets service on a real PostgreSQL.
 */
class ChangeFeedOrderTest {
    private static final long GATE = 4_242_424L;
    private final Fixture fixture = Fixture.shared();

    @BeforeAll
    static void installTriggers() throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public.feed_test_gate (booking_id uuid PRIMARY KEY)");
            s.execute("CREATE TABLE IF NOT EXISTS public.feed_test_jitter (cinema_id uuid PRIMARY KEY)");
            s.execute("""
                    CREATE OR REPLACE FUNCTION public.feed_test_delay() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
                    BEGIN
                        IF EXISTS (SELECT 1 FROM public.feed_test_gate g WHERE g.booking_id = NEW.booking_id) THEN
                            PERFORM pg_advisory_xact_lock_shared(%d);
                        END IF;
                        IF EXISTS (SELECT 1 FROM public.feed_test_jitter j WHERE j.cinema_id = NEW.cinema_id) THEN
                            PERFORM pg_sleep(random() * 0.015);
                        END IF;
                        RETURN NULL;
                    END $$""".formatted(GATE));
            s.execute("DROP TRIGGER IF EXISTS feed_test_delay ON tickets.ticket");
            s.execute("CREATE TRIGGER feed_test_delay AFTER INSERT OR UPDATE ON tickets.ticket FOR EACH ROW"
                    + " EXECUTE FUNCTION public.feed_test_delay()");
        }
    }

    @AfterAll
    static void dropTriggers() throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS feed_test_delay ON tickets.ticket");
        }
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(Fixture.shared().backend.jdbcUrl(), "postgres", "");
    }

    /** What an offline copy holds: each ticket's latest state as the feed brought it. */
    private static final class Replica {
        final Map<String, String> state = new HashMap<>();
        String cursor = "";
        long naiveCursor;
    }

    private static String state(String status, int reprints) {
        return status + "/" + reprints;
    }

    /** Reads the real feed to its current end (pages of 7). */
    private void drain(String cinema, Replica replica) {
        while (true) {
            TicketSyncPage page = fixture.tickets(fixture.kiosk(cinema)).listTicketsForSync(ListTicketsForSyncRequest.newBuilder()
                    .setCinemaId(cinema).setCursor(replica.cursor).setLimit(7).build());
            for (Ticket t : page.getTicketsList()) {
                replica.state.put(t.getId(), state(t.getStatus().name().replace("TICKET_", ""), t.getReprintCount()));
            }
            replica.cursor = page.getNextCursor();
            if (!page.getHasMore()) return;
        }
    }

    /** The feed as it was without the cinema's lock and without the transaction stamps: change_seq after the cursor. */
    private static void drainNaive(Connection c, String cinema, Replica replica) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, status, reprint_count, change_seq FROM tickets.ticket"
                + " WHERE cinema_id = ?::uuid AND change_seq > ? ORDER BY change_seq")) {
            q.setString(1, cinema);
            q.setLong(2, replica.naiveCursor);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    replica.state.put(rs.getString(1), state(rs.getString(2), rs.getInt(3)));
                    replica.naiveCursor = rs.getLong(4);
                }
            }
        }
    }

    private Map<String, String> table(String cinema) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = superuser(); PreparedStatement q = c.prepareStatement(
                "SELECT id, status, reprint_count FROM tickets.ticket WHERE cinema_id = ?::uuid")) {
            q.setString(1, cinema);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) rows.put(rs.getString(1), state(rs.getString(2), rs.getInt(3)));
            }
        }
        return rows;
    }

    private static boolean waiting(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND NOT granted AND objid = " + GATE)) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Test
    void anIssueCommittingAfterALaterNumberIsNotSkipped() throws Exception {
        String cinema = Fixture.newCinema();
        Booking late = fixture.booking(cinema, BOOKING_CONFIRMED, "A1", "A2");
        Booking early = fixture.booking(cinema, BOOKING_CONFIRMED, "B1");
        Replica real = new Replica();
        Replica naive = new Replica();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection gate = superuser(); Connection reader = superuser()) {
            try (Statement s = gate.createStatement()) {
                s.execute("INSERT INTO public.feed_test_gate VALUES ('" + late.getId() + "')");
                s.execute("SELECT pg_advisory_lock(" + GATE + ")");
            }
            // The late booking's issue draws its numbers, then waits at the gate before committing.
            Future<?> lateIssue = pool.submit(() -> fixture.issue(late));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!waiting(gate)) {
                assertThat(System.nanoTime()).as("the late issue reaches the gate").isLessThan(deadline);
                Thread.sleep(10);
            }
            fixture.issue(early); // draws a larger number and commits first
            drain(cinema, real);
            drainNaive(reader, cinema, naive);
            assertThat(naive.state).hasSize(1);            // the naive feed moved past the late numbers
            assertThat(real.state).isEmpty();              // the real one waits for the open transaction

            try (Statement s = gate.createStatement()) {
                s.execute("SELECT pg_advisory_unlock(" + GATE + ")");
            }
            lateIssue.get(20, TimeUnit.SECONDS);
            drain(cinema, real);
            drainNaive(reader, cinema, naive);
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> truth = table(cinema);
        assertThat(truth).hasSize(3);
        assertThat(real.state).isEqualTo(truth);
        assertThat(naive.state).as("the naive feed skips the late issue").hasSize(1);
    }

    @Test
    void concurrentIssuesRevokesReprintsAndCheckInsCommittingOutOfOrderAreNeverSkipped() throws Exception {
        String cinema = Fixture.newCinema();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO public.feed_test_jitter VALUES ('" + cinema + "')");
        }
        int writers = 4;
        int opsEach = 30;
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.backend.tokens().token(Role.CASHIER, cashierId, cinema);
        String managerId = UUID.randomUUID().toString();
        Map<String, Booking> bookings = new ConcurrentHashMap<>();
        Map<String, List<Ticket>> issued = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger seats = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Replica real = new Replica();
        Replica naive = new Replica();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                work.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < opsEach; i++) {
                        List<String> ids = new ArrayList<>(issued.keySet());
                        int op = ids.size() < 4 ? 0 : random.nextInt(4);
                        String pick = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
                        switch (op) {
                            case 0 -> {
                                int n = seats.incrementAndGet();
                                Booking b = fixture.booking(cinema, BOOKING_CONFIRMED, "C" + (2 * n), "C" + (2 * n + 1));
                                bookings.put(b.getId(), b);
                                issued.put(b.getId(), fixture.issue(b).getTicketsList());
                            }
                            case 1 -> fixture.tickets(fixture.service()).revokeTickets(RevokeTicketsRequest.newBuilder()
                                    .setBookingId(pick).setReason("refunded").build());
                            case 2 -> {
                                try {
                                    String code = bookings.get(pick).getCode();
                                    fixture.tickets(cashier).reprintTickets(ReprintTicketsRequest.newBuilder().setBookingCode(code)
                                            .setReason("printer jammed").setIdempotencyKey("r-" + UUID.randomUUID())
                                            .setApprovalToken(fixture.backend.tokens().approval(managerId, cinema, "REPRINT", code,
                                                    cashierId, Duration.ofMinutes(2))).build());
                                } catch (io.grpc.StatusRuntimeException revoked) {
                                    // a revoked booking is never reprinted: no change
                                }
                            }
                            default -> fixture.tickets(fixture.cashier(cinema)).checkIn(VerifyTicketRequest.newBuilder()
                                    .setQrPayload(issued.get(pick).get(0).getQrPayload()).build());
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            Future<?> readers = pool.submit(() -> {
                try (Connection reader = superuser()) {
                    while (writing.get()) {
                        drain(cinema, real);
                        drainNaive(reader, cinema, naive);
                    }
                }
                return null;
            });
            for (Future<?> w : work) w.get(180, TimeUnit.SECONDS);
            writing.set(false);
            readers.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // Every writer has committed; the feed may still hold changes back while some older
        // transaction of the database is open, so read until it has caught up (or time out).
        Map<String, String> truth = table(cinema);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            drain(cinema, real);
        } while (!real.state.equals(truth) && System.nanoTime() < deadline);
        try (Connection reader = superuser()) {
            drainNaive(reader, cinema, naive);
        }
        long naiveMissed = truth.entrySet().stream().filter(e -> !e.getValue().equals(naive.state.get(e.getKey()))).count();
        System.out.printf("FEED %d operations, %d tickets; real feed missed 0; naive feed missed %d%n",
                done.get(), truth.size(), naiveMissed);
        assertThat(truth).hasSizeGreaterThan(8);
        assertThat(real.state).isEqualTo(truth);
        // The naive feed usually skips a few here (2 of 82 tickets in one run); that it must skip is
        // proven deterministically by anIssueCommittingAfterALaterNumberIsNotSkipped.
    }
}
