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

    /** The SMTP hand-over of one mail. */
    interface Send {
        void run() throws Exception;
    }

    /** The mail server did not take the mail; recorded as a failed attempt. */
    static final class SendFailed extends Exception {
        SendFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Sends the mail of this purpose unless it was sent already: true when it was sent now. The
     * mail's purpose is locked for the hand-over (a transaction-level advisory lock, which gives the
     * transaction no id: a row lock would hold back every seat map and ticket feed on the server),
     * so a second delivery of the same mail waits and then finds it sent, and a process killed while
     * sending leaves no claim behind (PostgreSQL drops the lock with the dead connection): the
     * redelivered event sends it.
     * The one window left is a kill after the server took the mail and before the commit; the
     * resend then carries the same Message-ID (Mailer). Waiting longer than 30 s for another
     * delivery: {@link Notifier.MailBusy} (the event comes again).
     */
    boolean sendOnce(String purpose, UUID bookingId, String recipient, String subject, Send send) throws SendFailed {
        update("INSERT INTO mail (id, purpose, booking_id, recipient, subject) VALUES (?, ?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING",
                UUID.randomUUID(), purpose, bookingId, recipient, subject);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (var timeout = c.createStatement()) {
                    timeout.execute("SET LOCAL lock_timeout = '30s'");
                }
                // An advisory lock, not a row lock: a row lock gives the transaction an id, and an open
                // transaction with an id holds back every seat map and ticket feed on the server (V10).
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT pg_advisory_xact_lock(" + SEND_LOCK + ", hashtext(current_schema() || '.mail.' || ?))")) {
                    lock.setString(1, purpose);
                    lock.execute();
                }
                try (PreparedStatement state = c.prepareStatement("SELECT sent_at FROM mail WHERE purpose = ?")) {
                    state.setString(1, purpose);
                    try (ResultSet rs = state.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) {
                            c.commit();
                            return false;
                        }
                    }
                }
                try {
                    send.run();
                } catch (Exception e) {
                    c.rollback(); // the lock goes first: failed() updates the same row
                    failed(purpose, e.getMessage());
                    throw new SendFailed(e);
                }
                try (PreparedStatement sent = c.prepareStatement(
                        "UPDATE mail SET sent_at = now(), attempts = attempts + 1, last_error = NULL, claimed_at = NULL WHERE purpose = ?")) {
                    sent.setString(1, purpose);
                    sent.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if ("55P03".equals(e.getSQLState())) throw new Notifier.MailBusy(purpose);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("notifications database error: " + e.getMessage(), e);
        }
    }

    /** Key 1 of the two-key advisory lock held while one mail is handed to the SMTP server: "mail". */
    static final int SEND_LOCK = 0x6d61696c;

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
