package marquee.platform.errors;

import java.util.UUID;

/** Input checks that every service needs; each failure names the field and says what is wrong. */
public final class Check {
    private Check() {}

    public static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidArgumentException(field + " is required");
        }
        try {
            UUID parsed = UUID.fromString(value.trim());
            if (!parsed.toString().equalsIgnoreCase(value.trim())) throw new IllegalArgumentException();
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(field + " must be an id (UUID), got \"" + abbreviate(value) + "\"");
        }
    }

    public static String text(String field, String value, int min, int max) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty() && min > 0) throw new InvalidArgumentException(field + " is required");
        if (trimmed.length() < min) throw new InvalidArgumentException(field + " must have at least " + min + " characters");
        if (trimmed.length() > max) throw new InvalidArgumentException(field + " must have at most " + max + " characters");
        return trimmed;
    }

    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static void that(boolean condition, String message) {
        if (!condition) throw new InvalidArgumentException(message);
    }

    public static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
