package marquee.reservations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.db.Transactions;
import marquee.platform.errors.NotFoundException;

/**
 * The SQL of bookings (tables {@code booking}, {@code booking_line}, {@code seat_claim}): reading
 * them, the hold's one call of {@code hold_seats()}, and the statements a release or a change of
 * ticket types runs in its transaction. No rules: {@link Holds} decides, this stores.
 */
final class BookingStore {
    private final Transactions transactions;

    BookingStore(DataSource db) {
        this.transactions = new Transactions(db, "reservations");
    }

    Transactions transactions() {
        return transactions;
    }

    /** What {@code hold_seats()} answered: HELD (with expiry and creation time), EARLIER (the key's hold) or CAP. */
    record HoldOutcome(String outcome, UUID bookingId, Instant expiresAt, Instant createdAt, double retryAfterSeconds) {}

    /**
     * The hold in one round trip, autocommit: see V4__hold_in_one_round_trip.sql for what the
     * function does. Lines must come sorted by seat id. Kept to this one method so that the hold
     * function can be tuned without touching anything else.
     */
    HoldOutcome holdSeats(UUID id, String code, Venue.Show show, String userId, SeatRules.Priced priced, long ttlMillis,
                          String key, int cap, List<SeatRules.Line> lines) throws SQLException {
        try (Connection c = transactions.dataSource().getConnection(); PreparedStatement hold = c.prepareStatement(
                "SELECT outcome, booking_id, expires_at, created_at, retry_after_s FROM hold_seats("
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::varchar[], ?::varchar[], ?::int[], ?::varchar[], ?::varchar[], ?::bigint[])")) {
            int i = 1;
            hold.setObject(i++, id);
            hold.setString(i++, code);
            hold.setObject(i++, show.showtimeId());
            hold.setObject(i++, show.cinemaId());
            hold.setString(i++, userId);
            hold.setString(i++, priced.currency());
            hold.setLong(i++, priced.feeMinor());
            hold.setLong(i++, priced.totalMinor());
            hold.setLong(i++, ttlMillis);
            hold.setString(i++, key);
            hold.setString(i++, show.movieTitle());
            hold.setString(i++, show.hallName());
            hold.setTimestamp(i++, Timestamp.from(show.startsAt()));
            hold.setInt(i++, cap);
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(SeatRules.Line::seatId).toArray()));
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(SeatRules.Line::row).toArray()));
            hold.setArray(i++, c.createArrayOf("int4", lines.stream().map(SeatRules.Line::number).toArray()));
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(l -> l.category().name()).toArray()));
            hold.setArray(i++, c.createArrayOf("varchar", lines.stream().map(l -> l.ticketType().name()).toArray()));
            hold.setArray(i, c.createArrayOf("int8", lines.stream().map(SeatRules.Line::priceMinor).toArray()));
            try (ResultSet rs = hold.executeQuery()) {
                rs.next();
                Timestamp expires = rs.getTimestamp(3);
                Timestamp created = rs.getTimestamp(4);
                return new HoldOutcome(rs.getString(1), rs.getObject(2, UUID.class), expires == null ? null : expires.toInstant(),
                        created == null ? null : created.toInstant(), rs.getDouble(5));
            }
        }
    }

    /** The hold this account made under this idempotency key, if any. */
    Optional<BookingRecord> byIdempotencyKey(String userId, String key) {
        return first(read("b.user_id = ? AND b.idempotency_key = ?", userId, key));
    }

    Optional<BookingRecord> load(UUID id) {
        return first(read("b.id = ?", id));
    }

    Optional<BookingRecord> byCode(String code) {
        return first(read("b.code = ?", code));
    }

    /** An account's bookings, newest first (at most 200). */
    List<BookingRecord> ofUser(String userId) {
        return read("b.user_id = ?", userId);
    }

    /** The booking, locked until the caller's transaction ends; NotFoundException when there is none. */
    BookingRecord lock(Connection c, UUID id) throws SQLException {
        return first(query(c, true, "b.id = ?", id)).orElseThrow(() -> new NotFoundException("booking_id: there is no booking " + id));
    }

    /** Frees the seats a hold still claims; the freed seat ids. */
    static List<String> freeHeldSeats(Connection c, UUID bookingId) throws SQLException {
        List<String> freed = new ArrayList<>();
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM seat_claim WHERE booking_id = ? AND status = 'HELD' RETURNING seat_id")) {
            delete.setObject(1, bookingId);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) freed.add(rs.getString(1));
            }
        }
        return freed;
    }

    /** Records that the holder gave the hold up ({@code released_at}), with its new status if given. */
    static void markReleased(Connection c, UUID bookingId, BookingRecord.Status status) throws SQLException {
        if (status == null) {
            // Already run out and swept: still remember that the holder gave it up.
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE booking SET released_at = coalesce(released_at, now()) WHERE id = ? AND status = 'EXPIRED'")) {
                update.setObject(1, bookingId);
                update.executeUpdate();
            }
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE booking SET status = ?, released_at = coalesce(released_at, now()) WHERE id = ?")) {
            update.setString(1, status.name());
            update.setObject(2, bookingId);
            update.executeUpdate();
        }
    }

    /** Whether any checkout of the booking exists, finished or not. */
    static boolean anyCheckout(Connection c, UUID bookingId) throws SQLException {
        try (PreparedStatement paying = c.prepareStatement("SELECT 1 FROM checkout WHERE booking_id = ? LIMIT 1")) {
            paying.setObject(1, bookingId);
            try (ResultSet rs = paying.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** New ticket types and prices for a hold's lines, and its new fee and total; the booking afterwards. */
    BookingRecord reprice(Connection c, UUID bookingId, SeatRules.Priced priced) throws SQLException {
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
        return first(query(c, false, "b.id = ?", bookingId)).orElseThrow();
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

    private List<BookingRecord> read(String where, Object... parameters) {
        return transactions.autocommit(c -> query(c, false, where, parameters));
    }

    private static Optional<BookingRecord> first(List<BookingRecord> found) {
        return found.stream().findFirst();
    }

    /**
     * Bookings with their lines in one round trip: the bookings (newest first, at most 200, locked
     * when asked) joined with their lines.
     */
    static List<BookingRecord> query(Connection c, boolean lock, String where, Object... parameters) throws SQLException {
        Map<UUID, BookingRecord> found = new LinkedHashMap<>();
        Map<UUID, List<SeatRules.Line>> lines = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT b.id, b.code, b.showtime_id, b.cinema_id, b.user_id, b.status, b.currency, b.fee_minor, b.total_minor,
                       b.expires_at, b.payment_id, b.created_at, b.movie_title, b.hall_name, b.starts_at,
                       l.seat_id, l."row", l.number, l.category, l.ticket_type, l.price_minor
                  FROM (SELECT * FROM booking b WHERE\s""" + where + " ORDER BY b.created_at DESC, b.id LIMIT 200"
                + (lock ? " FOR UPDATE" : "") + """
                ) b LEFT JOIN booking_line l ON l.booking_id = b.id
                 ORDER BY b.created_at DESC, b.id, l."row", l.number""")) {
            for (int i = 0; i < parameters.length; i++) q.setObject(i + 1, parameters[i]);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    List<SeatRules.Line> own = lines.get(id);
                    if (own == null) {
                        own = new ArrayList<>();
                        lines.put(id, own);
                        found.put(id, new BookingRecord(id, rs.getString(2), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
                                rs.getString(5), BookingRecord.Status.valueOf(rs.getString(6)), rs.getString(7).strip(), rs.getLong(8),
                                rs.getLong(9), rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getTimestamp(12).toInstant(),
                                rs.getString(13), rs.getString(14), rs.getTimestamp(15).toInstant(), own));
                    }
                    if (rs.getString(16) != null) {
                        own.add(new SeatRules.Line(rs.getString(16), rs.getString(17), rs.getInt(18),
                                SeatCategory.valueOf(rs.getString(19)), TicketType.valueOf(rs.getString(20)), rs.getLong(21)));
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }
}
