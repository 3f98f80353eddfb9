package marquee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pgbench -N} against the PostgreSQL the backend uses, in a database of its own, so the
 * backend's figures can be given as a ratio of what that server does on the same machine at the
 * same moment (absolute numbers on a shared 2-core machine say little).
 */
final class Pgbench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    static final String DATABASE = "marquee_pgbench";

    record Result(double tps, double averageLatencyMillis, String settings) {}

    private final String serverUri;
    private final int clients;
    private final int seconds;
    private final int scale;
    private boolean initialised;

    private Pgbench(String serverUri, int clients, int seconds, int scale) {
        this.serverUri = serverUri;
        this.clients = clients;
        this.seconds = seconds;
        this.scale = scale;
    }

    /** Empty with the reason printed when pgbench is not on PATH or no server can be found. */
    static Optional<Pgbench> locate(Options options) throws Options.UsageException {
        if (options.has("no-pgbench")) {
            System.out.println("pgbench: skipped (--no-pgbench); no ratios");
            return Optional.empty();
        }
        if (!onPath("pgbench")) {
            System.out.println("pgbench: not on PATH (Debian: apt-get install postgresql-client); no ratios");
            return Optional.empty();
        }
        String uri = options.get("pg");
        if (uri == null) {
            Path dataDir = options.has("pg-data-dir") ? Path.of(options.get("pg-data-dir"))
                    : Path.of(Optional.ofNullable(System.getenv("MARQUEE_DATA_DIR"))
                            .orElse(System.getProperty("user.home") + "/.marquee"), "postgres");
            Optional<Integer> port = postmasterPort(dataDir);
            if (port.isEmpty()) {
                System.out.println("pgbench: no running PostgreSQL in " + dataDir + " (give --pg or --pg-data-dir); no ratios");
                return Optional.empty();
            }
            uri = "postgresql://postgres@localhost:" + port.get() + "/postgres";
        }
        return Optional.of(new Pgbench(uri, options.integer("pgbench-clients"), options.integer("pgbench-seconds"),
                options.integer("pgbench-scale")));
    }

    /** The fourth line of postmaster.pid is the port the server listens on. */
    static Optional<Integer> postmasterPort(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    String describe() {
        return "pgbench -N -c " + clients + " -j 2 -T " + seconds + " (scale " + scale + ") on " + serverUri.replaceAll(":[^:@/]*@", ":***@");
    }

    Result run() throws IOException, InterruptedException {
        if (!initialised) {
            String database = withDatabase(serverUri, "postgres");
            // A database of its own, so pgbench's tables never meet the services' schemas.
            List<String> exists = exec(List.of("psql", "-Atq", database, "-c",
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'"), 60);
            if (exists.stream().noneMatch(l -> l.trim().equals("1"))) {
                exec(List.of("psql", "-q", database, "-c", "CREATE DATABASE " + DATABASE), 60);
            }
            exec(List.of("pgbench", "-i", "-q", "-s", Integer.toString(scale), withDatabase(serverUri, DATABASE)), 600);
            initialised = true;
        }
        List<String> output = exec(List.of("pgbench", "-N", "-c", Integer.toString(clients), "-j", "2",
                "-T", Integer.toString(seconds), withDatabase(serverUri, DATABASE)), seconds + 120L);
        double tps = Double.NaN;
        double latency = Double.NaN;
        for (String line : output) {
            Matcher matcher = TPS.matcher(line);
            if (matcher.find() && Double.isNaN(tps)) tps = Double.parseDouble(matcher.group(1));
            if (line.startsWith("latency average")) latency = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
        }
        if (Double.isNaN(tps)) throw new IOException("pgbench printed no TPS: " + String.join("\n", output));
        return new Result(tps, latency, settings());
    }

    /** The server settings a durability/speed comparison depends on. */
    String settings() {
        try {
            return String.join(", ", exec(List.of("psql", "-Atq", withDatabase(serverUri, DATABASE), "-c",
                    "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                            + "WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'shared_buffers', 'max_connections')"), 30));
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String withDatabase(String uri, String database) {
        int slash = uri.indexOf('/', uri.indexOf("//") + 2);
        String base = slash < 0 ? uri : uri.substring(0, slash);
        int query = slash < 0 ? -1 : uri.indexOf('?', slash);
        return base + "/" + database + (query < 0 ? "" : uri.substring(query));
    }

    private static List<String> exec(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) lines.add(line);
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed (" + process.exitValue() + "): " + String.join(" | ", lines));
        }
        return lines;
    }

    static boolean onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
