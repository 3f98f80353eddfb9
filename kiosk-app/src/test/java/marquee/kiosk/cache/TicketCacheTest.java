package marquee.kiosk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.HoldStatus;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.SalesRules;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatInfo;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.SeatRow;
import marquee.kiosk.model.SeatStatus;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketSyncPage;
import marquee.kiosk.model.TicketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache on a real SQLite file; pages come from a scripted feed (the real backend feed is in the pickup tests). */
class TicketCacheTest {
    static final String CINEMA = "c0ffee00-0000-0000-0000-000000000001";
    @TempDir
    Path dir;

    static TicketRecord ticket(String id, String code, int seat, TicketState state, Instant startsAt) {
        return new TicketRecord(new TicketInfo(id, code, "F" + seat, "F", seat, SeatCategory.STANDARD, TicketType.ADULT,
                new Money(1050, "EUR"), state == TicketState.REVOKED ? "" : "MQ1.payload-" + id, "Dune", "Hall 2", startsAt),
                "booking-" + code, CINEMA, "showtime-1", state, Instant.now(), null, 0);
    }

    /** Serves the given changes in pages from cursor positions, like ListTicketsForSync. */
    static TicketCache.SyncSource feed(List<TicketRecord> changes) {
        return (cinema, cursor, limit) -> {
            int from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
            int to = Math.min(changes.size(), from + limit);
            return new TicketSyncPage(changes.subList(from, to), Integer.toString(to), to < changes.size());
        };
    }

    @Test
    void opensInWalWithForeignKeysAndAVersionedSchema() throws Exception {
        try (TicketCache cache = TicketCache.open(dir.resolve("kiosk-cache.db"))) {
            assertThat(cache.pragma("journal_mode")).isEqualTo("wal");
            assertThat(cache.pragma("foreign_keys")).isEqualTo("1");
            assertThat(cache.pragma("synchronous")).isEqualTo("2"); // FULL: the file holds the offline sales journal (schema 3)
            assertThat(cache.pragma("user_version")).isEqualTo("3");
        }
        // Opening again migrates nothing and keeps the version.
        try (TicketCache cache = TicketCache.open(dir.resolve("kiosk-cache.db"))) {
            assertThat(cache.pragma("user_version")).isEqualTo("3");
            assertThat(cache.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void syncStoresPagesAndContinuesFromItsCursor() {
        Instant tonight = Instant.now().plus(Duration.ofHours(3));
        List<TicketRecord> changes = new ArrayList<>();
        for (int i = 0; i < 1_203; i++) changes.add(ticket("t" + i, "B" + (i / 3), i % 3 + 1, TicketState.VALID, tonight));
        try (TicketCache cache = TicketCache.open(dir.resolve("c.db"))) {
            TicketCache.SyncResult first = cache.sync(CINEMA, feed(changes));
            assertThat(first.pages()).isEqualTo(3);
            assertThat(first.changes()).isEqualTo(1_203);
            assertThat(first.cursor()).isEqualTo("1203");
            assertThat(cache.ticketCount()).isEqualTo(1_203);
            assertThat(cache.lastSyncedAt()).isPresent();

            changes.add(ticket("t1203", "NEW1", 1, TicketState.VALID, tonight));
            TicketCache.SyncResult second = cache.sync(CINEMA, feed(changes));
            assertThat(second.changes()).isEqualTo(1);
            assertThat(cache.ticketsByCode("new1")).extracting(r -> r.ticket().id()).containsExactly("t1203");
            assertThat(cache.ticketsByCode("B7")).extracting(r -> r.ticket().number()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aRevocationIsFinalAndLeavesNothingToPrint() {
        Instant tonight = Instant.now().plus(Duration.ofHours(3));
        List<TicketRecord> changes = new ArrayList<>(List.of(ticket("a", "REF1", 1, TicketState.VALID, tonight),
                ticket("b", "REF1", 2, TicketState.VALID, tonight)));
        try (TicketCache cache = TicketCache.open(dir.resolve("c.db"))) {
            cache.sync(CINEMA, feed(changes));
            changes.add(ticket("a", "REF1", 1, TicketState.REVOKED, tonight));
            changes.add(ticket("b", "REF1", 2, TicketState.REVOKED, tonight));
            assertThat(cache.sync(CINEMA, feed(changes)).revoked()).isEqualTo(2);
            assertThat(cache.ticketsByCode("REF1")).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(TicketState.REVOKED);
                assertThat(r.ticket().qrPayload()).isEmpty();
            });
            // A late copy of the valid ticket (an online pickup answered before the refund) does not bring it back.
            cache.storeTickets(List.of(ticket("a", "REF1", 1, TicketState.VALID, tonight)));
            assertThat(cache.ticketsByCode("REF1")).allSatisfy(r -> assertThat(r.state()).isEqualTo(TicketState.REVOKED));
        }
    }

    @Test
    void printsMadeOfflineAreRememberedCountedAndListedUntilTheBackendKnows() {
        Instant tonight = Instant.now().plus(Duration.ofHours(3));
        try (TicketCache cache = TicketCache.open(dir.resolve("c.db"))) {
            cache.storeTickets(List.of(ticket("a", "PRT1", 1, TicketState.VALID, tonight), ticket("b", "PRT1", 2, TicketState.VALID, tonight)));
            assertThat(cache.printedBefore("prt1")).as("never printed").isFalse();

            cache.recordPrint("p1", "PRT1", false, false);
            assertThat(cache.printedBefore("PRT1")).isTrue();
            assertThat(cache.ticketsByCode("PRT1")).extracting(TicketRecord::reprintCount).containsOnly(0);
            cache.recordPrint("p2", "PRT1", true, false);
            cache.recordPrint("p2", "PRT1", true, false); // the same print twice counts once
            assertThat(cache.ticketsByCode("PRT1")).extracting(TicketRecord::reprintCount).containsOnly(1);
            assertThat(cache.pendingPrints()).extracting(TicketCache.PendingPrint::id).containsExactly("p1", "p2");

            cache.printUploaded("p1");
            assertThat(cache.pendingPrints()).extracting(TicketCache.PendingPrint::id).containsExactly("p2");
            // An online print is known to the backend already: remembered, not pending.
            cache.recordPrint("p3", "OTHER", false, true);
            assertThat(cache.printedBefore("OTHER")).isTrue();
            assertThat(cache.pendingPrints()).hasSize(1);
        }
    }

    @Test
    void theDatabaseItselfRefusesARevokedTicketWithACode() throws Exception {
        Path file = dir.resolve("c.db");
        TicketCache.open(file).close();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var s = db.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("""
                    INSERT INTO ticket (id, booking_id, booking_code, cinema_id, showtime_id, film_title, hall_name, seat_id,
                      seat_row, seat_number, category, ticket_type, price_minor, currency, starts_at, qr_payload, state, updated_at)
                    VALUES ('x', 'b', 'C', 'c', 's', 'f', 'h', 'A1', 'A', 1, 'STANDARD', 'ADULT', 1, 'EUR', 0, 'MQ1.x', 'REVOKED', 0)"""))
                    .hasMessageContaining("CHECK");
        }
    }

    @Test
    void showtimesLongPastAreNotKept() {
        Instant lastWeek = Instant.now().minus(Duration.ofDays(7));
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        try (TicketCache cache = TicketCache.open(dir.resolve("c.db"))) {
            var result = cache.sync(CINEMA, feed(List.of(ticket("old", "OLD", 1, TicketState.VALID, lastWeek),
                    ticket("new", "NEW", 1, TicketState.VALID, tomorrow))));
            assertThat(result.stored()).isEqualTo(1);
            assertThat(cache.ticketsByCode("OLD")).isEmpty();
            assertThat(cache.ticketsByCode("NEW")).hasSize(1);
        }
    }

    @Test
    void programmeRoundTripsWithSeatLayouts() {
        Instant at = Instant.parse("2026-11-25T19:30:00Z");
        SeatMap map = new SeatMap("s1", "Hall 2", 10, 6,
                List.of(new SeatRow("A", 0, List.of(new SeatInfo("A1", "A", 1, 0, 1, SeatCategory.WHEELCHAIR, false, ""),
                        new SeatInfo("A2", "A", 2, 1, 1, SeatCategory.COMPANION, false, "")))),
                Map.of("A1", SeatStatus.SOLD), 42, new SalesRules(10, true),
                new PriceList("EUR", Map.of(SeatCategory.STANDARD, Map.of(TicketType.ADULT, 1050L, TicketType.CHILD, 750L)), 100));
        Programme programme = new Programme(new CinemaInfo("c1", "Riverside", "Europe/Berlin"),
                List.of(new FilmInfo("f1", "Dune", 166, "12", List.of("Sci-Fi"), "")),
                List.of(new ShowtimeInfo("s1", "Dune", "Hall 2", at, "2D")), Map.of("s1", map), at);
        try (TicketCache cache = TicketCache.open(dir.resolve("c.db"))) {
            assertThat(cache.loadProgramme()).isEmpty();
            cache.saveProgramme(programme);
        }
        try (TicketCache cache = TicketCache.open(dir.resolve("c.db"))) {
            assertThat(cache.loadProgramme()).contains(programme);
        }
    }

    @Test
    void ownSalesAreKeptWithTheirTicketsAndNoCardData() throws Exception {
        Instant tonight = Instant.now().plus(Duration.ofHours(3));
        TicketInfo seat = ticket("own1", "OWN1", 4, TicketState.VALID, tonight).ticket();
        Hold booking = new Hold("booking-own", "own1", "showtime-1", HoldStatus.CONFIRMED,
                List.of(new HoldLine("F4", "F", 4, SeatCategory.STANDARD, TicketType.ADULT, new Money(1050, "EUR"))),
                new Money(100, "EUR"), new Money(1150, "EUR"), tonight);
        Path file = dir.resolve("c.db");
        try (TicketCache cache = TicketCache.open(file)) {
            cache.recordSale(CINEMA, booking, List.of(seat), OwnSale.PaymentMethod.CARD);
            assertThat(cache.ownSales()).singleElement().satisfies(sale -> {
                assertThat(sale.bookingCode()).isEqualTo("OWN1");
                assertThat(sale.total()).isEqualTo(new Money(1150, "EUR"));
                assertThat(sale.paymentMethod()).isEqualTo(OwnSale.PaymentMethod.CARD);
            });
            assertThat(cache.ticketsByCode("OWN1")).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(TicketState.VALID));
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var s = db.createStatement();
             var columns = s.executeQuery("SELECT c.name FROM pragma_table_list t, pragma_table_info(t.name) c WHERE t.schema = 'main'")) {
            List<String> names = new ArrayList<>();
            while (columns.next()) names.add(columns.getString(1).toLowerCase());
            assertThat(names).isNotEmpty().noneMatch(n -> n.contains("card") || n.contains("pan") || n.contains("cvc"));
        }
    }
}
