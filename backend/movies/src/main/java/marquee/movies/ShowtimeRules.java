package marquee.movies;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;

/** The timing rules of a showtime, as pure functions. */
final class ShowtimeRules {
    static final int MAX_FORMAT_LENGTH = 20;
    static final int MAX_LIST_DAYS = 14;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private ShowtimeRules() {}

    /** When the hall is free again: the film, then the cleaning buffer. */
    static Instant endsAt(Instant startsAt, int runtimeMinutes, Duration cleaningBuffer) {
        return startsAt.plus(Duration.ofMinutes(runtimeMinutes)).plus(cleaningBuffer);
    }

    /** The cinema's calendar day on which the showtime starts. */
    static LocalDate businessDate(Instant startsAt, ZoneId cinemaZone) {
        return startsAt.atZone(cinemaZone).toLocalDate();
    }

    /**
     * A showtime is scheduled ahead: it must start after {@code now - grace} (grace 0: strictly in
     * the future) and no later than {@code now + horizon}, which catches mistyped years.
     */
    static void checkStart(Instant startsAt, Instant now, Duration grace, Duration horizon) {
        if (startsAt == null) throw new InvalidArgumentException("starts_at is required");
        if (!startsAt.isAfter(now.minus(grace))) {
            throw new InvalidArgumentException("starts_at must be in the future, got " + startsAt);
        }
        if (startsAt.isAfter(now.plus(horizon))) {
            throw new InvalidArgumentException("starts_at must be within the next " + horizon.toDays() + " days, got " + startsAt);
        }
    }

    /** The optional format label ("2D", "3D", "OV"). */
    static String format(String value) {
        return Check.text("format", value, 0, MAX_FORMAT_LENGTH);
    }

    /** Days of a programme listing: 0 means one day. */
    static int listDays(int days) {
        return days == 0 ? 1 : Check.range("days", days, 1, MAX_LIST_DAYS);
    }

    /** Why a new showtime cannot take the hall, in the cinema's local time. */
    static String overlapMessage(Instant startsAt, Instant endsAt, ShowtimeEntity existing, ZoneId cinemaZone) {
        return "This showtime (" + DATE_TIME.format(startsAt.atZone(cinemaZone)) + "–" + TIME.format(endsAt.atZone(cinemaZone))
                + " with cleaning) overlaps the showtime of \"" + existing.movieTitle() + "\" at "
                + DATE_TIME.format(existing.startsAt().atZone(cinemaZone)) + " in " + existing.hallName()
                + ", which keeps the hall until " + TIME.format(existing.endsAt().atZone(cinemaZone)) + " (cleaning included)";
    }
}
