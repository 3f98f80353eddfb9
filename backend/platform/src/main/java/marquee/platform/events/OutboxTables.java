package marquee.platform.events;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Whether a service's schema takes part in events (its migrations made the tables). */
public final class OutboxTables {
    private OutboxTables() {}

    public static boolean hasOutbox(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('outbox') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not look for an outbox table", e);
        }
    }
}
