package marquee.reservations;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.platform.auth.Principal;
import marquee.platform.auth.ServiceScopes;
import marquee.platform.db.Transactions;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.ResourceExhaustedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds and the bookings they become, as use cases and rules: holding seats, giving a hold up,
 * changing its ticket types, who may see or change a booking, and seat suggestions. Who gets a
 * seat is decided by the primary key of {@code seat_claim} in the same statement or transaction as
 * the booking ({@link BookingStore}), never by a check in Java.
 */
final class Holds {
    private static final Logger log = LoggerFactory.getLogger(Holds.class);
    static final String CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    static final int CODE_LENGTH = 6;
    /** Codes a terminal chose for a sale it made offline (OfflineSalesService) are 8 characters long. */
    static final int OFFLINE_CODE_LENGTH = 8;
    private static final int ATTEMPTS = 5;
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE raised by hold_seats when another booking has one of the seats (DETAIL names them). */
    private static final String SEAT_TAKEN = "MQ001";

    private final BookingStore store;
    private final SeatMaps seatMaps;
    private final Venue venue;
    private final Clock clock;
    private final Duration holdTtl;
    private final SecureRandom random = new SecureRandom();
    private final ReservationMetrics metrics;
    /** Live holds a customer may have at once (0: no cap); see {@link #limitLiveHoldsPerCustomer}. */
    private volatile int liveHoldsPerCustomer;

    Holds(BookingStore store, SeatMaps seatMaps, Venue venue, Clock clock, Duration holdTtl, ReservationMetrics metrics) {
        this.store = store;
        this.seatMaps = seatMaps;
        this.venue = venue;
        this.clock = clock;
        this.holdTtl = holdTtl;
        this.metrics = metrics;
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
            Set<String> occupied = show.rules().getForbidSingleEmptySeat() ? seatMaps.occupiedSeats(showtimeId) : Set.of();
            priced = SeatRules.price(selections, show.hall().getLayout(), show.rules(), show.prices(), occupied);
        } catch (RuntimeException refused) {
            if (key != null) {
                Optional<BookingRecord> earlier = store.byIdempotencyKey(caller.userId(), key);
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
                    return sameRequest(store.byIdempotencyKey(caller.userId(), key).orElseThrow(), showtimeId);
                }
                boolean retryable = (UNIQUE_VIOLATION.equals(e.getSQLState()) && "booking_code_key".equals(constraint))
                        || Transactions.retryable(e);
                if (!retryable || attempt >= ATTEMPTS) throw store.transactions().translate(e);
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
        lines.sort(Comparator.comparing(SeatRules.Line::seatId));
        BookingStore.HoldOutcome outcome;
        try {
            outcome = store.holdSeats(id, code, show, caller.userId(), priced, holdTtl.toMillis(), key,
                    caller.is(Role.CUSTOMER) ? liveHoldsPerCustomer : 0, lines);
        } catch (SQLException e) {
            if (SEAT_TAKEN.equals(e.getSQLState())) {
                metrics.seatConflict(false);
                String taken = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getDetail() : null;
                throw new FailedPreconditionException("seat taken" + (taken == null || taken.isBlank() ? "" : ": " + taken));
            }
            throw e;
        }
        switch (outcome.outcome()) {
            case "EARLIER" -> {
                return sameRequest(store.load(outcome.bookingId()).orElseThrow(), show.showtimeId());
            }
            case "CAP" -> throw new ResourceExhaustedException("You already hold seats in " + liveHoldsPerCustomer
                    + " orders; finish or release one (or let it run out) before holding more",
                    Duration.ofSeconds(Math.max(1, (long) Math.ceil(outcome.retryAfterSeconds()))));
            default -> { }
        }
        log.debug("Hold {} of {} seat(s) for showtime {} by {}", id, lines.size(), show.showtimeId(), caller.userId());
        // Everything the answer needs was just written; reading it back would cost more queries.
        List<SeatRules.Line> ordered = new ArrayList<>(lines);
        ordered.sort(Comparator.comparing(SeatRules.Line::row).thenComparingInt(SeatRules.Line::number));
        return new BookingRecord(id, code, show.showtimeId(), show.cinemaId(), caller.userId(), BookingRecord.Status.HELD,
                priced.currency(), priced.feeMinor(), priced.totalMinor(), outcome.expiresAt(), null, outcome.createdAt(),
                show.movieTitle(), show.hallName(), show.startsAt(), List.copyOf(ordered));
    }

    /** Gives up a hold; a hold already released or expired is returned as it is. */
    BookingRecord release(Principal caller, UUID bookingId) {
        // The holder's own hold (the usual case): one round trip, see OwnHoldRelease.
        Optional<OwnHoldRelease.Result> own = OwnHoldRelease.tryRelease(store.transactions().dataSource(), caller, bookingId,
                clock.instant());
        if (own.isPresent()) {
            BookingRecord.Status now = own.get().booking().status();
            if (own.get().changed()) {
                if (now == BookingRecord.Status.RELEASED) metrics.holdReleased();
                else metrics.holdsExpired(1);
            }
            return own.get().booking();
        }
        record Released(BookingRecord booking, BookingRecord.Status changed) {}
        Released released = store.transactions().inTransaction(c -> {
            BookingRecord booking = lockForChange(c, caller, bookingId);
            if (booking.status() == BookingRecord.Status.CONFIRMED || booking.status() == BookingRecord.Status.CANCELLED) {
                throw new FailedPreconditionException("booking " + booking.code() + " is " + booking.status().name().toLowerCase(Locale.ROOT)
                        + ", not a hold; cancel it instead");
            }
            if (booking.status() != BookingRecord.Status.HELD) {
                BookingStore.markReleased(c, bookingId, null);
                return new Released(booking, null);
            }
            List<String> freed = BookingStore.freeHeldSeats(c, bookingId);
            // A hold that ran out before the release is recorded as expired: that is what happened.
            BookingRecord.Status status = booking.expiresAt().isAfter(clock.instant())
                    ? BookingRecord.Status.RELEASED : BookingRecord.Status.EXPIRED;
            // released_at: the holder gave it up, so it is never sold afterwards (see sell_booking).
            BookingStore.markReleased(c, bookingId, status);
            if (!freed.isEmpty()) {
                SeatMaps.append(c, booking.showtimeId(), c.createArrayOf("varchar", freed.toArray()), "FREE",
                        status == BookingRecord.Status.RELEASED ? "released" : "expired");
            }
            log.debug("Hold {} {} by {} ({} seat(s) freed)", bookingId, status.name().toLowerCase(Locale.ROOT), caller.userId(),
                    freed.size());
            return new Released(booking.with(status, booking.paymentId()), status);
        });
        // Counted only when this call changed the hold, after its commit (a repeated release counts nothing).
        if (released.changed() == BookingRecord.Status.RELEASED) metrics.holdReleased();
        else if (released.changed() == BookingRecord.Status.EXPIRED) metrics.holdsExpired(1);
        return released.booking();
    }

    /**
     * New ticket types for the seats of a running hold, priced anew in one transaction under the
     * booking's row lock. The seats and the expiry stay; seat-placement rules are not checked
     * again because the seats did not change. Refused once any checkout exists for the hold (a
     * payment is for the total it was taken at; a checkout row's foreign key takes a share lock on
     * the booking row, so one cannot slip in between this check and the commit).
     */
    BookingRecord changeTicketTypes(Principal caller, UUID bookingId, List<SeatRules.Selection> selections) {
        SeatRules.checkShape(selections);
        return store.transactions().inTransaction(c -> {
            BookingRecord booking = lockForChange(c, caller, bookingId);
            if (booking.status() != BookingRecord.Status.HELD || !booking.expiresAt().isAfter(clock.instant())) {
                throw new FailedPreconditionException("booking " + booking.code() + " is no longer held; choose the seats again");
            }
            Set<String> held = new TreeSet<>();
            booking.lines().forEach(line -> held.add(line.seatId()));
            Set<String> asked = new TreeSet<>();
            selections.forEach(s -> asked.add(s.seatId()));
            if (!held.equals(asked)) {
                throw new InvalidArgumentException("seats: name exactly the held seats " + String.join(", ", held) + ", got "
                        + String.join(", ", asked));
            }
            if (BookingStore.anyCheckout(c, bookingId)) {
                throw new FailedPreconditionException("booking " + booking.code()
                        + " has a payment under way or made; its tickets can no longer change");
            }
            Venue.Show show = venue.show(booking.showtimeId());
            var samePlaces = show.rules().toBuilder().setForbidSingleEmptySeat(false).build();
            SeatRules.Priced priced = SeatRules.price(selections, show.hall().getLayout(), samePlaces, show.prices(), Set.of());
            return store.reprice(c, bookingId, priced);
        });
    }

    /** Loads a booking under its row lock for a change by the caller (its holder or staff). */
    private BookingRecord lockForChange(Connection c, Principal caller, UUID bookingId) throws SQLException {
        BookingRecord booking = store.lock(c, bookingId);
        checkAccess(caller, booking, false);
        return booking;
    }

    /**
     * Before money is taken: a showtime movies has cancelled is not charged for. The snapshot is
     * dropped as soon as the cancellation is announced; a sale that slips into the moment before
     * that is refused by the database (V9) and refunded, or cancelled with the showtime's bookings.
     */
    void checkStillOnSale(BookingRecord booking) {
        if (!venue.show(booking.showtimeId()).scheduled()) {
            throw new FailedPreconditionException("showtime " + booking.showtimeId() + " is cancelled; booking "
                    + booking.code() + " can no longer be paid");
        }
    }

    /** A booking by id, if the caller may see it. */
    BookingRecord get(Principal caller, UUID bookingId) {
        BookingRecord booking = store.load(bookingId).orElseThrow(() -> new NotFoundException("there is no booking " + bookingId));
        checkAccess(caller, booking, true);
        return booking;
    }

    /** A booking by its code (any case), if the caller may see it. */
    BookingRecord getByCode(Principal caller, String code) {
        String normal = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if ((normal.length() != CODE_LENGTH && normal.length() != OFFLINE_CODE_LENGTH)
                || !normal.chars().allMatch(ch -> CODE_ALPHABET.indexOf(ch) >= 0)) {
            throw new InvalidArgumentException("code must be " + CODE_LENGTH + " characters (" + OFFLINE_CODE_LENGTH
                    + " for a sale made offline) from " + CODE_ALPHABET + ", got \""
                    + Check.abbreviate(code == null ? "" : code) + "\"");
        }
        BookingRecord booking = store.byCode(normal).orElseThrow(() -> new NotFoundException("there is no booking " + normal));
        checkAccess(caller, booking, true);
        return booking;
    }

    /** The caller's own bookings, newest first. */
    List<BookingRecord> mine(Principal caller) {
        return store.ofUser(caller.userId());
    }

    /**
     * Customers see their own bookings only, and learn nothing about others' (NOT_FOUND); cashiers
     * and kiosks those of their cinema; managers all. Releasing is for the holder and staff.
     */
    static void checkAccess(Principal caller, BookingRecord booking, boolean read) {
        if (booking.userId().startsWith(OfflineAllocations.OWNER_PREFIX) && !caller.isService()) {
            // Seats set aside for a terminal's offline selling: no one pays, changes or releases them as a booking.
            throw new NotFoundException("there is no booking " + booking.code() + " (seats set aside for offline selling)");
        }
        if (caller.userId().equals(booking.userId())) return;
        // Payments and tickets read bookings as themselves to price charges and issue tickets.
        if (caller.isService()) {
            ServiceScopes.require(caller, read ? ServiceScopes.RESERVATIONS_READ : ServiceScopes.RESERVATIONS_CANCEL);
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
        return seatMaps.seatMap(showtimeId);
    }

    /** Free seats of a showtime for a group, best first; nothing is held. */
    List<String> suggest(UUID showtimeId, int count, SeatCategory category) {
        Venue.Show show = venue.show(showtimeId);
        int max = show.rules().getMaxSeatsPerOrder() > 0 ? show.rules().getMaxSeatsPerOrder() : SeatRules.FALLBACK_MAX_SEATS;
        if (count < 1 || count > max) throw new InvalidArgumentException("count must be between 1 and " + max + ", got " + count);
        return SeatSuggester.suggest(show.hall().getLayout(), show.rules(), seatMaps.occupiedSeats(showtimeId), count, category);
    }

    /**
     * Six letters drawn uniformly from the alphabet. One draw of random bytes per code: every call
     * into the shared SecureRandom takes its lock, which 64 concurrent holds made a queue.
     */
    private String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        int alphabet = CODE_ALPHABET.length();
        int unbiased = 256 - 256 % alphabet; // bytes at or above this would favour the first letters
        byte[] bytes = new byte[CODE_LENGTH * 2];
        while (code.length() < CODE_LENGTH) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && code.length() < CODE_LENGTH; i++) {
                int value = bytes[i] & 0xFF;
                if (value < unbiased) code.append(CODE_ALPHABET.charAt(value % alphabet));
            }
        }
        return code.toString();
    }

    private static String constraintOf(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
