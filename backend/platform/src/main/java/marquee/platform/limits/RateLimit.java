package marquee.platform.limits;

import java.time.Duration;
import java.util.Locale;
import marquee.platform.config.Config;

/**
 * How many attempts a client may make: {@code capacity} at once, refilled evenly over {@code per}
 * (a token bucket). Written in settings as {@code 20/PT1M} or {@code 20/1m} ("20 per minute");
 * {@code 0} or {@code off} switches the limit off.
 */
public record RateLimit(int capacity, Duration per) {
    public static final RateLimit OFF = new RateLimit(0, Duration.ofSeconds(1));

    public RateLimit {
        if (capacity < 0) throw new IllegalArgumentException("capacity must not be negative");
        if (per == null || per.isNegative() || per.isZero()) throw new IllegalArgumentException("period must be positive");
    }

    public static RateLimit of(int capacity, Duration per) {
        return new RateLimit(capacity, per);
    }

    public boolean off() {
        return capacity == 0;
    }

    /** Reads {@code key} from the config, e.g. {@code marquee.limits.signin.per.address}. */
    public static RateLimit fromConfig(Config config, String key, RateLimit defaultValue) {
        return config.find(key).map(value -> {
            try {
                return parse(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Setting " + key + " (" + Config.envName(key) + ") must look like 20/PT1M or 20/1m"
                        + " or be 0/off, not: " + value, e);
            }
        }).orElse(defaultValue);
    }

    public static RateLimit parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("0") || value.equals("off")) return OFF;
        int slash = value.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("missing '/'");
        int capacity = Integer.parseInt(value.substring(0, slash).strip());
        return new RateLimit(capacity, duration(value.substring(slash + 1).strip()));
    }

    private static Duration duration(String text) {
        if (text.startsWith("p")) return Duration.parse(text.toUpperCase(Locale.ROOT));
        char unit = text.charAt(text.length() - 1);
        long amount = Character.isDigit(unit) ? Long.parseLong(text) : Long.parseLong(text.substring(0, text.length() - 1));
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    @Override
    public String toString() {
        return off() ? "off" : capacity + "/" + per;
    }
}
