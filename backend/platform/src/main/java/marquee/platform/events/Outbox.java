package marquee.platform.events;

import com.google.protobuf.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Writes an event into the service's own {@code outbox} table on the connection of the change it
 * reports, so both commit together or not at all. The relay ({@link OutboxRelay}) delivers it later,
 * at least once, under the id given here. A service's migration creates the table (see
 * {@code docs/architecture.md}, "Events"); the connection's search path is the service's schema.
 */
public final class Outbox {
    private Outbox() {}

    /** Appends the event in the connection's current transaction; returns its id. */
    public static UUID append(Connection c, String type, String key, Message payload) {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox (id, type, event_key, payload) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, type);
            insert.setString(3, key);
            insert.setBytes(4, payload.toByteArray());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write event " + type + " for " + key + " to the outbox", e);
        }
        return id;
    }

    /** As {@link #append(Connection, String, String, Message)} inside a Hibernate session's transaction. */
    public static void append(Session session, String type, String key, Message payload) {
        session.doWork(c -> append(c, type, key, payload));
    }
}
