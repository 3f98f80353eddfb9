package marquee.kiosk.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import marquee.platform.config.Config;

/**
 * The installed kiosk's settings file, {@code /etc/marquee/kiosk.conf} (another file with
 * {@code MARQUEE_KIOSK_CONFIG} or {@code -Dmarquee.kiosk.config}). One {@code NAME=value} per line,
 * {@code #} starts a comment, values may be quoted; names are the environment variables of the
 * README ({@code MARQUEE_KIOSK_BACKEND=tickets.example.internal:9090}) or their dotted form.
 *
 * <p>Precedence, highest first: command-line options, {@code -D} properties, environment variables,
 * this file, built-in defaults. The file's values become system properties unless the same setting
 * is already given as a property or an environment variable, so every {@link Config} sees them.
 */
public final class ConfigFile {
    public static final Path DEFAULT = Path.of("/etc/marquee/kiosk.conf");

    private ConfigFile() {}

    /** What loading a file did: the settings taken, and lines that were not understood. */
    public record Result(Path file, Map<String, String> applied, List<String> problems) {}

    /** Reads the configured file (or the default) if it exists and applies it to the system properties. */
    public static Result loadDefault() {
        Path file = Config.fromEnvironment().find("marquee.kiosk.config").map(Path::of).orElse(DEFAULT);
        return load(file, System::getenv);
    }

    static Result load(Path file, Function<String, String> environment) {
        Map<String, String> applied = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) return new Result(file, applied, problems);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getMessage() + ")");
            return new Result(file, applied, problems);
        }
        for (Map.Entry<String, String> setting : parse(file, lines, problems).entrySet()) {
            String key = setting.getKey();
            if (System.getProperty(key) != null || environment.apply(Config.envName(key)) != null) continue;
            System.setProperty(key, setting.getValue());
            applied.put(key, setting.getValue());
        }
        return new Result(file, applied, problems);
    }

    /** The file's settings by dotted key ({@code marquee.kiosk.backend}); a later line wins. */
    static Map<String, String> parse(Path file, List<String> lines, List<String> problems) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring("export ".length()).strip();
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 1 || !name.toLowerCase(Locale.ROOT).startsWith("marquee")) {
                problems.add(file + ":" + (i + 1) + ": expected MARQUEE_SETTING=value, found \"" + lines.get(i).strip() + "\"");
                continue;
            }
            String value = line.substring(equals + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty()) continue;   // an empty value keeps the default
            settings.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
        }
        return settings;
    }
}
