package marquee.movies;

import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import marquee.platform.auth.Principal;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import org.hibernate.JDBCException;

/**
 * The programme: showtimes of films in halls. That no two scheduled showtimes take one hall at
 * the same time is guaranteed by an exclusion constraint in the database, so it holds for
 * concurrent requests and any number of service instances; this class only explains a refusal.
 */
final class Programme {
    /** PostgreSQL's SQLSTATE for exclusion_violation. */
    static final String EXCLUSION_VIOLATION = "23P01";

    private final ServiceDatabase database;
    private final Theaters theaters;
    private final CinemaCheck cinemas;
    private final Clock clock;
    private final Settings settings;

    /** Scheduling settings: cleaning time after each film, how late and how far ahead one may schedule. */
    record Settings(Duration cleaningBuffer, Duration startGrace, Duration horizon) {
        Settings {
            if (cleaningBuffer.isNegative()) throw new IllegalArgumentException("cleaning buffer must not be negative");
            if (startGrace.isNegative()) throw new IllegalArgumentException("start grace must not be negative");
            if (horizon.isNegative() || horizon.isZero()) throw new IllegalArgumentException("horizon must be positive");
        }
    }

    /** A CreateShowtime request as sent; {@code startsAt} and {@code priceList} are null when missing. */
    record Request(String movieId, String hallId, Instant startsAt, PriceList.Draft priceList, String format) {}

    Programme(ServiceDatabase database, Theaters theaters, Clock clock, Settings settings) {
        this.database = database;
        this.theaters = theaters;
        this.cinemas = new CinemaCheck(theaters);
        this.clock = clock;
        this.settings = settings;
    }

    /** Showtimes of a cinema on {@code days} business dates from {@code date}, by start time. */
    List<ShowtimeEntity> list(String cinemaIdText, String dateText, int daysRequested, String movieIdText,
                              boolean includeCancelled) {
        UUID cinemaId = Check.uuid("cinema_id", cinemaIdText);
        LocalDate from = Inputs.date("date", dateText);
        int days = ShowtimeRules.listDays(daysRequested);
        UUID movieId = Inputs.optionalUuid("movie_id", movieIdText);
        String query = "from ShowtimeEntity s left join fetch s.prices"
                + " where s.cinemaId = :cinema and s.businessDate >= :from and s.businessDate < :until"
                + (movieId == null ? "" : " and s.movieId = :movie")
                + (includeCancelled ? "" : " and s.status = :scheduled")
                + " order by s.startsAt, s.hallName, s.id";
        List<ShowtimeEntity> showtimes = database.inTransaction(session -> {
            if (movieId != null && session.find(MovieEntity.class, movieId) == null) throw Catalog.notFound(movieId);
            var select = session.createSelectionQuery(query, ShowtimeEntity.class)
                    .setParameter("cinema", cinemaId)
                    .setParameter("from", from)
                    .setParameter("until", from.plusDays(days));
            if (movieId != null) select.setParameter("movie", movieId);
            if (!includeCancelled) select.setParameter("scheduled", ShowtimeEntity.Status.SCHEDULED);
            return select.getResultList();
        });
        if (showtimes.isEmpty()) cinemas.requireKnown(cinemaId);
        return showtimes;
    }

    ShowtimeEntity get(String showtimeIdText) {
        UUID showtimeId = Check.uuid("showtime_id", showtimeIdText);
        return database.inTransaction(session -> {
            ShowtimeEntity showtime = session.find(ShowtimeEntity.class, showtimeId);
            if (showtime == null) throw notFound(showtimeId);
            return showtime.withPricesLoaded();
        });
    }

    /** Schedules a film in a hall for a manager; the manager of one cinema only in that cinema. */
    ShowtimeEntity schedule(Principal manager, Request request) {
        // Everything the request alone can tell is checked before anything is looked up.
        UUID movieId = Check.uuid("movie_id", request.movieId());
        UUID hallId = Check.uuid("hall_id", request.hallId());
        Instant now = clock.instant();
        // Whole seconds: what is stored (and compared for overlaps) is exactly what the caller gets back.
        Instant startsAt = request.startsAt() == null ? null : request.startsAt().truncatedTo(ChronoUnit.SECONDS);
        ShowtimeRules.checkStart(startsAt, now, settings.startGrace(), settings.horizon());
        if (request.priceList() == null) throw new InvalidArgumentException("price_list is required");
        PriceList prices = request.priceList().validate();
        String format = ShowtimeRules.format(request.format());

        int runtimeMinutes = database.inTransaction(session -> {
            MovieEntity movie = session.find(MovieEntity.class, movieId);
            if (movie == null) throw Catalog.notFound(movieId);
            return movie.runtimeMinutes();
        });
        Theaters.Hall hall = theaters.hall(hallId);
        requireManages(manager, hall.cinemaId(), "hall " + hall.name());
        Theaters.Cinema cinema = theaters.cinema(hall.cinemaId());
        if (!prices.currency().equals(cinema.currency())) {
            throw new InvalidArgumentException("price_list.currency must be " + cinema.currency() + ", the currency of "
                    + cinema.name() + ", got " + prices.currency());
        }
        LocalDate businessDate = ShowtimeRules.businessDate(startsAt, cinema.zone());
        try {
            return database.inTransaction(session -> {
                // Shared lock: a concurrent UpdateMovie waits, so the copied title and runtime are current.
                MovieEntity movie = session.find(MovieEntity.class, movieId, LockModeType.PESSIMISTIC_READ);
                if (movie == null) throw Catalog.notFound(movieId);
                Instant endsAt = ShowtimeRules.endsAt(startsAt, movie.runtimeMinutes(), settings.cleaningBuffer());
                ShowtimeEntity showtime = new ShowtimeEntity(UUID.randomUUID(), movieId, movie.title(), hall, startsAt, endsAt,
                        businessDate, format, prices, now);
                session.persist(showtime);
                session.flush();
                ShowtimeEvents.created(session, showtime, manager);
                return showtime;
            });
        } catch (RuntimeException e) {
            if (!isOverlap(e)) throw e;
            Instant endsAt = ShowtimeRules.endsAt(startsAt, runtimeMinutes, settings.cleaningBuffer());
            throw new FailedPreconditionException(explainOverlap(hallId, startsAt, endsAt, cinema));
        }
    }

    /** Cancels a showtime; cancelling a cancelled one returns it unchanged. */
    ShowtimeEntity cancel(Principal manager, String showtimeIdText) {
        UUID showtimeId = Check.uuid("showtime_id", showtimeIdText);
        return database.inTransaction(session -> {
            // Locked: two cancellations at once both answer with the cancelled showtime.
            ShowtimeEntity showtime = session.find(ShowtimeEntity.class, showtimeId, LockModeType.PESSIMISTIC_WRITE);
            if (showtime == null) throw notFound(showtimeId);
            requireManages(manager, showtime.cinemaId(), "this showtime");
            if (showtime.status() == ShowtimeEntity.Status.SCHEDULED) {
                Instant now = clock.instant();
                if (!showtime.endsAt().isAfter(now)) {
                    throw new FailedPreconditionException("The showtime of \"" + showtime.movieTitle() + "\" at "
                            + showtime.startsAt() + " is already over and cannot be cancelled");
                }
                showtime.cancel(now);
                ShowtimeEvents.cancelled(session, showtime, manager);
            }
            return showtime.withPricesLoaded();
        });
    }

    private static void requireManages(Principal manager, UUID cinemaId, String what) {
        Optional<String> own = manager.cinema();
        if (own.isPresent() && !own.get().equalsIgnoreCase(cinemaId.toString())) {
            throw new PermissionDeniedException("You manage cinema " + own.get() + "; " + what
                    + " belongs to cinema " + cinemaId);
        }
    }

    /** The scheduled showtime that took the slot, described for the manager. */
    private String explainOverlap(UUID hallId, Instant startsAt, Instant endsAt, Theaters.Cinema cinema) {
        List<ShowtimeEntity> conflicting = database.inTransaction(session -> session.createSelectionQuery("""
                        from ShowtimeEntity s
                        where s.hallId = :hall and s.status = :scheduled and s.startsAt < :end and s.endsAt > :start
                        order by s.startsAt""", ShowtimeEntity.class)
                .setParameter("hall", hallId)
                .setParameter("scheduled", ShowtimeEntity.Status.SCHEDULED)
                .setParameter("start", startsAt)
                .setParameter("end", endsAt)
                .setMaxResults(1)
                .getResultList());
        if (conflicting.isEmpty()) {
            // The other showtime was cancelled in the meantime; the slot may be free now.
            return "This showtime overlapped another showtime in the same hall that has just changed; please try again";
        }
        return ShowtimeRules.overlapMessage(startsAt, endsAt, conflicting.get(0), cinema.zone());
    }

    /** Whether the failure is the database refusing an overlapping showtime. */
    static boolean isOverlap(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JDBCException jdbc && EXCLUSION_VIOLATION.equals(jdbc.getSQLState())) return true;
            // A batched insert reports the statement's own error as the "next" exception.
            for (SQLException sql = cause instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                if (EXCLUSION_VIOLATION.equals(sql.getSQLState())) return true;
            }
        }
        return false;
    }

    static NotFoundException notFound(UUID showtimeId) {
        return new NotFoundException("showtime_id: there is no showtime " + showtimeId);
    }
}
