package marquee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {
    @Test
    void helpIsAnOptionNotABenchmark() throws Exception {
        assertTrue(Options.parse("--help").has("help"));
        assertTrue(Options.parse("-h").has("help"));
        String usage = Options.usage();
        for (Options.Spec spec : Options.SPECS) assertTrue(usage.contains("--" + spec.name()), spec.name());
    }

    @Test
    void unknownOrMalformedOptionsAreRefused() {
        assertEquals("Unknown option --bogus", assertThrows(Options.UsageException.class, () -> Options.parse("--bogus", "1")).getMessage());
        assertThrows(Options.UsageException.class, () -> Options.parse("target", "x"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--buyers"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--buyers", "many"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--buyers", "0"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--phases", "hold,sprint"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--phases", "http-purchase"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--no-pgbench=yes"));
    }

    @Test
    void valuesAndDefaults() throws Exception {
        Options options = Options.parse("--target", "db:9000", "--duration=5", "--no-pgbench", "--phases", "open, watch");
        assertEquals("db:9000", options.get("target"));
        assertEquals(5, options.integer("duration"));
        assertEquals(64, options.integer("buyers"));
        assertTrue(options.has("no-pgbench"));
        assertFalse(options.has("rate"));
        assertEquals(List.of("open", "watch"), options.phases());
        assertEquals(List.of("hold", "purchase", "contended-hold", "contended", "open"), Options.parse().phases());
        assertEquals(10, Options.parse().integer("contended-showtimes"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--contended-showtimes", "0"));
        assertThrows(Options.UsageException.class, () -> Options.parse("--phases", "open-capacity,hold"));
        assertEquals(List.of("hold", "open-capacity"), Options.parse("--phases", "hold,open-capacity").phases());
    }

    @Test
    void pgbenchFindsTheEmbeddedServerAndItsOwnDatabase(@TempDir Path dataDir) throws Exception {
        assertTrue(Pgbench.postmasterPort(dataDir).isEmpty());
        Files.writeString(dataDir.resolve("postmaster.pid"), "4242\n" + dataDir + "\n1764390000\n54321\n/tmp\nlocalhost\n");
        assertEquals(54321, Pgbench.postmasterPort(dataDir).orElseThrow());
        assertEquals("postgresql://postgres@localhost:5432/marquee_pgbench",
                Pgbench.withDatabase("postgresql://postgres@localhost:5432/postgres", "marquee_pgbench"));
        assertEquals("postgresql://u:p@h:1/marquee_pgbench?sslmode=require",
                Pgbench.withDatabase("postgresql://u:p@h:1/app?sslmode=require", "marquee_pgbench"));
        assertEquals("postgresql://h/marquee_pgbench", Pgbench.withDatabase("postgresql://h", "marquee_pgbench"));
    }
}
