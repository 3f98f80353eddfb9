package marquee.reservations;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.auth.Principal;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.ResourceExhaustedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds, releases and reads bookings with plain JDBC. Who gets a seat is decided by the primary
 * key of {@code seat_claim} in the same transaction as the booking, never by a check in Java.
 */
final class Bookings {
    private static final Logger log = LoggerFactory.getLogger(Bookings.class);
    static final String CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    static final int CODE_LENGTH = 6;
    private static final int ATTEMPTS = 5;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION = "40001";

    private final DataSource db;
    private final Venue venue;
    private final Clock clock;
    private final Duration holdTtl;
    private final SecureRandom random = new SecureRandom();
    private final ReservationMetrics metrics;
    /** Live holds a customer may have at once (0: no cap); see {@link #limitLiveHoldsPerCustomer}. */
    private volatile int liveHoldsPerCustomer;

    Bookings(DataSource db, Venue venue, Clock clock, Duration holdTtl) {
        this(db, venue, clock, holdTtl, ReservationMetrics.NONE);
    }

    Bookings(DataSource db, Venue venue, Clock clock, Duration holdTtl, ReservationMetrics metrics) {
        this.metrics = metrics;
        this.db = db;
        this.venue = venue;
        this.clock = clock;
        this.holdTtl = holdTtl;
    }

    /**
     * Caps the live (unexpired, unsold) holds of one CUSTOMER account, so one account cannot lock
     * up a hall; staff, kiosks and services hold for the people in front of them and are not
     * capped. Counted in the hold's own statement (concurrent holds of one account may pass the
     * cap by the few that are in flight together).
     */
    void limitLiveHoldsPerCustomer(int cap) {
        this.liveHoldsPerCustomer = Math.max(0, cap);
    }

    /** Holds seats for the caller, or returns the hold an earlier call with the same key made. */
    BookingRecord hold(Principal caller, UUID showtimeId, List<SeatRules.Selection> selections, String idempotencyKey) {
        SeatRules.checkShape(selections);
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && key.length() > 100) throw new InvalidArgumentException("idempotency_key must have at most 100 characters");
        // A retry under the same key is answered by the hold statement itself (no extra round trip);
        // only when the checks before it refuse is the earlier hold looked up here.
        Venue.Show show;
        SeatRules.Priced priced;
        try {
            show = venue.show(showtimeId);
            if (!show.scheduled()) throw new FailedPreconditionException("showtime " + showtimeId + " is cancelled");
            if (!show.startsAt().isAfter(clock.instant())) {
                throw new FailedPreconditionException("showtime " + showtimeId + " has already started; seats are no longer sold");
            }
            Set<String> occupied = show.rules().getForbidSingleEmptySeat() ? occupiedSeats(showtimeId) : Set.of();
            priced = SeatRules.price(selections, show.hall().getLayout(), show.rules(), show.prices(), occupied);
        } catch (RuntimeException refused) {
            if (key != null) {
                Optional<BookingRecord> earlier = byIdempotencyKey(caller.userId(), key);
                if (earlier.isPresent()) return sameRequest(earlier.get(), showtimeId);
            }
            throw refused;
        }

        for (int attempt = 1; ; attempt++) {
            try {
                BookingRecord held = insertHold(caller, show, priced, key);
                metrics.holdPlaced(held.lines().size()); // committed by now
                return held;
            } catch (SQLException e) {
                String constraint = constraintOf(e);
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && "booking_idempotency".equals(constraint) && key != null) {
                    // A concurrent retry with the same key won; its hold is the answer.
                    return sameRequest(byIdempotencyKey(caller.userId(), key).orElseThrow(), showtimeId);
                }
                boolean retryable = (UNIQUE_VIOLATION.equals(e.getSQLState()) && "booking_code_key".equals(constraint))
                        || DEADLOCK.equals(e.getSQLState()) || SERIALIZATION.equals(e.getSQLState());
                if (!retryable || attempt >= ATTEMPTS) throw new IllegalStateException("could not store the hold", e);
                log.debug("Hold attempt {} for showtime {} retried: {}", attempt, showtimeId, e.getSQLState());
            }
        }
    }

    private BookingRecord sameRequest(BookingRecord earlier, UUID showtimeId) {
        if (!earlier.showtimeId().equals(showtimeId)) {
            throw new InvalidArgumentException("idempotency_key was already used for a hold of another showtime");
        }
        return earlier;
    }

    private BookingRecord insertHold(Principal caller, Venue.Show show, SeatRules.Priced priced, String key) throws SQLException {
        UUID id = UUID.randomUUID();
        String code = newCode();
        // Sorted so that concurrent holds lock overlapping seats in the same order and never deadlock.
        List<SeatRules.Line> lines = new ArrayList<>(priced.lines());
        lines.sort((a, b) -> a.seatId().compareTo(b.seatId()));
        String[] seatIds = lines.stream().map(SeatRules.Line::seatId).toArray(String[]::new);
        Timestamp expiresAt;
        Timestamp createdAt;
        // One round trip, autocommit: see V4__hold_in_one_round_trip.sql for what the function does.
        try (Connection c = db.getConnection(); PreparedStatement hold = c.prepareStatement(
                "SELECT outcome, booking_id, expires_at, created_at, retry_after_s FROM hold_seats("
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::varchar[], ?::varchar[], ?::int[], ?::varchar[], ?::varchar[], ?::bigint[])")) {
            int i = 1;
            hold.setObject(i++, id);
            hold.setString(i++, code);
            hold.setObject(i++, show.showtimeId());
            hold.setObject(i++, show.cinemaId());
            hold.setString(i++, caller.userId());
            hold.setString(i++, priced.currency());
            hold.setLong(i++, priced.feeMinor());
            hold.setLong(i++, priced.totalMinor());
            hold.setLong(i++, holdTtl.toMillis());
            hold.setString(i++, key);
            hold.setString(i++, show.movieTitle());
            hold.setString(i++, show.hallName());
            hold.setTimestamp(i++, Timestamp.from(show.startsAt()));
            hold.setInt(i++, caller.is(Role.CUSTOMER) ? liveHoldsPerCustomer : 0);
            hold.setArray(i++, c.createArrayOf("varchar", seatIds));
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(SeatRules.Line::row).toArray()));
            hold.setArray(i++, c.createArrayOf("int4", lines.stream().map(SeatRules.Line::number).toArray()));
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(l -> l.category().name()).toArray()));
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(l -> l.ticketType().name()).toArray()));
            hold.setArray(i, c.createArrayOf("int8", lines.stream().map(SeatRules.Line::priceMinor).toArray()));
            try (ResultSet rs = hold.executeQuery()) {
                rs.next();
                switch (rs.getString(1)) {
                    case "EARLIER" -> {
                        return sameRequest(load(rs.getObject(2, UUID.class)).orElseThrow(), show.showtimeId());
                    }
                    case "CAP" -> throw new ResourceExhaustedException("You already hold seats in " + liveHoldsPerCustomer
                            + " orders; finish or release one (or let it run out) before holding more",
                            Duration.ofSeconds(Math.max(1, (long) Math.ceil(rs.getDouble(5)))));
                    default -> {
                        expiresAt = rs.getTimestamp(3);
                        createdAt = rs.getTimestamp(4);
                    }
                }
            }
        } catch (SQLException e) {
            if (SEAT_TAKEN.equals(e.getSQLState())) {
                metrics.seatConflict(false);
                String taken = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getDetail() : null;
                throw new FailedPreconditionException("seat taken" + (taken == null || taken.isBlank() ? "" : ": " + taken));
            }
            throw e;
        }
        log.debug("Hold {} of {} seat(s) for showtime {} by {}", id, seatIds.length, show.showtimeId(), caller.userId());
        // Everything the answer needs was just written; reading it back would cost two more queries.
        List<SeatRules.Line> ordered = new ArrayList<>(lines);
        ordered.sort(java.util.Comparator.comparing(SeatRules.Line::row).thenComparingInt(SeatRules.Line::number));
        return new BookingRecord(id, code, show.showtimeId(), show.cinemaId(), caller.userId(), BookingRecord.Status.HELD,
                priced.currency(), priced.feeMinor(), priced.totalMinor(), expiresAt.toInstant(), null, createdAt.toInstant(),
                show.movieTitle(), show.hallName(), show.startsAt(), List.copyOf(ordered));
    }

    /** Which of these seats of a showtime belong to another booking (for the "seat taken" message). */
    static List<String> takenByOthers(Connection c, UUID showtimeId, Array seats, UUID mine) throws SQLException {
        List<String> taken = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT seat_id FROM seat_claim WHERE showtime_id = ? AND seat_id = ANY (?) AND booking_id <> ? ORDER BY seat_id""")) {
            q.setObject(1, showtimeId);
            q.setArray(2, seats);
            q.setObject(3, mine);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) taken.add(rs.getString(1));
            }
        }
        return taken;
    }

    /** Records a change of seat state under the showtime's next version (see seat_version in V1). */
    /** Records a seat change with the showtime's next version, in the caller's transaction. */
    static void event(Connection c, UUID showtimeId, Array seats, String status, String reason) throws SQLException {
        try (PreparedStatement e = c.prepareStatement("""
                WITH bumped AS (
                    INSERT INTO seat_version (showtime_id, version) VALUES (?, 1)
                    ON CONFLICT (showtime_id) DO UPDATE SET version = seat_version.version + 1
                    RETURNING version)
                INSERT INTO seat_event (showtime_id, version, seat_ids, status, reason)
                SELECT ?, version, ?, ?, ? FROM bumped""")) {
            e.setObject(1, showtimeId);
            e.setObject(2, showtimeId);
            e.setArray(3, seats);
            e.setString(4, status);
            e.setString(5, reason);
            e.executeUpdate();
        }
    }

    /** Gives up a hold; a hold already released or expired is returned as it is. */
    BookingRecord release(Principal caller, UUID bookingId) {
        // The holder's own hold (the usual case): one round trip, see OwnHoldRelease.
        Optional<OwnHoldRelease.Result> own = OwnHoldRelease.tryRelease(db, caller, bookingId, clock.instant());
        if (own.isPresent()) {
            BookingRecord.Status now = own.get().booking().status();
            if (own.get().changed()) {
                if (now == BookingRecord.Status.RELEASED) metrics.holdReleased();
                else metrics.holdsExpired(1);
            }
            return own.get().booking();
        }
        BookingRecord result;
        BookingRecord.Status changed = null;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                BookingRecord booking = lockForChange(c, caller, bookingId);
                if (booking.status() == BookingRecord.Status.CONFIRMED || booking.status() == BookingRecord.Status.CANCELLED) {
                    throw new FailedPreconditionException("booking " + booking.code() + " is " + booking.status().name().toLowerCase(Locale.ROOT)
                            + ", not a hold; cancel it instead");
                }
                if (booking.status() == BookingRecord.Status.HELD) {
                    List<String> freed = new ArrayList<>();
                    try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM seat_claim WHERE booking_id = ? AND status = 'HELD' RETURNING seat_id")) {
                        delete.setObject(1, bookingId);
                        try (ResultSet rs = delete.executeQuery()) {
                            while (rs.next()) freed.add(rs.getString(1));
                        }
                    }
                    // A hold that ran out before the release is recorded as expired: that is what happened.
                    String status = booking.expiresAt().isAfter(clock.instant()) ? "RELEASED" : "EXPIRED";
                    // released_at: the holder gave it up, so it is never sold afterwards (see Sales.confirm).
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE booking SET status = ?, released_at = coalesce(released_at, now()) WHERE id = ?")) {
                        update.setString(1, status);
                        update.setObject(2, bookingId);
                        update.executeUpdate();
                    }
                    if (!freed.isEmpty()) {
                        event(c, booking.showtimeId(), c.createArrayOf("varchar", freed.toArray()), "FREE",
                                status.equals("RELEASED") ? "released" : "expired");
                    }
                    log.debug("Hold {} {} by {} ({} seat(s) freed)", bookingId, status.toLowerCase(Locale.ROOT), caller.userId(), freed.size());
                    result = booking.with(BookingRecord.Status.valueOf(status), booking.paymentId());
                    changed = result.status();
                } else {
                    // Already run out and swept: still remember that the holder gave it up.
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE booking SET released_at = coalesce(released_at, now()) WHERE id = ? AND status = 'EXPIRED'")) {
                        update.setObject(1, bookingId);
                        update.executeUpdate();
                    }
                    result = booking;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not release hold " + bookingId, e);
        }
        // Counted only when this call changed the hold, after its commit (a repeated release counts nothing).
        if (changed != null) {
            if (changed == BookingRecord.Status.RELEASED) metrics.holdReleased();
            else metrics.holdsExpired(1);
        }
        return result;
    }

    /**
     * New ticket types for the seats of a running hold, priced anew in one transaction under the
     * booking's row lock. The seats and the expiry stay; seat-placement rules are not checked
     * again because the seats did not change.
     */
    BookingRecord changeTicketTypes(Principal caller, UUID bookingId, List<SeatRules.Selection> selections) {
        SeatRules.checkShape(selections);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                BookingRecord booking = lockForChange(c, caller, bookingId);
                if (booking.status() != BookingRecord.Status.HELD || !booking.expiresAt().isAfter(clock.instant())) {
                    throw new FailedPreconditionException("booking " + booking.code() + " is no longer held; choose the seats again");
                }
                Set<String> held = new java.util.TreeSet<>();
                booking.lines().forEach(line -> held.add(line.seatId()));
                Set<String> asked = new java.util.TreeSet<>();
                selections.forEach(s -> asked.add(s.seatId()));
                if (!held.equals(asked)) {
                    throw new InvalidArgumentException("seats: name exactly the held seats " + String.join(", ", held) + ", got "
                            + String.join(", ", asked));
                }
                // Any checkout, finished or not: a payment is for the total it was taken at. (A checkout
                // row's foreign key takes a share lock on this booking row, so it cannot slip in
                // between this check and the commit.)
                try (PreparedStatement paying = c.prepareStatement("SELECT 1 FROM checkout WHERE booking_id = ? LIMIT 1")) {
                    paying.setObject(1, bookingId);
                    try (ResultSet rs = paying.executeQuery()) {
                        if (rs.next()) {
                            throw new FailedPreconditionException("booking " + booking.code()
                                    + " has a payment under way or made; its tickets can no longer change");
                        }
                    }
                }
                Venue.Show show = venue.show(booking.showtimeId());
                var samePlaces = show.rules().toBuilder().setForbidSingleEmptySeat(false).build();
                SeatRules.Priced priced = SeatRules.price(selections, show.hall().getLayout(), samePlaces, show.prices(), Set.of());
                try (PreparedStatement line = c.prepareStatement(
                        "UPDATE booking_line SET ticket_type = ?, price_minor = ? WHERE booking_id = ? AND seat_id = ?")) {
                    for (SeatRules.Line l : priced.lines()) {
                        line.setString(1, l.ticketType().name());
                        line.setLong(2, l.priceMinor());
                        line.setObject(3, bookingId);
                        line.setString(4, l.seatId());
                        line.addBatch();
                    }
                    line.executeBatch();
                }
                try (PreparedStatement total = c.prepareStatement("UPDATE booking SET fee_minor = ?, total_minor = ? WHERE id = ?")) {
                    total.setLong(1, priced.feeMinor());
                    total.setLong(2, priced.totalMinor());
                    total.setObject(3, bookingId);
                    total.executeUpdate();
                }
                BookingRecord changed = load(c, "b.id = ?", bookingId, false).orElseThrow();
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the tickets of hold " + bookingId, e);
        }
    }

    /** Loads a booking under its row lock for a change by the caller (its holder or staff). */
    private BookingRecord lockForChange(Connection c, Principal caller, UUID bookingId) throws SQLException {
        BookingRecord booking = load(c, "b.id = ?", bookingId, true)
                .orElseThrow(() -> new NotFoundException("booking_id: there is no booking " + bookingId));
        checkAccess(caller, booking, false);
        return booking;
    }

    /** A booking by id, if the caller may see it. */
    /**
     * Holds use a showtime snapshot up to a few seconds old, so before money is taken for a hold the
     * showtime is read fresh from movies: a cancelled showtime is not sold.
     */
    void checkStillOnSale(BookingRecord booking) {
        if (!venue.showFresh(booking.showtimeId()).scheduled()) {
            throw new FailedPreconditionException("showtime " + booking.showtimeId() + " is cancelled; booking "
                    + booking.code() + " can no longer be paid");
        }
    }

    BookingRecord get(Principal caller, UUID bookingId) {
        BookingRecord booking = load(bookingId).orElseThrow(() -> new NotFoundException("there is no booking " + bookingId));
        checkAccess(caller, booking, true);
        return booking;
    }

    /** A booking by its code (any case), if the caller may see it. */
    BookingRecord getByCode(Principal caller, String code) {
        String normal = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (normal.length() != CODE_LENGTH || !normal.chars().allMatch(ch -> CODE_ALPHABET.indexOf(ch) >= 0)) {
            throw new InvalidArgumentException("code must be " + CODE_LENGTH + " characters from " + CODE_ALPHABET + ", got \""
                    + marquee.platform.errors.Check.abbreviate(code == null ? "" : code) + "\"");
        }
        BookingRecord booking = query("b.code = ?", normal, false).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("there is no booking " + normal));
        checkAccess(caller, booking, true);
        return booking;
    }

    /** The caller's own bookings, newest first. */
    List<BookingRecord> mine(Principal caller) {
        return query("b.user_id = ?", caller.userId(), false);
    }

    /**
     * Customers see their own bookings only, and learn nothing about others' (NOT_FOUND); cashiers
     * and kiosks those of their cinema; managers all. Releasing is for the holder and staff.
     */
    static void checkAccess(Principal caller, BookingRecord booking, boolean read) {
        if (caller.userId().equals(booking.userId())) return;
        // Payments and tickets read bookings as themselves to price charges and issue tickets.
        if (caller.isService()) {
            marquee.platform.auth.ServiceScopes.require(caller, read ? marquee.platform.auth.ServiceScopes.RESERVATIONS_READ : marquee.platform.auth.ServiceScopes.RESERVATIONS_CANCEL);
            return;
        }
        if (caller.is(Role.MANAGER) && (caller.cinema().isEmpty() || caller.cinema().get().equals(booking.cinemaId().toString()))) return;
        boolean sameCinema = caller.cinema().map(c -> c.equals(booking.cinemaId().toString())).orElse(false);
        if (caller.is(Role.CASHIER) && sameCinema) return;
        if (read && caller.is(Role.KIOSK) && sameCinema) return;
        if (caller.is(Role.CUSTOMER) || caller.role() == Role.ROLE_UNSPECIFIED) {
            throw new NotFoundException("there is no booking " + booking.code() + " in your account");
        }
        throw new PermissionDeniedException("booking " + booking.code() + " belongs to another cinema");
    }

    /** Layout, rules, prices and every non-free seat of a showtime. */
    SeatMapView seatMap(UUID showtimeId) {
        Venue.Show show = venue.show(showtimeId);
        Map<String, SeatMapView.SeatState> states = new LinkedHashMap<>();
        for (String blocked : SeatRules.blockedSeats(show.hall().getLayout())) states.put(blocked, SeatMapView.SeatState.BLOCKED);
        long version;
        try (Connection c = db.getConnection()) {
            // One snapshot for states and version, so a watcher continuing from the version misses nothing.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                try (PreparedStatement q = c.prepareStatement("""
                        SELECT seat_id, status FROM seat_claim
                         WHERE showtime_id = ? AND (status = 'SOLD' OR expires_at > now())""")) {
                    q.setObject(1, showtimeId);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) states.put(rs.getString(1), SeatMapView.SeatState.valueOf(rs.getString(2)));
                    }
                }
                version = version(c, showtimeId);
                c.commit();
            } finally {
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the seats of showtime " + showtimeId, e);
        }
        return new SeatMapView(show, states, version);
    }

    private static long version(Connection c, UUID showtimeId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(max(version), 0) FROM seat_version WHERE showtime_id = ?")) {
            q.setObject(1, showtimeId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A change of seat state: which seats, their new status (HELD, SOLD, FREE) and why. */
    record SeatEvent(long version, List<String> seatIds, String status, String reason) {}

    /** Changes of a showtime's seats after {@code version}, oldest first (at most 500 per call). */
    List<SeatEvent> eventsAfter(UUID showtimeId, long version) {
        List<SeatEvent> events = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT version, seat_ids, status, reason FROM seat_event
                 WHERE showtime_id = ? AND version > ? ORDER BY version LIMIT 500""")) {
            q.setObject(1, showtimeId);
            q.setLong(2, version);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    events.add(new SeatEvent(rs.getLong(1), List.of((String[]) rs.getArray(2).getArray()), rs.getString(3),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read seat changes of showtime " + showtimeId, e);
        }
        return events;
    }

    /** Free seats of a showtime for a group, best first; nothing is held. */
    List<String> suggest(UUID showtimeId, int count, SeatCategory category) {
        Venue.Show show = venue.show(showtimeId);
        int max = show.rules().getMaxSeatsPerOrder() > 0 ? show.rules().getMaxSeatsPerOrder() : SeatRules.FALLBACK_MAX_SEATS;
        if (count < 1 || count > max) throw new InvalidArgumentException("count must be between 1 and " + max + ", got " + count);
        return SeatSuggester.suggest(show.hall().getLayout(), show.rules(), occupiedSeats(showtimeId), count, category);
    }

    /** Seats of a showtime held (unexpired) or sold right now. */
    private Set<String> occupiedSeats(UUID showtimeId) {
        Set<String> seats = new TreeSet<>();
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT seat_id FROM seat_claim WHERE showtime_id = ? AND (status = 'SOLD' OR expires_at > now())")) {
            q.setObject(1, showtimeId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) seats.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the seats of showtime " + showtimeId, e);
        }
        return seats;
    }

    /**
     * Marks holds past their expiry EXPIRED and frees their seats. SKIP LOCKED lets several
     * instances sweep at once without waiting for each other or touching the same hold twice.
     */
    int sweep(int limit) {
        try (Connection c = db.getConnection(); PreparedStatement sweep = c.prepareStatement("""
                WITH due AS (
                    SELECT id FROM booking WHERE status = 'HELD' AND expires_at < now()
                     ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED),
                freed AS (
                    DELETE FROM seat_claim c USING due WHERE c.booking_id = due.id AND c.status = 'HELD'
                    RETURNING c.showtime_id, c.seat_id),
                bumped AS (
                    INSERT INTO seat_version (showtime_id, version)
                    SELECT DISTINCT showtime_id, 1 FROM freed
                    ON CONFLICT (showtime_id) DO UPDATE SET version = seat_version.version + 1
                    RETURNING showtime_id, version),
                events AS (
                    INSERT INTO seat_event (showtime_id, version, seat_ids, status, reason)
                    SELECT f.showtime_id, b.version, array_agg(f.seat_id ORDER BY f.seat_id), 'FREE', 'expired'
                      FROM freed f JOIN bumped b USING (showtime_id) GROUP BY f.showtime_id, b.version)
                UPDATE booking b SET status = 'EXPIRED' FROM due WHERE b.id = due.id""")) {
            sweep.setInt(1, limit);
            int expired = sweep.executeUpdate(); // auto-commit: committed when this returns
            metrics.holdsExpired(expired);
            return expired;
        } catch (SQLException e) {
            throw new IllegalStateException("could not sweep expired holds", e);
        }
    }

    private Optional<BookingRecord> byIdempotencyKey(String userId, String key) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM booking WHERE user_id = ? AND idempotency_key = ?")) {
                q.setString(1, userId);
                q.setString(2, key);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return load(c, "b.id = ?", rs.getObject(1, UUID.class), false);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read bookings", e);
        }
    }

    Optional<BookingRecord> load(UUID id) {
        return query("b.id = ?", id, false).stream().findFirst();
    }

    /** A booking read inside the caller's transaction (after it locked the row). */
    BookingRecord loadOn(Connection c, UUID id) throws SQLException {
        return load(c, "b.id = ?", id, false).orElseThrow(() -> new NotFoundException("booking_id: there is no booking " + id));
    }

    private List<BookingRecord> query(String where, Object parameter, boolean lock) {
        try (Connection c = db.getConnection()) {
            return queryOn(c, where, parameter, lock);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read bookings", e);
        }
    }

    private Optional<BookingRecord> load(Connection c, String where, Object parameter, boolean lock) throws SQLException {
        return queryOn(c, where, parameter, lock).stream().findFirst();
    }

    private List<BookingRecord> queryOn(Connection c, String where, Object parameter, boolean lock) throws SQLException {
        Map<UUID, BookingRecord> found = new LinkedHashMap<>();
        Map<UUID, List<SeatRules.Line>> lines = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT b.id, b.code, b.showtime_id, b.cinema_id, b.user_id, b.status, b.currency, b.fee_minor, b.total_minor,
                       b.expires_at, b.payment_id, b.created_at, b.movie_title, b.hall_name, b.starts_at
                  FROM booking b WHERE\s""" + where + " ORDER BY b.created_at DESC, b.id LIMIT 200" + (lock ? " FOR UPDATE" : ""))) {
            q.setObject(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    List<SeatRules.Line> own = new ArrayList<>();
                    lines.put(id, own);
                    found.put(id, new BookingRecord(id, rs.getString(2), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
                            rs.getString(5), BookingRecord.Status.valueOf(rs.getString(6)), rs.getString(7).strip(), rs.getLong(8),
                            rs.getLong(9), rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getTimestamp(12).toInstant(),
                            rs.getString(13), rs.getString(14), rs.getTimestamp(15).toInstant(), own));
                }
            }
        }
        if (found.isEmpty()) return List.of();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT booking_id, seat_id, "row", number, category, ticket_type, price_minor FROM booking_line
                 WHERE booking_id = ANY (?) ORDER BY booking_id, "row", number""")) {
            q.setArray(1, c.createArrayOf("uuid", found.keySet().toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    lines.get(rs.getObject(1, UUID.class)).add(new SeatRules.Line(rs.getString(2), rs.getString(3), rs.getInt(4),
                            SeatCategory.valueOf(rs.getString(5)), TicketType.valueOf(rs.getString(6)), rs.getLong(7)));
                }
            }
        }
        return List.copyOf(found.values());
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        return code.toString();
    }

    /** SQLSTATE raised by hold_seats when another booking has one of the seats (DETAIL names them). */
    private static final String SEAT_TAKEN = "MQ001";

    private static String constraintOf(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
