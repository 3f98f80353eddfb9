package marquee.notifications;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The notifications schema: addresses given for bookings, issued bookings, and every e-mail once per purpose. */
final class MailStore {
    private final DataSource db;

    MailStore(DataSource db) {
        this.db = db;
    }

    void saveContact(UUID bookingId, String email, String givenBy) {
        update("""
                INSERT INTO booking_contact (booking_id, email, given_by) VALUES (?, ?, ?)
                ON CONFLICT (booking_id) DO UPDATE SET email = excluded.email, given_by = excluded.given_by, given_at = now()""",
                bookingId, email, givenBy);
    }

    Optional<String> contact(UUID bookingId) {
        return one("SELECT email FROM booking_contact WHERE booking_id = ?", bookingId);
    }

    Optional<String> issuedCode(UUID bookingId) {
        return one("SELECT booking_code FROM issued_booking WHERE booking_id = ?", bookingId);
    }

    enum Claim { SEND, ALREADY_SENT, BEING_SENT }

    /**
     * Records the mail (once per purpose) and claims the sending of it for two minutes: SEND when
     * this caller sends it now, ALREADY_SENT, or BEING_SENT by another delivery right now.
     */
    Claim begin(String purpose, UUID bookingId, String recipient, String subject) {
        update("INSERT INTO mail (id, purpose, booking_id, recipient, subject) VALUES (?, ?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING",
                UUID.randomUUID(), purpose, bookingId, recipient, subject);
        if (one("""
                UPDATE mail SET claimed_at = now() WHERE purpose = ? AND sent_at IS NULL
                   AND (claimed_at IS NULL OR claimed_at < now() - interval '2 minutes') RETURNING id::text""", purpose).isPresent()) {
            return Claim.SEND;
        }
        return one("SELECT id::text FROM mail WHERE purpose = ? AND sent_at IS NOT NULL", purpose).isPresent()
                ? Claim.ALREADY_SENT : Claim.BEING_SENT;
    }

    void sent(String purpose) {
        update("UPDATE mail SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE purpose = ?", purpose);
    }

    void failed(String purpose, String error) {
        update("UPDATE mail SET attempts = attempts + 1, claimed_at = NULL, last_error = ? WHERE purpose = ?",
                error == null ? "unknown" : error.substring(0, Math.min(500, error.length())), purpose);
    }

    /** Marks the booking's tickets as issued at once (its own commit), before anyone looks for an address. */
    void issued(UUID bookingId, String code) {
        update("INSERT INTO issued_booking (booking_id, booking_code) VALUES (?, ?) ON CONFLICT DO NOTHING", bookingId, code);
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) statement.setObject(i + 1, parameters[i]);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("notifications database error: " + e.getMessage(), e);
        }
    }

    private Optional<String> one(String sql, Object parameter) {
        try (Connection c = db.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("notifications database error: " + e.getMessage(), e);
        }
    }
}
