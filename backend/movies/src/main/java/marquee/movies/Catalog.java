package marquee.movies;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;

/** The films: listing, lookup and editing. Callers have checked the role for edits. */
final class Catalog {
    private final ServiceDatabase database;
    private final CinemaCheck cinemas;
    private final Clock clock;

    Catalog(ServiceDatabase database, CinemaCheck cinemas, Clock clock) {
        this.database = database;
        this.cinemas = cinemas;
        this.clock = clock;
    }

    /** All films by title; with a cinema and a date, only those with a scheduled showtime there that day. */
    List<MovieEntity> list(String cinemaIdText, String dateText) {
        boolean hasCinema = cinemaIdText != null && !cinemaIdText.isBlank();
        boolean hasDate = dateText != null && !dateText.isBlank();
        if (hasCinema != hasDate) {
            throw new InvalidArgumentException(hasCinema
                    ? "date is required (YYYY-MM-DD) when cinema_id is set"
                    : "cinema_id is required when date is set");
        }
        if (!hasCinema) {
            return database.inTransaction(session -> session.createSelectionQuery(
                    "from MovieEntity m order by lower(m.title), m.title, m.id", MovieEntity.class).getResultList());
        }
        UUID cinemaId = Check.uuid("cinema_id", cinemaIdText);
        LocalDate date = Inputs.date("date", dateText);
        List<MovieEntity> movies = database.inTransaction(session -> session.createSelectionQuery("""
                        from MovieEntity m
                        where exists (select 1 from ShowtimeEntity s
                                               where s.movieId = m.id and s.cinemaId = :cinema and s.businessDate = :date
                                                 and s.status = :scheduled)
                        order by lower(m.title), m.title, m.id""", MovieEntity.class)
                .setParameter("cinema", cinemaId)
                .setParameter("date", date)
                .setParameter("scheduled", ShowtimeEntity.Status.SCHEDULED)
                .getResultList());
        if (movies.isEmpty()) cinemas.requireKnown(cinemaId);
        return movies;
    }

    MovieEntity get(String movieIdText) {
        UUID movieId = Check.uuid("movie_id", movieIdText);
        return database.inTransaction(session -> {
            MovieEntity movie = session.find(MovieEntity.class, movieId);
            if (movie == null) throw notFound(movieId);
            return movie;
        });
    }

    MovieEntity create(MovieDetails details) {
        MovieEntity movie = new MovieEntity(UUID.randomUUID(), details, clock.instant());
        database.run(session -> session.persist(movie));
        return movie;
    }

    /** Changes a film. Its showtimes keep their times; their copy of the title follows. */
    MovieEntity update(String movieIdText, MovieDetails details) {
        UUID movieId = Check.uuid("movie_id", movieIdText);
        return database.inTransaction(session -> {
            // Locked so that a showtime being scheduled at the same time copies the final title.
            MovieEntity movie = session.find(MovieEntity.class, movieId, LockModeType.PESSIMISTIC_WRITE);
            if (movie == null) throw notFound(movieId);
            movie.apply(details, clock.instant());
            int retitled = session.createMutationQuery(
                            "update ShowtimeEntity s set s.movieTitle = :title where s.movieId = :movie and s.movieTitle <> :title")
                    .setParameter("title", details.title())
                    .setParameter("movie", movieId)
                    .executeUpdate();
            if (retitled > 0) ShowtimeEvents.titleChanged(session, movieId, clock.instant());
            return movie;
        });
    }

    static NotFoundException notFound(UUID movieId) {
        return new NotFoundException("movie_id: there is no movie " + movieId);
    }
}
