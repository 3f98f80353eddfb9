package marquee.kiosk.cache;

import static marquee.kiosk.cache.TicketCacheTest.CINEMA;
import static marquee.kiosk.cache.TicketCacheTest.feed;
import static marquee.kiosk.cache.TicketCacheTest.ticket;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.printing.PaperFormat;
import marquee.kiosk.printing.PdfFilePrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk's offline copy is protected: the SQLite file, its WAL and the PDF print directory are
 * for the kiosk's user only; a damaged file is moved aside and rebuilt by the next sync instead of
 * leaving pickup off (kiosk) or the till hanging at start.
 */
class CacheProtectionTest {
    @TempDir
    Path dir;

    private static List<TicketRecord> tonight(int count) {
        Instant tonight = Instant.now().plus(Duration.ofHours(3));
        List<TicketRecord> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) changes.add(ticket("t" + i, "B" + (i / 2), i % 2 + 1, TicketState.VALID, tonight));
        return changes;
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theCacheFileAndItsWalAreForTheKiosksUserOnly() throws Exception {
        Path file = dir.resolve("kiosk-cache.db");
        try (TicketCache cache = TicketCache.open(file)) {
            cache.sync(CINEMA, feed(tonight(10)));
            assertThat(permissions(file)).isEqualTo("rw-------");
            assertThat(permissions(Path.of(file + "-wal"))).isEqualTo("rw-------");
        }
        // A file left readable by an older version is tightened on the next start.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (TicketCache cache = TicketCache.open(file)) {
            assertThat(permissions(file)).isEqualTo("rw-------");
        }
    }

    @Test
    void thePrintDirectoryIsForTheKiosksUserOnly() throws Exception {
        Path prints = dir.resolve("prints");
        new PdfFilePrinter(prints, PaperFormat.values()[0]).status();
        assertThat(permissions(prints)).isEqualTo("rwx------");
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideAndRebuiltByTheNextSync() throws Exception {
        Path file = dir.resolve("kiosk-cache.db");
        try (TicketCache cache = TicketCache.open(file)) {
            cache.sync(CINEMA, feed(tonight(600)));
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(0);
            raw.write("this is not an SQLite file at all".getBytes());
        }
        assertRebuilt(file);
    }

    @Test
    void aFileWithDamagedPagesIsMovedAsideAndRebuiltByTheNextSync() throws Exception {
        Path file = dir.resolve("kiosk-cache.db");
        try (TicketCache cache = TicketCache.open(file)) {
            cache.sync(CINEMA, feed(tonight(600)));
            cache.checkpoint();
        }
        long size = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            // Garbage over the pages after the schema page: the tickets' table and index pages.
            byte[] garbage = new byte[(int) Math.min(16 * 1024, size - 8192)];
            java.util.Arrays.fill(garbage, (byte) 0x5A);
            raw.seek(8192);
            raw.write(garbage);
        }
        assertRebuilt(file);
    }

    @Test
    void aFileDamagedWhileInUseIsRebuiltByTheNextSync() throws Exception {
        Path file = dir.resolve("kiosk-cache.db");
        try (TicketCache cache = TicketCache.open(file)) {
            cache.sync(CINEMA, feed(tonight(100)));
            // Another writer breaks the schema under the open cache (what a bad disk block does to a page).
            try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 var s = other.createStatement()) {
                int version;
                try (var rs = s.executeQuery("PRAGMA schema_version")) {
                    version = rs.getInt(1);
                }
                s.execute("PRAGMA writable_schema=ON");
                s.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE ticket (broken' WHERE name = 'ticket'");
                s.execute("PRAGMA schema_version = " + (version + 1));
            }
            TicketCache.SyncResult resync = cache.sync(CINEMA, feed(tonight(100)));
            assertThat(resync.changes()).isEqualTo(100);
            assertThat(cache.ticketCount()).isEqualTo(100);
            assertThat(cache.integrityCheck()).isEqualTo("ok");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("kiosk-cache.db.corrupt-")).count()).isPositive();
        }
    }

    private void assertRebuilt(Path file) throws Exception {
        try (TicketCache cache = TicketCache.open(file)) {
            assertThat(cache.integrityCheck()).isEqualTo("ok");
            assertThat(cache.ticketCount()).isZero();
            assertThat(cache.cursor(CINEMA)).isEmpty();
            TicketCache.SyncResult resync = cache.sync(CINEMA, feed(tonight(600)));
            assertThat(resync.changes()).isEqualTo(600);
            assertThat(cache.ticketsByCode("B7")).hasSize(2);
            assertThat(permissions(file)).isEqualTo("rw-------");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("kiosk-cache.db.corrupt-")).toList();
            assertThat(aside).as("the damaged file, kept for a look").isNotEmpty();
            for (Path p : aside) assertThat(permissions(p)).isEqualTo("rw-------");
        }
    }

    @Test
    void aCacheThatCannotBeOpenedAtAllStillGivesTheTillAWorkingCopy() throws Exception {
        Path notADirectory = dir.resolve("occupied");
        Files.writeString(notADirectory, "a file where the data directory should be");
        try (TicketCache cache = TicketCache.openOrFallback(notADirectory.resolve("till-1.sqlite"))) {
            cache.sync(CINEMA, feed(tonight(20)));
            assertThat(cache.ticketCount()).isEqualTo(20);
            assertThat(permissions(cache.file())).isEqualTo("rw-------");
        }
    }
}
