package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import java.nio.file.Path;
import java.time.Instant;
import marquee.kiosk.model.DoorModel.JournalEntry;

/**
 * Journals admissions as fast as it can until killed, printing {@code COMMITTED <n>} after each
 * returned {@link ScanJournal#record} (the moment the door would show ADMIT):
 * {@code JournalWriterChild <journal file> <first n>}. Scan n admits ticket {@code ticket-<n>}.
 */
public final class JournalWriterChild {
    private JournalWriterChild() {}

    public static void main(String[] args) {
        long n = Long.parseLong(args[1]);
        try (ScanJournal journal = ScanJournal.open(Path.of(args[0]))) {
            while (true) {
                journal.record(new JournalEntry(0, "scan-" + n, "MQ1.kill-" + n, "", Instant.now(), ScanResult.ADMIT, true),
                        "ticket-" + n);
                System.out.println("COMMITTED " + n);
                System.out.flush();
                n++;
            }
        }
    }
}
