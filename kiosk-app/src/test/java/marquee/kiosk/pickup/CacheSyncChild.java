package marquee.kiosk.pickup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketSyncPage;
import marquee.kiosk.model.TicketType;

/**
 * Syncs an endless feed into a cache file until killed, printing {@code COMMITTED <cursor>} after
 * every committed page: {@code CacheSyncChild <db file>}. The feed is a pure function of the
 * cursor (ticket {@code t<n>} is change n; every tenth change also revokes an earlier ticket), so
 * the parent knows exactly what a cursor implies.
 */
public final class CacheSyncChild {
    static final int PAGE = 250;

    private CacheSyncChild() {}

    public static void main(String[] args) {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        try (TicketCache cache = TicketCache.open(Path.of(args[0]))) {
            cache.sync("cinema-1", (cinema, cursor, limit) -> page(cursor, tomorrow), (cursor, changes) -> {
                System.out.println("COMMITTED " + cursor);
                System.out.flush();
            });
        }
    }

    static TicketSyncPage page(String cursor, Instant startsAt) {
        long from = cursor.isEmpty() ? 0 : Long.parseLong(cursor);
        List<TicketRecord> tickets = new ArrayList<>();
        for (long n = from; n < from + PAGE; n++) {
            tickets.add(ticket(n, TicketState.VALID, startsAt));
            if (n % 10 == 9) tickets.add(ticket(n - 5, TicketState.REVOKED, startsAt));
        }
        return new TicketSyncPage(tickets, Long.toString(from + PAGE), true);
    }

    static TicketRecord ticket(long n, TicketState state, Instant startsAt) {
        String code = "K" + (n / 4);
        return new TicketRecord(new TicketInfo("t" + n, code, "S" + n, "R" + (n % 20), (int) (n % 30) + 1, SeatCategory.STANDARD,
                TicketType.ADULT, new Money(1050, "EUR"), state == TicketState.REVOKED ? "" : "MQ1.durability-" + n,
                "Durability", "Hall 1", startsAt), "b" + (n / 4), "cinema-1", "s1", state, startsAt, null, 0);
    }
}
