package marquee.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import marquee.platform.db.Transactions;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;

/**
 * The ticket table, in plain SQL: the guarantees here (one ticket per seat, one check-in, a
 * change feed that never skips a change) rest on {@code ON CONFLICT}, conditional updates, and the
 * change stamps of V10__change_numbers_without_cinema_lock.sql.
 *
 * <p>Change feed ordering: concurrent transactions commit {@code change_seq} values out of order (B
 * draws 8 and commits while A, holding 7, is still open), so a reader moving a cursor over
 * {@code change_seq} alone would skip 7 for ever. Writers no longer queue on a lock for that (they
 * did until V10: the cinema's advisory lock through the commit, ~150 purchases/s per cinema).
 * Instead every change carries the id of the transaction that made it ({@code change_xid}, stamped
 * by a trigger whenever {@code change_seq} is drawn), the feed is ordered by
 * {@code (change_xid, change_seq)}, and a reader returns only changes of transactions older than
 * the oldest one still running ({@code pg_snapshot_xmin} of its own snapshot). Any transaction that
 * can still commit — running now or not yet started — has an id at or above that horizon, so it
 * sorts after every change already returned. Writers take a change number by setting
 * {@code change_seq = nextval('ticket_change_seq')} in their INSERT or UPDATE; nothing else.
 */
final class TicketStore {
    private static final String COLUMNS = "id, booking_id, booking_code, cinema_id, showtime_id, seat_id, \"row\", number,"
            + " category, ticket_type, price_minor, currency, movie_title, hall_name, starts_at, status, issued_at, used_at,"
            + " revoked_at, revoke_reason, reprint_count, change_seq";
    private static final String LIVE_SEAT_INDEX = "ticket_one_live_per_show_seat";

    private final Transactions transactions;

    TicketStore(DataSource dataSource) {
        this.transactions = new Transactions(dataSource, "ticket");
    }

    /**
     * Issues the booking's missing tickets and returns all of them, by row and number: one call of
     * {@code issue_tickets()} in autocommit (V6, redefined in V10: only the booking's own lock,
     * against a revocation of the same booking; no cinema-wide lock).
     */
    List<Ticket> issue(BookingInfo booking) {
        try {
            return transactions.autocommit(connection -> {
                try (PreparedStatement issue = connection.prepareStatement("SELECT * FROM issue_tickets(?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?::varchar[], ?::varchar[], ?::int[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[])")) {
                    List<BookingInfo.Line> lines = booking.lines();
                    int i = 0;
                    issue.setLong(++i, lockKey(booking.cinemaId()));
                    issue.setObject(++i, booking.id());
                    issue.setString(++i, booking.code());
                    issue.setObject(++i, booking.cinemaId());
                    issue.setObject(++i, booking.showtimeId());
                    issue.setString(++i, booking.movieTitle());
                    issue.setString(++i, booking.hallName());
                    issue.setTimestamp(++i, Timestamp.from(booking.startsAt()));
                    issue.setArray(++i, connection.createArrayOf("varchar", lines.stream().map(BookingInfo.Line::seatId).toArray()));
                    issue.setArray(++i, connection.createArrayOf("varchar", lines.stream().map(BookingInfo.Line::row).toArray()));
                    issue.setArray(++i, connection.createArrayOf("int4", lines.stream().map(BookingInfo.Line::number).toArray()));
                    issue.setArray(++i, connection.createArrayOf("varchar", lines.stream().map(l -> l.category().name()).toArray()));
                    issue.setArray(++i, connection.createArrayOf("varchar", lines.stream().map(l -> l.ticketType().name()).toArray()));
                    issue.setArray(++i, connection.createArrayOf("int8", lines.stream().map(BookingInfo.Line::priceMinor).toArray()));
                    issue.setArray(++i, connection.createArrayOf("varchar", lines.stream().map(BookingInfo.Line::currency).toArray()));
                    return list(issue);
                }
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql) {
                if (REVOKED.equals(sql.getSQLState())) {
                    throw new FailedPreconditionException("booking " + booking.code() + " was cancelled; its tickets are revoked");
                }
                if (mentions(sql, LIVE_SEAT_INDEX)) {
                    throw new FailedPreconditionException("a seat of booking " + booking.code()
                            + " already has a valid ticket of another booking; revoke that one first");
                }
            }
            throw e;
        }
    }

    /** SQLSTATE raised by issue_tickets for a booking whose tickets were revoked. */
    private static final String REVOKED = "MQ002";

    List<Ticket> byBooking(UUID bookingId) {
        return inTransaction(connection -> byBooking(connection, bookingId));
    }

    Optional<Ticket> byId(UUID ticketId) {
        return inTransaction(connection -> byId(connection, ticketId));
    }

    /** The cinema of a booking's tickets, if any were issued. */
    Optional<UUID> cinemaOfBooking(UUID bookingId) {
        return inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT cinema_id FROM ticket WHERE booking_id = ? UNION SELECT cinema_id FROM revoked_booking"
                            + " WHERE booking_id = ? LIMIT 1")) {
                query.setObject(1, bookingId);
                query.setObject(2, bookingId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Admits the ticket if it is still valid. Empty when another scan (or a revocation) got there
     * first; the conditional update makes two doors scanning at once admit only one.
     */
    Optional<Ticket> checkIn(Ticket ticket) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE ticket SET status = 'USED', used_at = now(),"
                    + " change_seq = nextval('ticket_change_seq') WHERE id = ? AND status = 'VALID' RETURNING " + COLUMNS)) {
                update.setObject(1, ticket.id());
                try (ResultSet rows = update.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Revokes every ticket of the booking not revoked yet, and remembers the booking as revoked. */
    List<Ticket> revoke(UUID bookingId, UUID cinemaId, String reason) {
        return inTransaction(connection -> {
            // The booking's lock, as issue_tickets() takes it: a concurrent issue either commits
            // first (and its tickets are revoked here) or finds the booking revoked.
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(" + BOOKING_LOCK + ", hashtext(?::text))")) {
                lock.setObject(1, bookingId);
                lock.execute();
            }
            try (PreparedStatement remember = connection.prepareStatement("INSERT INTO revoked_booking (booking_id, cinema_id,"
                    + " reason, revoked_at) VALUES (?, ?, ?, now()) ON CONFLICT (booking_id) DO NOTHING")) {
                remember.setObject(1, bookingId);
                remember.setObject(2, cinemaId);
                remember.setString(3, reason);
                remember.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE ticket SET status = 'REVOKED',"
                    + " revoked_at = now(), revoke_reason = ?, change_seq = nextval('ticket_change_seq')"
                    + " WHERE booking_id = ? AND status <> 'REVOKED'")) {
                update.setString(1, reason);
                update.setObject(2, bookingId);
                update.executeUpdate();
            }
            return byBooking(connection, bookingId);
        });
    }

    /** Tickets with a booking code (pickup at the box office), ordered by seat. */
    List<Ticket> byCode(String code) {
        return inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM ticket WHERE booking_code = ?"
                    + " ORDER BY length(\"row\"), \"row\", number, seat_id")) {
                query.setString(1, code);
                return list(query);
            }
        });
    }

    Optional<Ticket> find(UUID ticketId) {
        return inTransaction(connection -> byId(connection, ticketId));
    }

    /**
     * Counts one reprint of each ticket and records it, unless this key already did (then the same
     * tickets come back unchanged). A revoked ticket is never reprinted: the conditional update
     * skips it and the whole reprint is refused.
     */
    List<Ticket> reprint(List<UUID> ticketIds, UUID cinemaId, String key, String reason, String requestedBy, String approvedBy) {
        return inTransaction(connection -> {
            // The cinema's lock only makes two reprints under one key take turns (the key checks
            // below); it has nothing to do with the change feed any more.
            lockCinemaForWriting(connection, cinemaId);
            UUID[] ids = ticketIds.toArray(UUID[]::new);
            try (PreparedStatement done = connection.prepareStatement(
                    "SELECT count(*) FROM reprint WHERE idempotency_key = ? AND ticket_id = ANY (?)")) {
                done.setString(1, key);
                done.setArray(2, connection.createArrayOf("uuid", ids));
                try (ResultSet rows = done.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) return byIds(connection, ids);
                }
            }
            try (PreparedStatement used = connection.prepareStatement("SELECT 1 FROM reprint WHERE idempotency_key = ?")) {
                used.setString(1, key);
                try (ResultSet rows = used.executeQuery()) {
                    if (rows.next()) {
                        throw new InvalidArgumentException("idempotency key reused: it already reprinted other tickets");
                    }
                }
            }
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE ticket SET reprint_count = reprint_count + 1,"
                    + " change_seq = nextval('ticket_change_seq') WHERE id = ANY (?) AND status <> 'REVOKED'")) {
                update.setArray(1, connection.createArrayOf("uuid", ids));
                updated = update.executeUpdate();
            }
            if (updated != ids.length) {
                throw new FailedPreconditionException("a revoked (refunded or cancelled) ticket is never printed again");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reprint (id, ticket_id, idempotency_key,"
                    + " reprint_number, reason, requested_by, approved_by, reprinted_at)"
                    + " SELECT gen_random_uuid(), t.id, ?, t.reprint_count, ?, ?, ?, now() FROM ticket t WHERE t.id = ANY (?)")) {
                insert.setString(1, key);
                insert.setString(2, reason);
                insert.setString(3, requestedBy);
                insert.setString(4, approvedBy);
                insert.setArray(5, connection.createArrayOf("uuid", ids));
                insert.executeUpdate();
            }
            return byIds(connection, ids);
        });
    }

    /**
     * Marks the tickets printed for the first time and returns them, when none was printed before
     * (or this key made that first print: a retry); empty when they were printed already, so the
     * caller prints duplicates. The row locks make two kiosks printing at once agree on who was first.
     */
    Optional<List<Ticket>> firstPrint(List<UUID> ticketIds, String key) {
        return inTransaction(connection -> {
            UUID[] ids = ticketIds.toArray(UUID[]::new);
            boolean anyPrinted = false;
            boolean allByThisKey = true;
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT first_printed_at, first_print_key FROM ticket WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
                lock.setArray(1, connection.createArrayOf("uuid", ids));
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        boolean printed = rows.getObject(1) != null;
                        anyPrinted |= printed;
                        allByThisKey &= printed && key.equals(rows.getString(2));
                    }
                }
            }
            if (anyPrinted && allByThisKey) return Optional.of(byIds(connection, ids));
            if (anyPrinted) return Optional.<List<Ticket>>empty();
            try (PreparedStatement mark = connection.prepareStatement(
                    "UPDATE ticket SET first_printed_at = now(), first_print_key = ? WHERE id = ANY (?)")) {
                mark.setString(1, key);
                mark.setArray(2, connection.createArrayOf("uuid", ids));
                mark.executeUpdate();
            }
            return Optional.of(byIds(connection, ids));
        });
    }

    private static List<Ticket> byIds(Connection connection, UUID[] ids) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM ticket WHERE id = ANY (?)"
                + " ORDER BY length(\"row\"), \"row\", number, seat_id")) {
            query.setArray(1, connection.createArrayOf("uuid", ids));
            return list(query);
        }
    }

    /** A position in a cinema's change feed: after the change (xid, seq); (0, n) is a cursor from before V10. */
    record Cursor(long xid, long seq) {
        static final Cursor START = new Cursor(0, 0);
    }

    /** One page of the feed: the changes in order, the cursor after them, and whether more are readable now. */
    record Changes(List<Ticket> tickets, Cursor next, boolean hasMore) {}

    /**
     * Up to {@code limit} changes of the cinema after {@code cursor}, in feed order (see the class
     * comment): only changes of transactions older than the oldest still running, so a change that
     * commits later always sorts after this page.
     */
    Changes changesSince(UUID cinemaId, Cursor cursor, int limit) {
        return transactions.autocommit(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + ", change_xid::text::bigint AS xid"
                    + " FROM ticket WHERE cinema_id = ? AND (change_xid, change_seq) > (?::text::xid8, ?)"
                    + " AND change_xid < pg_snapshot_xmin(pg_current_snapshot())"
                    + " ORDER BY change_xid, change_seq LIMIT ?")) {
                query.setObject(1, cinemaId);
                query.setString(2, Long.toString(cursor.xid()));
                query.setLong(3, cursor.seq());
                query.setInt(4, limit + 1);
                List<Ticket> tickets = new ArrayList<>();
                Cursor next = cursor;
                boolean more = false;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (tickets.size() == limit) {
                            more = true;
                            break;
                        }
                        Ticket ticket = read(rows);
                        tickets.add(ticket);
                        next = new Cursor(rows.getLong("xid"), ticket.changeSeq());
                    }
                }
                return new Changes(tickets, next, more);
            }
        });
    }

    /** Advisory lock class (two-key form) of a booking's issue and revocation: "tkt". */
    private static final int BOOKING_LOCK = 0x746b74;

    private static void lockCinemaForWriting(Connection connection, UUID cinemaId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, lockKey(cinemaId));
            lock.execute();
        }
    }

    /** One advisory lock key per cinema; a collision between cinemas only serializes a little more. */
    private static long lockKey(UUID cinemaId) {
        return cinemaId.getMostSignificantBits() ^ cinemaId.getLeastSignificantBits() ^ 0x7469636b657473L; // "tickets"
    }

    /** Whether the failure (or a batch's chained failure) names the constraint. */
    private static boolean mentions(SQLException failure, String constraint) {
        for (Throwable walk = failure; walk != null; ) {
            if (walk.getMessage() != null && walk.getMessage().contains(constraint)) return true;
            walk = walk instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : walk.getCause();
        }
        return false;
    }

    private static List<Ticket> byBooking(Connection connection, UUID bookingId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM ticket WHERE booking_id = ?"
                + " ORDER BY length(\"row\"), \"row\", number, seat_id")) {
            query.setObject(1, bookingId);
            return list(query);
        }
    }

    private static Optional<Ticket> byId(Connection connection, UUID ticketId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM ticket WHERE id = ?")) {
            query.setObject(1, ticketId);
            List<Ticket> found = list(query);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Ticket> list(PreparedStatement query) throws SQLException {
        List<Ticket> tickets = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) tickets.add(read(rows));
        }
        return tickets;
    }

    private static Ticket read(ResultSet rows) throws SQLException {
        return new Ticket(rows.getObject("id", UUID.class), rows.getObject("booking_id", UUID.class),
                rows.getString("booking_code"), rows.getObject("cinema_id", UUID.class),
                rows.getObject("showtime_id", UUID.class), rows.getString("seat_id"), rows.getString("row"),
                rows.getInt("number"), SeatCategory.valueOf(rows.getString("category")),
                TicketType.valueOf(rows.getString("ticket_type")), rows.getLong("price_minor"), rows.getString("currency"),
                rows.getString("movie_title"), rows.getString("hall_name"), instant(rows, "starts_at"),
                Ticket.Status.valueOf(rows.getString("status")), instant(rows, "issued_at"), instant(rows, "used_at"),
                instant(rows, "revoked_at"), rows.getString("revoke_reason"), rows.getInt("reprint_count"),
                rows.getLong("change_seq"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private <T> T inTransaction(Transactions.Work<T> work) {
        return transactions.inTransaction(work);
    }
}
