package marquee.payments;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import marquee.platform.auth.Principal;
import marquee.platform.errors.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At a shift's close, the card terminal's end-of-day totals are set against the shift's
 * card-present takings at that terminal: sales taken in the shift there, less the refunds and voids
 * of such sales given in the shift. The difference is recorded once per shift and shown on the
 * shift report; a non-zero difference is logged for the manager.
 */
final class TerminalReconciliations {
    private static final Logger log = LoggerFactory.getLogger(TerminalReconciliations.class);

    record Totals(String terminalId, long totalMinor, int count, String traceNumber) {}

    record Reconciliation(String terminalId, long terminalTotalMinor, int terminalCount, long takingsMinor, int takingsCount,
                          long differenceMinor, String currency, String recordedBy, Instant recordedAt) {}

    private final PaymentStore store;
    private final Clock clock;

    TerminalReconciliations(PaymentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records the reconciliation of a closed shift (first call wins; later calls return it). */
    Reconciliation record(Principal caller, UUID shiftId, String currency, Totals totals) {
        String terminal = totals.terminalId() == null ? "" : totals.terminalId().strip();
        if (!terminal.matches("[0-9]{1,16}")) throw new InvalidArgumentException("terminal_totals.terminal_id must be 1–16 digits");
        if (totals.totalMinor() < 0 || totals.count() < 0) {
            throw new InvalidArgumentException("terminal_totals.total and count must not be negative");
        }
        store.inTransaction(c -> {
            long[] takings = takings(c, shiftId, terminal);
            long difference = totals.totalMinor() - takings[0];
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO shift_terminal_totals (shift_id, terminal_id,"
                    + " terminal_total_minor, terminal_count, trace_number, takings_minor, takings_count, difference_minor, currency,"
                    + " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shift_id) DO NOTHING")) {
                insert.setObject(1, shiftId);
                insert.setString(2, terminal);
                insert.setLong(3, totals.totalMinor());
                insert.setInt(4, totals.count());
                String trace = totals.traceNumber() == null ? "" : totals.traceNumber().strip();
                insert.setString(5, trace.length() > 12 ? trace.substring(0, 12) : trace);
                insert.setLong(6, takings[0]);
                insert.setInt(7, (int) takings[1]);
                insert.setLong(8, difference);
                insert.setString(9, currency);
                insert.setString(10, caller.userId());
                insert.setTimestamp(11, Timestamp.from(clock.instant()));
                if (insert.executeUpdate() == 1) {
                    if (difference != 0) {
                        log.warn("Shift {}: card terminal {} booked {} but the shift took {} by card there: difference {} {}", shiftId,
                                terminal, Money.format(totals.totalMinor(), currency), Money.format(takings[0], currency),
                                Money.format(difference, currency), currency);
                    } else {
                        log.info("Shift {}: card terminal {} matches the shift's card takings ({} {})", shiftId, terminal,
                                Money.format(takings[0], currency), currency);
                    }
                }
            }
            return null;
        });
        return find(shiftId).orElseThrow();
    }

    /** {net takings, number of sales} of the shift's card-present payments at the terminal. */
    private static long[] takings(java.sql.Connection c, UUID shiftId, String terminal) throws java.sql.SQLException {
        long sales;
        long count;
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(p.amount_minor), 0), count(*) FROM payments p"
                + " JOIN card_present_payments t ON t.payment_id = p.id WHERE p.shift_id = ? AND t.terminal_id = ?"
                + " AND p.status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED')")) {
            q.setObject(1, shiftId);
            q.setString(2, terminal);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                sales = rs.getLong(1);
                count = rs.getLong(2);
            }
        }
        long refunds;
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r"
                + " JOIN card_present_payments t ON t.payment_id = r.payment_id WHERE r.shift_id = ? AND t.terminal_id = ?")) {
            q.setObject(1, shiftId);
            q.setString(2, terminal);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                refunds = rs.getLong(1);
            }
        }
        return new long[] {sales - refunds, count};
    }

    Optional<Reconciliation> find(UUID shiftId) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT terminal_id, terminal_total_minor, terminal_count, takings_minor,"
                    + " takings_count, difference_minor, currency, recorded_by, recorded_at FROM shift_terminal_totals WHERE shift_id = ?")) {
                q.setObject(1, shiftId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Reconciliation(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getInt(5),
                            rs.getLong(6), rs.getString(7).trim(), rs.getString(8), rs.getTimestamp(9).toInstant()));
                }
            }
        });
    }
}
