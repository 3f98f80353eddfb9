package marquee.kiosk.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.TicketState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a sync, three times over: the file opens, is sound, and holds every committed page. */
class CacheDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aKilledSyncLosesNothingCommittedAndCorruptsNothing() throws Exception {
        Path file = dir.resolve("kiosk-cache.db");
        long lastCommitted = 0;
        for (int round = 0; round < 3; round++) {
            ChildJvm child = ChildJvm.start(CacheSyncChild.class, dir.resolve("child-" + round + ".log"), file.toString());
            try {
                int commits = 20 + ThreadLocalRandom.current().nextInt(20);
                for (int i = 0; i < commits; i++) {
                    String line = child.awaitLine(l -> l.startsWith("COMMITTED "), Duration.ofMinutes(2));
                    lastCommitted = Long.parseLong(line.substring("COMMITTED ".length()));
                }
                // A random moment inside the next page's transaction (a page takes a few milliseconds).
                Thread.sleep(ThreadLocalRandom.current().nextInt(5));
            } finally {
                child.kill();
            }
            while (!child.lines().isEmpty()) {
                String line = child.lines().poll();
                if (line != null && line.startsWith("COMMITTED ")) lastCommitted = Long.parseLong(line.substring(10));
            }

            try (TicketCache cache = TicketCache.open(file)) {
                assertThat(cache.integrityCheck()).isEqualTo("ok");
                long cursor = Long.parseLong(cache.cursor("cinema-1").orElseThrow());
                assertThat(cursor).as("round %d: the stored cursor covers every printed commit", round).isGreaterThanOrEqualTo(lastCommitted);
                // Rows and cursor were committed together: exactly the tickets 0..cursor-1, no more, no fewer.
                assertThat(cache.ticketCount()).isEqualTo(cursor);
                for (long n : new long[] {0, lastCommitted / 2, lastCommitted - 1, cursor - 1}) {
                    assertThat(cache.ticketsByCode("K" + (n / 4))).extracting(r -> r.ticket().id()).contains("t" + n);
                }
                // Every revocation inside the cursor is there, and left no code behind.
                long revokedExpected = cursor / 10;
                assertThat(countRevoked(file)).isEqualTo(revokedExpected);
                assertThat(cache.ticketsByCode("K" + (4 / 4))).filteredOn(r -> r.ticket().id().equals("t4"))
                        .allSatisfy(r -> assertThat(r.state()).isEqualTo(TicketState.REVOKED));
            }
        }
    }

    private static long countRevoked(Path file) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); var s = db.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM ticket WHERE state = 'REVOKED' AND qr_payload = ''")) {
            return rs.getLong(1);
        }
    }
}
