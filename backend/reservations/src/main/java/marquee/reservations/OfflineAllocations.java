package marquee.reservations;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import marquee.common.v1.SeatCategory;
import marquee.platform.auth.Principal;
import marquee.platform.db.Transactions;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.reservations.v1.Allocation;
import marquee.reservations.v1.AllocationList;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.OfflineSalesPolicy;
import marquee.reservations.v1.PriceEntry;
import marquee.reservations.v1.PriceSummary;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.Seat;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seats set aside per terminal and upcoming showtime for offline selling. An allocation is a
 * booking in status HELD owned by "offline:&lt;device&gt;" whose claims sit in {@code seat_claim}
 * like any hold's (so nobody else can hold or sell them, the seat map shows them held, and the hold
 * sweeper returns them at returns_at = the booking's expiry), plus a row in
 * {@code offline_allocation} with the seats as set aside, the price list and the deadlines.
 * Seats are chosen by {@link SeatSuggester} with the cinema's rules, so a block never strands a
 * single empty seat when the cinema forbids it.
 */
final class OfflineAllocations {
    private static final Logger log = LoggerFactory.getLogger(OfflineAllocations.class);
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    /** Owner (booking.user_id) of an allocation's booking: "offline:" and the terminal's id. */
    static final String OWNER_PREFIX = "offline:";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Transactions transactions;
    private final Venue venue;
    private final SeatMaps seatMaps;
    private final OfflineCatalog catalog;
    private final OfflinePolicy defaults;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    OfflineAllocations(Transactions transactions, Venue venue, SeatMaps seatMaps, OfflineCatalog catalog, OfflinePolicy defaults,
                       Clock clock) {
        this.transactions = transactions;
        this.venue = venue;
        this.seatMaps = seatMaps;
        this.catalog = catalog;
        this.defaults = defaults;
        this.clock = clock;
    }

    Transactions transactions() {
        return transactions;
    }

    /** Whether the showtime is still on (a cached snapshot; movies' cancellation events refresh it). */
    boolean stillOn(UUID showtimeId) {
        try {
            return venue.show(showtimeId).scheduled();
        } catch (marquee.platform.errors.NotFoundException e) {
            return false;
        }
    }

    /** A terminal as the caller may use it: its id and cinema. */
    record Terminal(String deviceId, UUID cinemaId, boolean kiosk) {}

    /**
     * Checks that the caller may act for this terminal: a KIOSK for itself (the first kiosk account
     * to name a device id binds it), CASHIER or MANAGER for a till station of their own cinema.
     */
    Terminal terminal(Principal caller, String requestedDeviceId) {
        String deviceId = requestedDeviceId == null ? "" : requestedDeviceId.strip();
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new InvalidArgumentException("device_id must be 3-64 letters, digits, '.', '-' or '_', got \""
                    + marquee.platform.errors.Check.abbreviate(deviceId) + "\"");
        }
        if (!caller.is(Role.KIOSK, Role.CASHIER, Role.MANAGER)) {
            throw new PermissionDeniedException("offline selling is for tills (CASHIER or MANAGER) and kiosks");
        }
        if (caller.cinema().isEmpty()) {
            throw new PermissionDeniedException("a terminal belongs to a cinema; sign in as staff or kiosk of that cinema");
        }
        UUID cinemaId = UUID.fromString(caller.cinemaId());
        boolean kiosk = caller.is(Role.KIOSK);
        return transactions.inTransaction(c -> {
            try (PreparedStatement bind = c.prepareStatement("""
                    INSERT INTO offline_terminal (device_id, cinema_id, kiosk_account) VALUES (?, ?, ?)
                    ON CONFLICT (device_id) DO NOTHING""")) {
                bind.setString(1, deviceId);
                bind.setObject(2, cinemaId);
                bind.setString(3, kiosk ? caller.userId() : null);
                bind.executeUpdate();
            }
            try (PreparedStatement read = c.prepareStatement("SELECT cinema_id, kiosk_account FROM offline_terminal WHERE device_id = ?")) {
                read.setString(1, deviceId);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    UUID boundCinema = rs.getObject(1, UUID.class);
                    String account = rs.getString(2);
                    if (!boundCinema.equals(cinemaId)) throw new PermissionDeniedException("terminal " + deviceId + " belongs to another cinema");
                    if (kiosk && !caller.userId().equals(account)) {
                        throw new PermissionDeniedException("a kiosk acts only for itself; terminal " + deviceId + " is another device");
                    }
                    if (!kiosk && account != null) {
                        throw new PermissionDeniedException("terminal " + deviceId + " is a kiosk; only the kiosk itself acts for it");
                    }
                }
            }
            return new Terminal(deviceId, cinemaId, kiosk);
        });
    }

    /** The cinema's policy in force, with its currency. */
    OfflineSalesPolicy policy(UUID cinemaId) {
        Cinema cinema = catalog.cinema(cinemaId);
        return defaults.resolve(cinema.getSalesRules(), cinema.getCurrency());
    }

    /** Sets aside seats for every upcoming showtime that has none for this terminal; all its allocations. */
    AllocationList take(Terminal terminal) {
        Cinema cinema = catalog.cinema(terminal.cinemaId());
        OfflineSalesPolicy policy = defaults.resolve(cinema.getSalesRules(), cinema.getCurrency());
        if (policy.getSeatsPerShowtime() <= 0) {
            throw new FailedPreconditionException("offline selling is off for cinema " + cinema.getName()
                    + " (sales_rules.offline_seats_per_showtime)");
        }
        if (terminal.kiosk() && !policy.getKiosksAllowed()) {
            throw new FailedPreconditionException("kiosks of cinema " + cinema.getName()
                    + " do not sell offline (sales_rules.offline_kiosks_allowed)");
        }
        Instant now = clock.instant();
        Set<UUID> have = new HashSet<>();
        for (Allocation a : live(terminal.deviceId(), null)) have.add(UUID.fromString(a.getShowtimeId()));
        Instant horizon = now.plusSeconds(policy.getHoursAhead() * 3600L);
        for (UUID showtimeId : catalog.upcoming(cinema, now, horizon)) {
            if (have.contains(showtimeId)) continue;
            try {
                allocate(terminal, showtimeId, policy, now);
            } catch (RuntimeException e) {
                // One showtime that cannot be served (removed hall, no prices) does not stop the others.
                if (e instanceof marquee.platform.errors.UnavailableException) throw e;
                log.warn("No offline allocation for terminal {} and showtime {}: {}", terminal.deviceId(), showtimeId, e.toString());
            }
        }
        return AllocationList.newBuilder().addAllAllocations(live(terminal.deviceId(), null)).setPolicy(policy).build();
    }

    private void allocate(Terminal terminal, UUID showtimeId, OfflineSalesPolicy policy, Instant now) {
        Venue.Show show = venue.show(showtimeId);
        if (!show.scheduled() || !show.cinemaId().equals(terminal.cinemaId())) return;
        Instant returnsAt = show.startsAt().minusSeconds(policy.getReturnMinutesBefore() * 60L);
        Instant sellUntil = returnsAt.minus(defaults.sellMargin());
        if (!sellUntil.isAfter(now)) return;
        PriceSummary prices = priceSummary(show);
        for (int attempt = 1; attempt <= 3; attempt++) {
            List<String> seats = choose(show, seatMaps.occupiedSeats(showtimeId), policy.getSeatsPerShowtime());
            if (seats.isEmpty()) return; // sold out, or nothing left that keeps the seat rules
            List<String> sorted = new ArrayList<>(new TreeSet<>(seats));
            Boolean done = insert(terminal, show, sorted, prices, policy.getCardFloorLimitMinor(), sellUntil, returnsAt);
            if (done != null) return;
            // Someone took one of the seats between the look and the claim: look again.
        }
    }

    /**
     * Up to {@code count} free seats in as few blocks as the suggester finds (the largest block
     * first, each keeping the cinema's seat rules with the blocks chosen before it), so an
     * allocation larger than a row spans rows; fewer when the showtime is nearly sold out.
     */
    static List<String> choose(Venue.Show show, Set<String> occupied, int count) {
        List<String> chosen = new ArrayList<>();
        Set<String> taken = new HashSet<>(occupied);
        int remaining = count;
        while (remaining > 0) {
            List<String> block = List.of();
            for (int n = remaining; n >= 1 && block.isEmpty(); n--) {
                block = SeatSuggester.suggest(show.hall().getLayout(), show.rules(), taken, n, SeatCategory.SEAT_CATEGORY_UNSPECIFIED);
            }
            if (block.isEmpty()) break;
            chosen.addAll(block);
            taken.addAll(block);
            remaining -= block.size();
        }
        return chosen;
    }

    /** true: allocated; false: this terminal has one already; null: a seat was taken meanwhile. */
    private Boolean insert(Terminal terminal, Venue.Show show, List<String> seats, PriceSummary prices, long floorLimit,
                           Instant sellUntil, Instant returnsAt) {
        Map<String, Seat> layout = SeatRules.seatsById(show.hall().getLayout());
        UUID bookingId = UUID.randomUUID();
        UUID allocationId = UUID.randomUUID();
        String code = newCode();
        try {
            return transactions.inTransaction(c -> {
                try (PreparedStatement b = c.prepareStatement("""
                        INSERT INTO booking (id, code, showtime_id, cinema_id, user_id, status, currency, fee_minor, total_minor,
                                             expires_at, movie_title, hall_name, starts_at)
                        VALUES (?, ?, ?, ?, ?, 'HELD', ?, 0, 0, ?, ?, ?, ?)""")) {
                    b.setObject(1, bookingId);
                    b.setString(2, code);
                    b.setObject(3, show.showtimeId());
                    b.setObject(4, show.cinemaId());
                    b.setString(5, OWNER_PREFIX + terminal.deviceId());
                    b.setString(6, prices.getCurrency());
                    b.setTimestamp(7, java.sql.Timestamp.from(returnsAt));
                    b.setString(8, show.movieTitle());
                    b.setString(9, show.hallName());
                    b.setTimestamp(10, java.sql.Timestamp.from(show.startsAt()));
                    b.executeUpdate();
                }
                try (PreparedStatement l = c.prepareStatement("""
                        INSERT INTO booking_line (booking_id, seat_id, "row", number, category, ticket_type, price_minor)
                        VALUES (?, ?, ?, ?, ?, 'ADULT', 0)""")) {
                    for (String seatId : seats) {
                        Seat seat = layout.get(seatId);
                        l.setObject(1, bookingId);
                        l.setString(2, seatId);
                        l.setString(3, seat.getRow());
                        l.setInt(4, seat.getNumber());
                        l.setString(5, seat.getCategory().name());
                        l.addBatch();
                    }
                    l.executeBatch();
                }
                int claimed;
                try (PreparedStatement claim = c.prepareStatement("""
                        INSERT INTO seat_claim AS sc (showtime_id, seat_id, booking_id, status, expires_at)
                        SELECT ?, s, ?, 'HELD', ? FROM unnest(?::varchar[]) AS s
                        ON CONFLICT (showtime_id, seat_id) DO UPDATE
                           SET booking_id = excluded.booking_id, status = 'HELD', expires_at = excluded.expires_at
                         WHERE sc.status = 'HELD' AND sc.expires_at < now()""")) {
                    claim.setObject(1, show.showtimeId());
                    claim.setObject(2, bookingId);
                    claim.setTimestamp(3, java.sql.Timestamp.from(returnsAt));
                    claim.setArray(4, c.createArrayOf("varchar", seats.toArray()));
                    claimed = claim.executeUpdate();
                }
                if (claimed < seats.size()) {
                    c.rollback();
                    return null;
                }
                SeatMaps.append(c, show.showtimeId(), c.createArrayOf("varchar", seats.toArray()), "HELD", "allocated");
                try (PreparedStatement a = c.prepareStatement("""
                        INSERT INTO offline_allocation (id, booking_id, device_id, cinema_id, showtime_id, seat_ids, prices,
                                                        card_floor_limit_minor, sell_until, returns_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    a.setObject(1, allocationId);
                    a.setObject(2, bookingId);
                    a.setString(3, terminal.deviceId());
                    a.setObject(4, show.cinemaId());
                    a.setObject(5, show.showtimeId());
                    a.setArray(6, c.createArrayOf("varchar", seats.toArray()));
                    a.setBytes(7, prices.toByteArray());
                    a.setLong(8, floorLimit);
                    a.setTimestamp(9, java.sql.Timestamp.from(sellUntil));
                    a.setTimestamp(10, java.sql.Timestamp.from(returnsAt));
                    a.executeUpdate();
                }
                log.info("Set aside {} seat(s) of showtime {} for terminal {} until {}", seats.size(), show.showtimeId(),
                        terminal.deviceId(), returnsAt);
                return true;
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return sql.getMessage() != null && sql.getMessage().contains("booking_code_key") ? null : false;
            }
            throw e;
        }
    }

    static PriceSummary priceSummary(Venue.Show show) {
        PriceSummary.Builder prices = PriceSummary.newBuilder().setCurrency(show.prices().getCurrency())
                .setBookingFeeMinor(show.prices().getBookingFeeMinor());
        for (var price : show.prices().getPricesList()) {
            prices.addEntries(PriceEntry.newBuilder().setCategory(price.getCategory()).setTicketType(price.getTicketType())
                    .setAmountMinor(price.getAmountMinor()));
        }
        return prices.build();
    }

    /** Gives back unsold seats of the terminal's allocations (all when ids is empty); all it has left. */
    AllocationList giveBack(Terminal terminal, List<String> allocationIds) {
        List<UUID> ids = new ArrayList<>();
        for (String id : allocationIds) ids.add(marquee.platform.errors.Check.uuid("allocation_ids", id));
        int returned = transactions.inTransaction(c -> {
            List<UUID[]> due = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT a.id, a.booking_id, a.showtime_id FROM offline_allocation a
                     WHERE a.device_id = ? AND a.returned_at IS NULL AND (cardinality(?::uuid[]) = 0 OR a.id = ANY (?::uuid[]))
                     ORDER BY a.booking_id FOR UPDATE""")) {
                java.sql.Array array = c.createArrayOf("uuid", ids.toArray());
                q.setString(1, terminal.deviceId());
                q.setArray(2, array);
                q.setArray(3, array);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) due.add(new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)});
                }
            }
            for (UUID[] a : due) returnOne(c, a[0], a[1], a[2], "returned");
            return due.size();
        });
        if (returned > 0) log.info("Terminal {} returned {} allocation(s)", terminal.deviceId(), returned);
        return AllocationList.newBuilder().addAllAllocations(live(terminal.deviceId(), null)).setPolicy(policy(terminal.cinemaId())).build();
    }

    /** Frees the unsold seats of one allocation and marks it returned, in the caller's transaction. */
    static void returnOne(Connection c, UUID allocationId, UUID bookingId, UUID showtimeId, String reason) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT status FROM booking WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, bookingId);
            lock.executeQuery().close();
        }
        List<String> freed = BookingStore.freeHeldSeats(c, bookingId);
        try (PreparedStatement b = c.prepareStatement("""
                UPDATE booking SET status = CASE WHEN status = 'HELD' THEN 'RELEASED' ELSE status END,
                       released_at = coalesce(released_at, now()) WHERE id = ?""")) {
            b.setObject(1, bookingId);
            b.executeUpdate();
        }
        try (PreparedStatement a = c.prepareStatement("UPDATE offline_allocation SET returned_at = now() WHERE id = ? AND returned_at IS NULL")) {
            a.setObject(1, allocationId);
            a.executeUpdate();
        }
        if (!freed.isEmpty()) SeatMaps.append(c, showtimeId, c.createArrayOf("varchar", freed.toArray()), "FREE", reason);
    }

    /** Live allocations (not returned, not run out) of a terminal, or of a cinema when deviceId is null. */
    List<Allocation> live(String deviceId, UUID cinemaId) {
        return transactions.autocommit(c -> {
            List<Allocation> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT a.id, a.device_id, a.showtime_id, a.cinema_id, b.movie_title, b.hall_name, b.starts_at, a.prices,
                           a.sell_until, a.returns_at,
                           array(SELECT l.seat_id FROM booking_line l JOIN seat_claim sc
                                   ON sc.showtime_id = a.showtime_id AND sc.seat_id = l.seat_id AND sc.booking_id = a.booking_id
                                  WHERE l.booking_id = a.booking_id ORDER BY l."row", l.number) AS seats,
                           array(SELECT l."row" FROM booking_line l JOIN seat_claim sc
                                   ON sc.showtime_id = a.showtime_id AND sc.seat_id = l.seat_id AND sc.booking_id = a.booking_id
                                  WHERE l.booking_id = a.booking_id ORDER BY l."row", l.number) AS rows,
                           array(SELECT l.number FROM booking_line l JOIN seat_claim sc
                                   ON sc.showtime_id = a.showtime_id AND sc.seat_id = l.seat_id AND sc.booking_id = a.booking_id
                                  WHERE l.booking_id = a.booking_id ORDER BY l."row", l.number) AS numbers,
                           array(SELECT l.category FROM booking_line l JOIN seat_claim sc
                                   ON sc.showtime_id = a.showtime_id AND sc.seat_id = l.seat_id AND sc.booking_id = a.booking_id
                                  WHERE l.booking_id = a.booking_id ORDER BY l."row", l.number) AS categories
                      FROM offline_allocation a JOIN booking b ON b.id = a.booking_id
                     WHERE a.returned_at IS NULL AND b.status = 'HELD' AND b.expires_at > now()
                       AND (?::varchar IS NULL OR a.device_id = ?) AND (?::uuid IS NULL OR a.cinema_id = ?)
                     ORDER BY b.starts_at, a.device_id""")) {
                q.setString(1, deviceId);
                q.setString(2, deviceId);
                q.setObject(3, cinemaId);
                q.setObject(4, cinemaId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Allocation.Builder a = Allocation.newBuilder().setAllocationId(rs.getString(1)).setDeviceId(rs.getString(2))
                                .setShowtimeId(rs.getString(3)).setCinemaId(rs.getString(4)).setMovieTitle(rs.getString(5))
                                .setHallName(rs.getString(6)).setStartsAt(ts(rs.getTimestamp(7).toInstant()))
                                .setPrices(prices(rs.getBytes(8))).setSellUntil(ts(rs.getTimestamp(9).toInstant()))
                                .setReturnsAt(ts(rs.getTimestamp(10).toInstant()));
                        String[] seats = (String[]) rs.getArray(11).getArray();
                        String[] rows = (String[]) rs.getArray(12).getArray();
                        Integer[] numbers = (Integer[]) rs.getArray(13).getArray();
                        String[] categories = (String[]) rs.getArray(14).getArray();
                        for (int i = 0; i < seats.length; i++) {
                            a.addSeats(BookingLine.newBuilder().setSeatId(seats[i]).setRow(rows[i]).setNumber(numbers[i])
                                    .setCategory(SeatCategory.valueOf(categories[i])));
                        }
                        if (a.getSeatsCount() > 0) out.add(a.build());
                    }
                }
            }
            return out;
        });
    }

    static PriceSummary prices(byte[] bytes) {
        try {
            return PriceSummary.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored price list unreadable", e);
        }
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(Holds.CODE_LENGTH);
        for (int i = 0; i < Holds.CODE_LENGTH; i++) code.append(Holds.CODE_ALPHABET.charAt(random.nextInt(Holds.CODE_ALPHABET.length())));
        return code.toString();
    }

    static String join(String[] values) {
        return String.join(", ", Arrays.asList(values));
    }
}
