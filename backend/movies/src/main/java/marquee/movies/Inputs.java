package marquee.movies;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;

/** Parsing of request fields that {@link Check} does not cover; failures name the field. */
final class Inputs {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Inputs() {}

    /** A required "YYYY-MM-DD" date that exists in the calendar. */
    static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidArgumentException(field + " is required (YYYY-MM-DD)");
        String trimmed = value.strip();
        try {
            if (DATE.matcher(trimmed).matches()) return LocalDate.parse(trimmed);
        } catch (DateTimeException e) {
            // falls through to the message below
        }
        throw new InvalidArgumentException(field + " must be a date as YYYY-MM-DD, got \"" + Check.abbreviate(value) + "\"");
    }

    /** An optional date: null when empty. */
    static LocalDate optionalDate(String field, String value) {
        return value == null || value.isBlank() ? null : date(field, value);
    }

    /** An optional id: null when empty. */
    static UUID optionalUuid(String field, String value) {
        return value == null || value.isBlank() ? null : Check.uuid(field, value);
    }
}
