package marquee.movies;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import marquee.events.v1.ShowtimeCancelled;
import marquee.events.v1.ShowtimeChanged;
import marquee.platform.auth.Principal;
import marquee.platform.events.EventTypes;
import marquee.platform.events.Outbox;
import org.hibernate.Session;

/**
 * What movies tells the other services about showtimes, written to its outbox in the transaction
 * of the change (keyed by showtime id). Reservations refreshes its showtime snapshot from these and
 * cancels the bookings of a cancelled showtime.
 */
final class ShowtimeEvents {
    private ShowtimeEvents() {}

    static void created(Session session, ShowtimeEntity showtime, Principal by) {
        session.flush();
        Outbox.append(session, EventTypes.SHOWTIME_CREATED, showtime.id().toString(), changed(showtime, by));
    }

    /** A change of what a showtime shows (its title) for every showtime of the film not yet over. */
    static void titleChanged(Session session, UUID movieId, Instant now) {
        session.flush();
        List<ShowtimeEntity> affected = session.createSelectionQuery(
                        "from ShowtimeEntity s where s.movieId = :movie and s.endsAt > :now", ShowtimeEntity.class)
                .setParameter("movie", movieId).setParameter("now", now).getResultList();
        for (ShowtimeEntity showtime : affected) {
            session.refresh(showtime);
            Outbox.append(session, EventTypes.SHOWTIME_CHANGED, showtime.id().toString(), changed(showtime, null));
        }
    }

    static void cancelled(Session session, ShowtimeEntity showtime, Principal by) {
        session.flush();
        ShowtimeCancelled event = ShowtimeCancelled.newBuilder()
                .setShowtimeId(showtime.id().toString())
                .setCinemaId(showtime.cinemaId().toString())
                .setHallId(showtime.hallId().toString())
                .setMovieTitle(showtime.movieTitle())
                .setStartsAt(timestamp(showtime.startsAt()))
                .setCancelledAt(timestamp(showtime.cancelledAt()))
                .setCancelledBy(by == null ? "" : by.userId())
                .build();
        Outbox.append(session, EventTypes.SHOWTIME_CANCELLED, showtime.id().toString(), event);
        // The snapshot consumers (reservations' cache) read every state change from showtime.changed too.
        Outbox.append(session, EventTypes.SHOWTIME_CHANGED, showtime.id().toString(), changed(showtime, by));
    }

    private static ShowtimeChanged changed(ShowtimeEntity showtime, Principal by) {
        return ShowtimeChanged.newBuilder()
                .setShowtimeId(showtime.id().toString())
                .setMovieId(showtime.movieId().toString())
                .setCinemaId(showtime.cinemaId().toString())
                .setHallId(showtime.hallId().toString())
                .setStartsAt(timestamp(showtime.startsAt()))
                .setEndsAt(timestamp(showtime.endsAt()))
                .setMovieTitle(showtime.movieTitle())
                .setStatus(showtime.status().name())
                .setChangedBy(by == null ? "" : by.userId())
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        if (instant == null) return Timestamp.getDefaultInstance();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
