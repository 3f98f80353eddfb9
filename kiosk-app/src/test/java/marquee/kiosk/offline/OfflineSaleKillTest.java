package marquee.kiosk.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import marquee.kiosk.cache.OfflineStore;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.pickup.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a till in the middle of offline selling, three times over: every sale it reported
 * journaled (the moment it would print) is in the journal after the restart, whole, with its seat
 * gone from the allocation; no seat is in two sales and no seat is both sold and still set aside.
 */
class OfflineSaleKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledTillLosesNoJournaledSaleAndSellsNoSeatTwice() throws Exception {
        Path cacheFile = dir.resolve("till.sqlite");
        Path keyFile = dir.resolve("till.key");
        Map<String, String> reported = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            ChildJvm child = ChildJvm.start(OfflineSaleWriterChild.class, dir.resolve("child-" + round + ".log"), cacheFile.toString(),
                    keyFile.toString(), Boolean.toString(round == 0));
            try {
                int commits = 20 + ThreadLocalRandom.current().nextInt(30);
                long first = 0;
                for (int i = 0; i < commits; i++) {
                    String line = child.awaitLine(l -> l.startsWith("COMMITTED "), Duration.ofMinutes(2));
                    if (i == 0) first = System.nanoTime();
                    String[] parts = line.split(" ");
                    reported.put(parts[1], parts[2]);
                }
                System.out.printf("OFFLINE SALE JOURNAL round %d: %d sales in %.0f ms (%.2f ms each: sign, journal, synchronous=FULL commit)%n",
                        round, commits - 1, (System.nanoTime() - first) / 1e6, (System.nanoTime() - first) / 1e6 / (commits - 1));
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } finally {
                child.kill();
            }
            String line;
            while ((line = child.lines().poll()) != null) {
                if (line.startsWith("COMMITTED ")) reported.put(line.split(" ")[1], line.split(" ")[2]);
            }

            try (TicketCache cache = TicketCache.open(cacheFile)) {
                assertThat(cache.integrityCheck()).isEqualTo("ok");
                OfflineStore store = new OfflineStore(cache);
                Map<String, Sale> journaled = new HashMap<>();
                store.unsynced(1_000_000).forEach(s -> journaled.put(s.bookingCode(), s));
                assertThat(journaled.keySet()).as("round %d: every sale reported before the kill", round).containsAll(reported.keySet());
                reported.forEach((code, seat) -> assertThat(journaled.get(code).tickets()).singleElement()
                        .satisfies(t -> assertThat(t.seatId()).isEqualTo(seat)));
                Set<String> sold = new HashSet<>();
                for (Sale s : journaled.values()) {
                    s.tickets().forEach(t -> assertThat(sold.add(t.seatId())).as("seat %s sold once", t.seatId()).isTrue());
                }
                Set<String> stillAside = new HashSet<>();
                store.allocations().forEach(a -> a.seats().stream().map(AllocatedSeat::seatId).forEach(stillAside::add));
                assertThat(stillAside).doesNotContainAnyElementsOf(sold);
                assertThat(stillAside.size() + sold.size()).isEqualTo(OfflineSaleWriterChild.SEATS);
            }
        }
        assertThat(reported).hasSizeGreaterThanOrEqualTo(60);
    }
}
