package marquee.kiosk.offline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import marquee.kiosk.cache.OfflineStore;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Allocations;
import marquee.kiosk.model.OfflineModel.Paid;
import marquee.kiosk.model.OfflineModel.Policy;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.pickup.Connectivity;

/**
 * Sells offline as fast as it can until killed, one seat per sale, printing {@code COMMITTED <code> <seat>}
 * after each returned {@link OfflineSelling#sell} (the moment the till would print):
 * {@code OfflineSaleWriterChild <cache file> <key file> <allocate: true|false>}.
 */
public final class OfflineSaleWriterChild {
    static final String ALLOCATION = "9d1e6f30-1111-4a2b-8c3d-4e5f60718293";
    static final String SHOWTIME = "0c5e1f0a-7d3b-4e8a-b2c4-9f6a1d2e3b4c";
    static final int SEATS = 3000;

    private OfflineSaleWriterChild() {}

    public static void main(String[] args) {
        try (TicketCache cache = TicketCache.open(Path.of(args[0]))) {
            OfflineStore store = new OfflineStore(cache);
            if (Boolean.parseBoolean(args[2])) {
                Instant start = Instant.now().plus(Duration.ofHours(3));
                List<AllocatedSeat> seats = new ArrayList<>();
                for (int n = 1; n <= SEATS; n++) seats.add(new AllocatedSeat("S" + n, "S", n, SeatCategory.STANDARD));
                store.saveAllocations(new Allocations(List.of(new Allocation(ALLOCATION, SHOWTIME, "cinema-1", "Dune", "Hall 2", start, seats,
                        new PriceList("EUR", Map.of(SeatCategory.STANDARD, Map.of(TicketType.ADULT, 1200L)), 0),
                        start.minus(Duration.ofMinutes(45)), start.minus(Duration.ofMinutes(30)))), new Policy(SEATS, false, 0, 30, 24, "EUR")));
                System.out.println("ALLOCATED");
                System.out.flush();
            }
            Connectivity connectivity = new Connectivity();
            connectivity.markOffline("no backend in this test");
            OfflineSelling selling = new OfflineSelling(null, store, TerminalKeys.loadOrCreate(Path.of(args[1])), "till-kill",
                    connectivity, Clock.systemUTC());
            while (true) {
                List<Allocation> open = selling.sellable();
                if (open.isEmpty()) break;
                String seat = open.get(0).seats().get(0).seatId();
                var sale = selling.sell(ALLOCATION, Map.of(seat, TicketType.ADULT), Paid.cash(2000), "staff-1", "shift-1");
                System.out.println("COMMITTED " + sale.bookingCode() + " " + seat);
                System.out.flush();
            }
            System.out.println("SOLD OUT");
            System.out.flush();
        }
    }

    static String unused() {
        return UUID.randomUUID().toString();
    }
}
