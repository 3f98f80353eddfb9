package marquee.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The load generator's command line: every option is declared with its default and meaning, so
 * {@code --help} can print them and a misspelt option is refused instead of silently running a
 * full benchmark against the default target.
 */
final class Options {
    /** A declared option: {@code flag} options take no value. */
    record Spec(String name, String valueName, String defaultValue, String meaning) {
        boolean flag() {
            return valueName == null;
        }
    }

    /** Thrown for a command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("target", "host:port", "localhost:9090", "gRPC address of the backend (all-in-one or reservations + users + movies + theaters behind one address)"),
            new Spec("phases", "list", "hold,purchase,contended-hold,contended,open", "phases to run, in order: hold, purchase, contended-hold, contended, open, open-capacity, http-purchase, watch"),
            new Spec("buyers", "n", "64", "concurrent buyers in the closed-loop phases"),
            new Spec("warmup", "seconds", "10", "unmeasured run before each timed phase (JIT, pools)"),
            new Spec("duration", "seconds", "30", "length of each timed phase"),
            new Spec("showtimes", "n", "100", "showtimes of 1,000 seats for the spread phases (enough that seats never run out)"),
            new Spec("contended-showtimes", "n", "10", "1,000-seat showtimes the contended-hold phase fills one after another"),
            new Spec("rate", "holds/s", null, "offered rate of the open-loop phase (default: half the first pgbench TPS, else 100)"),
            new Spec("http", "url", null, "REST gateway base URL for the http-purchase phase (e.g. http://localhost:3000)"),
            new Spec("watch-target", "host:port", null, "second backend instance whose watchers must see changes made at --target (default: --target)"),
            new Spec("watchers", "n", "200", "seat-map watchers in the watch phase"),
            new Spec("pg", "uri", null, "PostgreSQL for pgbench, libpq URI (default: the embedded server found in --pg-data-dir)"),
            new Spec("pg-data-dir", "dir", null, "embedded PostgreSQL data directory whose postmaster.pid names the port (default: $MARQUEE_DATA_DIR/postgres or ~/.marquee/postgres)"),
            new Spec("pgbench-clients", "n", "64", "pgbench -c"),
            new Spec("pgbench-seconds", "seconds", "30", "pgbench -T"),
            new Spec("pgbench-scale", "n", "10", "pgbench -i -s, in a database of its own (marquee_pgbench)"),
            new Spec("no-pgbench", null, null, "skip the pgbench baseline (no ratios are printed)"),
            new Spec("json", "file", "marquee-bench-result.json", "where the machine-readable results are written"),
            new Spec("customer-email", "email", "customer@marquee.demo", "the buyer's account"),
            new Spec("customer-password", "password", "Customer2026!", "the buyer's password"),
            new Spec("manager-email", "email", "manager@marquee.demo", "a manager who may create the benchmark's cinema, halls and showtimes"),
            new Spec("manager-password", "password", "Manager2026!", "the manager's password"),
            new Spec("help", null, null, "print this text and exit"));

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(String... args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) arg = "--help";
            if (!arg.startsWith("--")) throw new UsageException("Expected an option, got '" + arg + "'");
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            Optional<Spec> declared = spec(name);
            if (declared.isEmpty()) throw new UsageException("Unknown option --" + name);
            Spec spec = declared.get();
            if (spec.flag()) {
                if (inlineValue != null) throw new UsageException("--" + name + " takes no value");
                values.put(name, "true");
            } else if (inlineValue != null) {
                values.put(name, inlineValue);
            } else {
                if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value (" + spec.valueName() + ")");
                values.put(name, args[++i]);
            }
        }
        Options options = new Options(values);
        options.validate();
        return options;
    }

    private void validate() throws UsageException {
        for (String number : List.of("buyers", "warmup", "duration", "showtimes", "contended-showtimes", "watchers", "pgbench-clients", "pgbench-seconds", "pgbench-scale")) {
            int value = integer(number);
            if (value < (number.equals("warmup") ? 0 : 1)) throw new UsageException("--" + number + " must be positive");
        }
        if (has("rate") && decimal("rate") <= 0) throw new UsageException("--rate must be positive");
        for (String phase : phases()) {
            if (!List.of("hold", "purchase", "contended-hold", "contended", "open", "open-capacity", "http-purchase", "watch").contains(phase)) {
                throw new UsageException("Unknown phase '" + phase + "' in --phases");
            }
        }
        if (phases().contains("open-capacity") && !phases().subList(0, phases().indexOf("open-capacity")).contains("hold")) {
            throw new UsageException("The open-capacity phase offers half the hold phase's rate: put hold before it in --phases");
        }
        if (phases().contains("http-purchase") && !has("http")) throw new UsageException("The http-purchase phase needs --http");
    }

    private static Optional<Spec> spec(String name) {
        return SPECS.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        if (values.containsKey(name)) return values.get(name);
        return spec(name).orElseThrow(() -> new IllegalArgumentException("undeclared option " + name)).defaultValue();
    }

    int integer(String name) throws UsageException {
        try {
            return Integer.parseInt(get(name));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + get(name) + "'");
        }
    }

    double decimal(String name) throws UsageException {
        try {
            return Double.parseDouble(get(name));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + get(name) + "'");
        }
    }

    List<String> phases() {
        return List.of(get("phases").split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                marquee-bench: load on a running Marquee backend, measured against pgbench -N on the same PostgreSQL.

                usage: java -jar bench/target/marquee-bench.jar [options]

                Runs pgbench -N (when on PATH), then the phases, then pgbench -N again, and prints every
                figure with its ratio to the pgbench TPS; the same figures go to --json.
                phases: hold      holds of 1-4 seats, kept, spread over showtimes of its own (enough for its rate)
                        purchase  every hold bought (hold + checkout), spread
                        contended-hold  1,000-seat showtimes filled by all buyers with kept holds, one
                                  after another (contention without payment; compare with hold)
                        contended one 1,000-seat showtime sold out by all buyers, every hold bought
                        open      holds at a fixed offered rate (--rate), latency from the intended start
                                  (no coordinated omission)
                        open-capacity  the same at half the hold-only rate this run measured (after hold)
                        http-purchase  the purchase phase through the REST gateway (--http)
                        watch     --watchers seat-map streams on --watch-target; time from a hold at
                                  --target to each watcher seeing it

                options:
                """);
        for (Spec spec : SPECS) {
            String left = "  --" + spec.name() + (spec.flag() ? "" : " " + spec.valueName());
            text.append(String.format(Locale.ROOT, "%-28s %s%s%n", left, spec.meaning(),
                    spec.defaultValue() == null ? "" : " [" + spec.defaultValue() + "]"));
        }
        return text.toString();
    }
}
