package marquee.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings from {@code -Dmarquee.some.key} system properties or {@code MARQUEE_SOME_KEY}
 * environment variables (in that order), each with a default that works out of the box.
 * Overrides can be layered on top (tests, launchers that start several services in one JVM).
 */
public final class Config {
    private final Map<String, String> overrides;

    private Config(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    public static Config fromEnvironment() {
        return new Config(Map.of());
    }

    /** A config where the given keys (in dotted form, e.g. {@code marquee.port}) win over the environment. */
    public static Config withOverrides(Map<String, String> overrides) {
        return new Config(overrides);
    }

    public Config plus(Map<String, String> more) {
        var merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new Config(merged);
    }

    public Optional<String> find(String key) {
        String value = raw(key);
        if ((value == null || value.isBlank()) && !key.endsWith(".file")) {
            // MARQUEE_X_FILE=/path: the value is that file's content (Docker and Kubernetes secrets as files).
            String file = raw(key + ".file");
            if (file != null && !file.isBlank()) {
                try {
                    value = java.nio.file.Files.readString(Path.of(file.trim()));
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("Setting " + envName(key + ".file") + " names " + file
                            + ", which cannot be read: " + e.getMessage(), e);
                }
            }
        }
        if (value == null || value.isBlank()) return Optional.empty();
        return Optional.of(value.trim());
    }

    private String raw(String key) {
        String value = overrides.get(key);
        if (value == null) value = System.getProperty(key);
        if (value == null) value = System.getenv(envName(key));
        return value;
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return find(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return find(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    /** Durations as ISO-8601 ({@code PT8M}) or plain seconds ({@code 480}). */
    public Duration getDuration(String key, Duration defaultValue) {
        return find(key).map(v -> parse(key, v, s -> s.toUpperCase(Locale.ROOT).startsWith("P")
                ? Duration.parse(s) : Duration.ofSeconds(Long.parseLong(s)))).orElse(defaultValue);
    }

    /** The directory where a process keeps its data (embedded database, generated keys). */
    public Path dataDir() {
        return find("marquee.data.dir").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".marquee"));
    }

    /** Where signing keys live; shared by all processes of one installation. */
    public Path keysDir() {
        return find("marquee.keys.dir").map(Path::of).orElse(dataDir().resolve("keys"));
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Setting " + key + " (" + envName(key) + ") has an invalid value: " + value, e);
        }
    }
}
