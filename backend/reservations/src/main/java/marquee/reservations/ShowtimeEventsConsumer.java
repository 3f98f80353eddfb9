package marquee.reservations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.events.v1.HallLayoutChanged;
import marquee.events.v1.ShowtimeCancelled;
import marquee.events.v1.ShowtimeChanged;
import marquee.platform.ServiceContext;
import marquee.platform.auth.Principal;
import marquee.platform.events.Event;
import marquee.platform.events.EventTypes;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations' side of showtime events from movies. Any change refreshes the cached showtime
 * snapshot (the next hold reads movies again, so a cancelled showtime takes no new hold); a
 * cancellation cancels every sold booking of the showtime with a full refund through the one
 * cancellation path ({@link Cancellations}), which also revokes the tickets. Handling it again —
 * a redelivery after a crash halfway — refunds nothing twice: a cancelled booking is not sold any
 * more, and one caught between refund and cancel continues under its refund key.
 */
final class ShowtimeEventsConsumer {
    private static final Logger log = LoggerFactory.getLogger(ShowtimeEventsConsumer.class);
    static final String CONSUMER = "reservations.showtimes";
    static final String REASON = "showtime cancelled by the cinema";
    private static final Principal SERVICE = new Principal("service:reservations", Role.SERVICE, "", "reservations", "",
            Set.of());

    private final DataSource db;
    private final Venue venue;
    private final Cancellations cancellations;
    private final java.time.Duration lateSalesWait;

    private ShowtimeEventsConsumer(DataSource db, Venue venue, Cancellations cancellations, java.time.Duration lateSalesWait) {
        this.lateSalesWait = lateSalesWait;
        this.db = db;
        this.venue = venue;
        this.cancellations = cancellations;
    }

    /** Subscribes reservations to showtime changes and cancellations. */
    static void subscribe(ServiceContext context, Venue venue, Cancellations cancellations) {
        ShowtimeEventsConsumer consumer = new ShowtimeEventsConsumer(context.database().dataSource(), venue, cancellations,
                context.config().getDuration("marquee.reservations.cancel.late.sales.wait", java.time.Duration.ofSeconds(3)));
        context.events().subscribe(CONSUMER, context.database().dataSource(),
                Set.of(EventTypes.SHOWTIME_CHANGED, EventTypes.SHOWTIME_CANCELLED, EventTypes.SHOWTIME_CREATED,
                        EventTypes.HALL_LAYOUT_CHANGED),
                consumer::handle);
        // The consumer above runs in one instance per event; every instance's snapshots must go.
        context.events().broadcast(CONSUMER + "-snapshots",
                Set.of(EventTypes.SHOWTIME_CHANGED, EventTypes.SHOWTIME_CANCELLED, EventTypes.HALL_LAYOUT_CHANGED),
                event -> forgetSnapshot(venue, event));
    }

    private static void forgetSnapshot(Venue venue, Event event) {
        switch (event.type()) {
            case EventTypes.SHOWTIME_CANCELLED -> venue.forget(UUID.fromString(event.as(ShowtimeCancelled.parser()).getShowtimeId()));
            case EventTypes.SHOWTIME_CHANGED -> venue.forget(UUID.fromString(event.as(ShowtimeChanged.parser()).getShowtimeId()));
            case EventTypes.HALL_LAYOUT_CHANGED -> venue.forgetHall(event.as(HallLayoutChanged.parser()).getHallId());
            default -> { }
        }
    }

    private void handle(Event event, Connection tx) throws SQLException {
        switch (event.type()) {
            case EventTypes.SHOWTIME_CANCELLED -> {
                ShowtimeCancelled cancelled = event.as(ShowtimeCancelled.parser());
                UUID showtimeId = UUID.fromString(cancelled.getShowtimeId());
                venue.forget(showtimeId);
                // Committed before any booking is cancelled: from now on the database refuses every sale of it (V9).
                CancelledShowtimes.record(db, showtimeId);
                cancelBookings(showtimeId);
            }
            case EventTypes.SHOWTIME_CHANGED, EventTypes.SHOWTIME_CREATED ->
                    venue.forget(UUID.fromString(event.as(ShowtimeChanged.parser()).getShowtimeId()));
            case EventTypes.HALL_LAYOUT_CHANGED -> venue.forgetHall(event.as(HallLayoutChanged.parser()).getHallId());
            default -> { }
        }
    }

    private void cancelBookings(UUID showtimeId) throws SQLException {
        int done = cancelSold(showtimeId);
        // A checkout that checked the showtime just before it was cancelled may still be charging; its
        // sale lands within the card gateway's time. One more pass after that catches it.
        try {
            Thread.sleep(lateSalesWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling the bookings of showtime " + showtimeId, e);
        }
        done += cancelSold(showtimeId);
        log.info("Showtime {} cancelled: {} booking(s) cancelled and refunded", showtimeId, done);
    }

    private int cancelSold(UUID showtimeId) throws SQLException {
        int done = 0;
        for (UUID bookingId : soldBookings(showtimeId)) {
            // The service is stopping (its event jobs are interrupted): stop between two bookings rather than
            // hold the shutdown for hundreds of refunds; the event is not marked handled, so the rest is
            // done after the restart.
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("stopping: the cancellations of showtime " + showtimeId
                    + " go on after the restart (" + done + " done in this run)");
            cancellations.cancel(SERVICE, bookingId, REASON, false, null);
            done++;
        }
        // Cut off after the seats were freed but before the tickets were revoked (a stop halfway):
        // finished now rather than by the reconciler a minute later.
        for (CheckoutStore.PendingCancellation pending : unfinished(showtimeId)) cancellations.resume(pending);
        return done;
    }

    private List<CheckoutStore.PendingCancellation> unfinished(UUID showtimeId) throws SQLException {
        List<CheckoutStore.PendingCancellation> pending = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT c.booking_id, c.payment_id, c.reason, c.requested_by FROM cancellation c
                       JOIN booking b ON b.id = c.booking_id
                      WHERE b.showtime_id = ? AND b.status = 'CANCELLED' AND c.stage = 'CANCELLED' AND NOT c.done""")) {
            q.setObject(1, showtimeId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    pending.add(new CheckoutStore.PendingCancellation(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), false));
                }
            }
        }
        return pending;
    }

    /** Sold bookings, and those whose cancellation was asked for but not finished. */
    private List<UUID> soldBookings(UUID showtimeId) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT id FROM booking WHERE showtime_id = ? AND status = 'CONFIRMED' ORDER BY created_at, id")) {
            q.setObject(1, showtimeId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
