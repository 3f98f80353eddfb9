package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import marquee.kiosk.pickup.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a door in the middle of journaling, three times over: every scan it reported committed is there. */
class JournalKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledDoorLosesNoCommittedScanAndStillAdmitsEachTicketOnce() throws Exception {
        Path file = dir.resolve("door-journal.sqlite");
        long next = 0;
        for (int round = 0; round < 3; round++) {
            ChildJvm child = ChildJvm.start(JournalWriterChild.class, dir.resolve("child-" + round + ".log"), file.toString(),
                    Long.toString(next));
            long lastCommitted = -1;
            try {
                int commits = 30 + ThreadLocalRandom.current().nextInt(30);
                for (int i = 0; i < commits; i++) {
                    String line = child.awaitLine(l -> l.startsWith("COMMITTED "), Duration.ofMinutes(2));
                    lastCommitted = Long.parseLong(line.substring("COMMITTED ".length()));
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } finally {
                child.kill();
            }
            while (!child.lines().isEmpty()) {
                String line = child.lines().poll();
                if (line != null && line.startsWith("COMMITTED ")) lastCommitted = Long.parseLong(line.substring(10));
            }

            try (ScanJournal journal = ScanJournal.open(file)) {
                var stored = journal.unsynced(1_000_000);
                assertThat(stored).as("round %d: every scan up to the last printed commit", round)
                        .extracting(DoorModel.JournalEntry::scanId).contains("scan-" + lastCommitted);
                for (long n = next; n <= lastCommitted; n++) {
                    assertThat(journal.admittedAt("ticket-" + n)).as("admission of ticket-%d", n).isPresent();
                }
                // Scans are whole: each one's admission and its journal row committed together.
                assertThat(stored).filteredOn(e -> e.scanId().startsWith("scan-")).allSatisfy(e -> assertThat(journal.admittedAt("ticket-" + e.scanId().substring(5))).isPresent());
                // A ticket admitted before the kill is refused after it: once per device survives the crash.
                var again = journal.record(new DoorModel.JournalEntry(0, "again-" + round, "MQ1.kill-0", "", java.time.Instant.now(),
                        ScanResult.ADMIT, true), "ticket-0");
                assertThat(again.result()).isEqualTo(ScanResult.ALREADY_USED);
                next = 1000L * (round + 1);
            }
        }
    }
}
