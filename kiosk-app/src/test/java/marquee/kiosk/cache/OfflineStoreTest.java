package marquee.kiosk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Allocations;
import marquee.kiosk.model.OfflineModel.Outcome;
import marquee.kiosk.model.OfflineModel.Paid;
import marquee.kiosk.model.OfflineModel.Policy;
import marquee.kiosk.model.OfflineModel.Receipt;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.OfflineModel.SoldTicket;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline sales journal and allocations in the offline copy (schema 3), on real SQLite files. */
class OfflineStoreTest {
    static final String SHOWTIME = "0c5e1f0a-7d3b-4e8a-b2c4-9f6a1d2e3b4c";
    static final Instant START = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    static Allocation allocation(String id, int seats) {
        List<AllocatedSeat> list = new java.util.ArrayList<>();
        for (int n = 1; n <= seats; n++) list.add(new AllocatedSeat("H" + n, "H", n, SeatCategory.STANDARD));
        return new Allocation(id, SHOWTIME, "cinema-1", "Dune", "Hall 2", START, list,
                new PriceList("EUR", Map.of(SeatCategory.STANDARD, Map.of(TicketType.ADULT, 1200L, TicketType.CHILD, 800L)), 100),
                START.minus(Duration.ofMinutes(45)), START.minus(Duration.ofMinutes(30)));
    }

    static Sale sale(String id, String allocationId, String code, String... seats) {
        List<SoldTicket> tickets = java.util.Arrays.stream(seats).map(seat -> new SoldTicket("t-" + id + "-" + seat, seat, "H",
                Integer.parseInt(seat.substring(1)), SeatCategory.STANDARD, TicketType.ADULT, new Money(1200, "EUR"), "MQ2.x." + seat)).toList();
        long total = 100 + 1200L * seats.length;
        return new Sale(id, allocationId, SHOWTIME, "Dune", "Hall 2", START, code, tickets, new Money(100, "EUR"), new Money(total, "EUR"),
                Paid.cash(total + 500), Instant.now().truncatedTo(ChronoUnit.MILLIS), "staff-1", "shift-1");
    }

    @Test
    void aVersion2CopyIsMigratedWithItsTicketsAndPrintsKept() throws Exception {
        Path file = dir.resolve("till.sqlite");
        // A copy as the previous app version left it: schema 2, one ticket, one offline print not uploaded yet.
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var s = db.createStatement()) {
            for (int v = 0; v < 2; v++) {
                for (String statement : TicketCache.migrations().get(v).split(";")) if (!statement.isBlank()) s.execute(statement);
            }
            s.execute("PRAGMA user_version = 2");
            s.execute("""
                    INSERT INTO ticket (id, booking_id, booking_code, cinema_id, showtime_id, film_title, hall_name, seat_id, seat_row,
                        seat_number, category, ticket_type, price_minor, currency, starts_at, qr_payload, state, updated_at)
                    VALUES ('t1', 'b1', 'OLD123', 'cinema-1', 's1', 'Dune', 'Hall 2', 'F1', 'F', 1, 'STANDARD', 'ADULT', 1200, 'EUR',
                        %d, 'MQ1.abc', 'VALID', 0)""".formatted(START.toEpochMilli()));
            s.execute("INSERT INTO print_log (id, booking_code, printed_at, duplicate, uploaded) VALUES ('p1', 'OLD123', 0, 0, 0)");
        }
        try (TicketCache cache = TicketCache.open(file)) {
            assertThat(cache.pragma("user_version")).isEqualTo("3");
            assertThat(cache.ticketsByCode("OLD123")).hasSize(1);
            assertThat(cache.pendingPrints()).extracting(TicketCache.PendingPrint::id).containsExactly("p1");
            OfflineStore store = new OfflineStore(cache);
            assertThat(store.allocations()).isEmpty();
            assertThat(store.policy()).isEqualTo(Policy.OFF);
            assertThat(store.stats().unsynced()).isZero();
            store.saveAllocations(new Allocations(List.of(allocation("a1", 4)), new Policy(4, false, 5000, 30, 24, "EUR")));
            store.journal(sale("s1", "a1", "ACDEFG34", "H1", "H2"));
        }
        // And the migrated file keeps what it was given, like a new one.
        try (TicketCache cache = TicketCache.open(file)) {
            OfflineStore store = new OfflineStore(cache);
            assertThat(store.unsynced(10)).extracting(Sale::bookingCode).containsExactly("ACDEFG34");
            assertThat(store.allocations()).singleElement().satisfies(a -> assertThat(a.seats()).extracting(AllocatedSeat::seatId)
                    .containsExactly("H3", "H4"));
            assertThat(store.policy().cardFloorLimitMinor()).isEqualTo(5000);
            assertThat(cache.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aSeatIsSoldOnceAndLeavesTheAllocationInTheSameCommit() {
        try (TicketCache cache = TicketCache.open(dir.resolve("till.sqlite"))) {
            OfflineStore store = new OfflineStore(cache);
            store.saveAllocations(new Allocations(List.of(allocation("a1", 4)), new Policy(4, false, 0, 30, 24, "EUR")));
            Sale first = sale("s1", "a1", "ACDEFG34", "H1", "H2");
            store.journal(first);
            assertThat(store.allocations().get(0).seats()).extracting(AllocatedSeat::seatId).containsExactly("H3", "H4");

            // The same seat again (a second sale at this till): refused, and nothing of it written.
            assertThatThrownBy(() -> store.journal(sale("s2", "a1", "ACDEFG39", "H3", "H2"))).isInstanceOf(OfflineStore.SeatGoneException.class);
            assertThat(store.allocations().get(0).seats()).extracting(AllocatedSeat::seatId).containsExactly("H3", "H4");
            assertThat(store.unsynced(10)).extracting(Sale::saleId).containsExactly("s1");

            // The backend lists the allocation again with the sold seats (before the upload): they stay sold here.
            store.saveAllocations(new Allocations(List.of(allocation("a1", 4)), new Policy(4, false, 0, 30, 24, "EUR")));
            assertThat(store.allocations().get(0).seats()).extracting(AllocatedSeat::seatId).containsExactly("H3", "H4");

            // An allocation past sell_until sells nothing.
            Allocation closed = new Allocation("a2", "other-show", "cinema-1", "Dune", "Hall 2", Instant.now(), List.of(
                    new AllocatedSeat("A1", "A", 1, SeatCategory.STANDARD)), allocation("x", 0).prices(), Instant.now().minusSeconds(1),
                    Instant.now());
            store.saveAllocations(new Allocations(List.of(allocation("a1", 4), closed), new Policy(4, false, 0, 30, 24, "EUR")));
            Sale late = new Sale("s3", "a2", "other-show", "Dune", "Hall 2", Instant.now(), "ACDEFG77", List.of(new SoldTicket("t3", "A1",
                    "A", 1, SeatCategory.STANDARD, TicketType.ADULT, new Money(1200, "EUR"), "MQ2.x")), new Money(100, "EUR"),
                    new Money(1300, "EUR"), Paid.cash(1300), Instant.now(), "staff-1", "shift-1");
            assertThatThrownBy(() -> store.journal(late)).isInstanceOf(OfflineStore.SeatGoneException.class);

            var stats = store.stats();
            assertThat(stats.unsynced()).isEqualTo(1);
            assertThat(stats.oldestUnsynced()).isEqualTo(first.soldAt());
            assertThat(stats.allocatedSeats()).isEqualTo(3);
            assertThat(stats.lastSync()).isNull();
        }
    }

    @Test
    void receiptsMarkSalesSyncedAndConflictsWaitForAManager() {
        try (TicketCache cache = TicketCache.open(dir.resolve("till.sqlite"))) {
            OfflineStore store = new OfflineStore(cache);
            store.saveAllocations(new Allocations(List.of(allocation("a1", 4)), new Policy(4, false, 0, 30, 24, "EUR")));
            store.journal(sale("s1", "a1", "ACDEFG34", "H1"));
            store.journal(sale("s2", "a1", "ACDEFG39", "H2"));
            store.markSynced(List.of(new Receipt("s1", Outcome.RECORDED, "b1", "p1", ""),
                    new Receipt("s2", Outcome.CONFLICT, "b2", "p2", "seat H2 was sold online")));
            assertThat(store.unsynced(10)).isEmpty();
            assertThat(store.stats().lastSync()).isNotNull();
            assertThat(store.stats().needingManager()).isEqualTo(1);
            assertThat(store.needingManager()).singleElement().satisfies(j -> {
                assertThat(j.sale().bookingCode()).isEqualTo("ACDEFG39");
                assertThat(j.receipt().outcome()).isEqualTo(Outcome.CONFLICT);
            });
            // A retried upload's receipts change nothing.
            store.markSynced(List.of(new Receipt("s1", Outcome.ALREADY_RECORDED, "b1", "p1", "")));
            assertThat(store.journal(10)).filteredOn(j -> j.sale().saleId().equals("s1"))
                    .singleElement().satisfies(j -> assertThat(j.receipt().outcome()).isEqualTo(Outcome.RECORDED));
            store.acknowledge("s2");
            assertThat(store.needingManager()).isEmpty();

            // A REJECTED sale (nothing recorded by the backend) can be sent again by a manager; a recorded one cannot.
            store.journal(sale("s3", "a1", "ACDEFG44", "H3"));
            store.markSynced(List.of(new Receipt("s3", Outcome.REJECTED, "", "", "payment not recorded")));
            assertThat(store.uploadAgain("s1")).isFalse();
            assertThat(store.uploadAgain("s3")).isTrue();
            assertThat(store.unsynced(10)).extracting(Sale::saleId).containsExactly("s3");
            assertThat(store.needingManager()).isEmpty();
        }
    }
}
