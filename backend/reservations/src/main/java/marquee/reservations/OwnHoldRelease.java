package marquee.reservations;

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
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.auth.Principal;

/**
 * The holder giving up their own hold, in one database round trip: an autocommit call of
 * {@code release_hold()} (V6__release_in_one_round_trip.sql), which locks the booking, frees its
 * seats, records the release with its seat event and returns the booking. Before, a release was
 * six round trips (lock and read the booking, read its lines, delete the claims, update, event,
 * commit) — in the hold benchmark every hold is released, so that was half of the database work.
 * Anything but the holder's own hold (staff releasing, someone else's booking, a sale) is left to
 * the general path in {@link Holds#release}, which applies the access rules and their messages.
 */
final class OwnHoldRelease {
    private OwnHoldRelease() {}

    /** What the call did: the booking as it now is, and whether this call released it (for the metrics). */
    record Result(BookingRecord booking, boolean changed) {}

    /** The release done, or empty when the general path must decide (nothing was changed then). */
    static Optional<Result> tryRelease(DataSource db, Principal caller, UUID bookingId, Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement call = c.prepareStatement("""
                SELECT outcome, status, code, showtime_id, cinema_id, currency, fee_minor, total_minor, expires_at, payment_id,
                       created_at, movie_title, hall_name, starts_at, seat_ids, rows, numbers, categories, ticket_types, prices
                  FROM release_hold(?, ?, ?)""")) {
            call.setObject(1, bookingId);
            call.setString(2, caller.userId());
            call.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = call.executeQuery()) {
                rs.next();
                String outcome = rs.getString(1);
                if ("OTHER".equals(outcome)) return Optional.empty();
                String[] seats = (String[]) rs.getArray(15).getArray();
                String[] rows = (String[]) rs.getArray(16).getArray();
                Integer[] numbers = (Integer[]) rs.getArray(17).getArray();
                String[] categories = (String[]) rs.getArray(18).getArray();
                String[] types = (String[]) rs.getArray(19).getArray();
                Long[] prices = (Long[]) rs.getArray(20).getArray();
                List<SeatRules.Line> lines = new ArrayList<>(seats.length);
                for (int i = 0; i < seats.length; i++) {
                    lines.add(new SeatRules.Line(seats[i], rows[i], numbers[i], SeatCategory.valueOf(categories[i]),
                            TicketType.valueOf(types[i]), prices[i]));
                }
                BookingRecord booking = new BookingRecord(bookingId, rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class), caller.userId(), BookingRecord.Status.valueOf(rs.getString(2)),
                        rs.getString(6).strip(), rs.getLong(7), rs.getLong(8), rs.getTimestamp(9).toInstant(), rs.getString(10),
                        rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13), rs.getTimestamp(14).toInstant(),
                        List.copyOf(lines));
                return Optional.of(new Result(booking, "CHANGED".equals(outcome)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not release hold " + bookingId, e);
        }
    }
}
