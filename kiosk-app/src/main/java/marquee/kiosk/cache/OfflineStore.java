package marquee.kiosk.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Allocations;
import marquee.kiosk.model.OfflineModel.Journaled;
import marquee.kiosk.model.OfflineModel.Outcome;
import marquee.kiosk.model.OfflineModel.Policy;
import marquee.kiosk.model.OfflineModel.Receipt;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.OfflineModel.SoldTicket;
import marquee.kiosk.model.OfflineModel.Stats;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.SeatCategory;

/**
 * A terminal's offline selling in its offline copy (schema version 3 of {@link TicketCache}, same
 * file, same lock): the seats set aside for it per showtime, and the journal of sales made while
 * the backend was away.
 *
 * <p>A sale is journaled in one transaction that takes its seats out of the allocation (each must
 * still be there, and a seat is recorded as sold by this terminal once per showtime) and writes
 * the sale — committed with {@code synchronous=FULL} before the caller prints anything. Two sales
 * at one till can therefore never take the same seat, and a kill -9 after the commit loses nothing.
 */
public final class OfflineStore {
    /** A seat of the sale is no longer in the allocation (sold a moment ago, or the allocation was refreshed). */
    public static final class SeatGoneException extends CacheException {
        public SeatGoneException(String message) {
            super(message, null);
        }
    }

    private final TicketCache cache;
    private final Clock clock;

    public OfflineStore(TicketCache cache) {
        this(cache, Clock.systemUTC());
    }

    public OfflineStore(TicketCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    // ---- allocations ------------------------------------------------------------------------

    /**
     * Replaces the stored allocations with the backend's answer (one transaction). Seats this
     * terminal sold offline and has not had confirmed yet are left out, whatever the backend says.
     */
    public void saveAllocations(Allocations taken) {
        cache.inTransaction("Storing the allocations", db -> {
            try (PreparedStatement clear = db.prepareStatement("DELETE FROM allocation")) {
                clear.executeUpdate();
            }
            try (PreparedStatement allocation = db.prepareStatement("""
                    INSERT INTO allocation (id, showtime_id, cinema_id, movie_title, hall_name, starts_at, sell_until, returns_at,
                                            prices, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement seat = db.prepareStatement("""
                    INSERT INTO allocated_seat (allocation_id, seat_id, seat_row, seat_number, category)
                    SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM offline_seat_sold WHERE showtime_id = ? AND seat_id = ?)""")) {
                for (Allocation a : taken.allocations()) {
                    allocation.setString(1, a.id());
                    allocation.setString(2, a.showtimeId());
                    allocation.setString(3, a.cinemaId());
                    allocation.setString(4, a.movieTitle());
                    allocation.setString(5, a.hallName());
                    allocation.setLong(6, a.startsAt().toEpochMilli());
                    allocation.setLong(7, a.sellUntil().toEpochMilli());
                    allocation.setLong(8, a.returnsAt().toEpochMilli());
                    allocation.setString(9, Json.write(a.prices()));
                    allocation.setLong(10, clock.millis());
                    allocation.executeUpdate();
                    for (AllocatedSeat s : a.seats()) {
                        seat.setString(1, a.id());
                        seat.setString(2, s.seatId());
                        seat.setString(3, s.row());
                        seat.setInt(4, s.number());
                        seat.setString(5, s.category().name());
                        seat.setString(6, a.showtimeId());
                        seat.setString(7, s.seatId());
                        seat.executeUpdate();
                    }
                }
            }
            put(db, "policy", Json.write(taken.policy()));
            put(db, "allocations_at", Long.toString(clock.millis()));
            return null;
        });
    }

    /** The stored allocations by showtime start, with the seats still unsold. */
    public List<Allocation> allocations() {
        return cache.inTransaction("Reading the allocations", db -> {
            Map<String, List<AllocatedSeat>> seats = new LinkedHashMap<>();
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT allocation_id, seat_id, seat_row, seat_number, category FROM allocated_seat ORDER BY seat_row, seat_number");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    seats.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AllocatedSeat(rs.getString(2),
                            rs.getString(3), rs.getInt(4), SeatCategory.valueOf(rs.getString(5))));
                }
            }
            List<Allocation> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("""
                    SELECT id, showtime_id, cinema_id, movie_title, hall_name, starts_at, sell_until, returns_at, prices
                    FROM allocation ORDER BY starts_at, movie_title""");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Allocation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6)), seats.getOrDefault(rs.getString(1), List.of()),
                            Json.read(rs.getString(9), PriceList.class), Instant.ofEpochMilli(rs.getLong(7)),
                            Instant.ofEpochMilli(rs.getLong(8))));
                }
            }
            return out;
        });
    }

    public Optional<Allocation> allocation(String id) {
        return allocations().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The cinema's policy as last told (OFF before the first take). */
    public Policy policy() {
        return cache.inTransaction("Reading the policy", db -> get(db, "policy").map(v -> Json.read(v, Policy.class)).orElse(Policy.OFF));
    }

    // ---- the journal -----------------------------------------------------------------------

    /**
     * Journals a sale and takes its seats out of the allocation, in one durable commit. Throws
     * {@link SeatGoneException} (and changes nothing) when a seat is no longer set aside for this
     * terminal or the allocation may no longer be sold from.
     */
    public void journal(Sale sale) {
        cache.inTransaction("Journaling offline sale " + sale.bookingCode(), db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT sell_until FROM allocation WHERE id = ?")) {
                q.setString(1, sale.allocationId());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) throw new SeatGoneException("The allocation " + sale.allocationId() + " is no longer held by this till");
                    if (!sale.soldAt().isBefore(Instant.ofEpochMilli(rs.getLong(1)))) {
                        throw new SeatGoneException("Offline sales for this showtime have closed");
                    }
                }
            }
            try (PreparedStatement take = db.prepareStatement("DELETE FROM allocated_seat WHERE allocation_id = ? AND seat_id = ?");
                 PreparedStatement sold = db.prepareStatement(
                         "INSERT INTO offline_seat_sold (showtime_id, seat_id, sale_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                // The sale row first: offline_seat_sold refers to it.
                try (PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO offline_sale (sale_id, allocation_id, showtime_id, booking_code, sold_at, total_minor, currency,
                                                  method, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    insert.setString(1, sale.saleId());
                    insert.setString(2, sale.allocationId());
                    insert.setString(3, sale.showtimeId());
                    insert.setString(4, sale.bookingCode());
                    insert.setLong(5, sale.soldAt().toEpochMilli());
                    insert.setLong(6, sale.total().amountMinor());
                    insert.setString(7, sale.total().currency());
                    insert.setString(8, sale.payment().method().name());
                    insert.setString(9, Json.write(sale));
                    insert.executeUpdate();
                }
                for (SoldTicket t : sale.tickets()) {
                    take.setString(1, sale.allocationId());
                    take.setString(2, t.seatId());
                    sold.setString(1, sale.showtimeId());
                    sold.setString(2, t.seatId());
                    sold.setString(3, sale.saleId());
                    if (take.executeUpdate() != 1 || sold.executeUpdate() != 1) {
                        throw new SeatGoneException("Seat " + t.row() + t.number() + " is no longer set aside for this till");
                    }
                }
            }
            return null;
        });
    }

    /** Sales not yet confirmed by the backend, oldest first. */
    public List<Sale> unsynced(int limit) {
        return cache.inTransaction("Reading the offline sales", db -> {
            List<Sale> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT data FROM offline_sale WHERE synced_at IS NULL ORDER BY sold_at, rowid LIMIT ?")) {
                q.setInt(1, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) out.add(Json.read(rs.getString(1), Sale.class));
                }
            }
            return out;
        });
    }

    /** Every journaled sale with its receipt, newest first (at most {@code limit}). */
    public List<Journaled> journal(int limit) {
        return cache.inTransaction("Reading the offline sales", db -> {
            List<Journaled> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("""
                    SELECT data, outcome, booking_id, payment_id, message, synced_at FROM offline_sale
                    ORDER BY sold_at DESC, rowid DESC LIMIT ?""")) {
                q.setInt(1, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) out.add(journaled(rs));
                }
            }
            return out;
        });
    }

    /** CONFLICT and REJECTED receipts a manager has not acknowledged yet. */
    public List<Journaled> needingManager() {
        return cache.inTransaction("Reading the offline sales", db -> {
            List<Journaled> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("""
                    SELECT data, outcome, booking_id, payment_id, message, synced_at FROM offline_sale
                    WHERE outcome IN ('CONFLICT', 'REJECTED') AND acknowledged = 0 ORDER BY sold_at""");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) out.add(journaled(rs));
            }
            return out;
        });
    }

    private static Journaled journaled(ResultSet rs) throws SQLException {
        Sale sale = Json.read(rs.getString(1), Sale.class);
        String outcome = rs.getString(2);
        Receipt receipt = outcome == null ? null : new Receipt(sale.saleId(), Outcome.valueOf(outcome), rs.getString(3),
                rs.getString(4), rs.getString(5));
        long synced = rs.getLong(6);
        return new Journaled(sale, receipt, rs.wasNull() ? null : Instant.ofEpochMilli(synced));
    }

    /** A manager has seen a CONFLICT or REJECTED sale. */
    public void acknowledge(String saleId) {
        cache.inTransaction("Acknowledging an offline sale", db -> {
            try (PreparedStatement u = db.prepareStatement("UPDATE offline_sale SET acknowledged = 1 WHERE sale_id = ?")) {
                u.setString(1, saleId);
                u.executeUpdate();
            }
            return null;
        });
    }

    /**
     * A REJECTED sale sent again at the next upload (a manager's decision, e.g. after the backend
     * was fixed): the same sale id, so the backend still records it at most once. False when the
     * sale is not a REJECTED one.
     */
    public boolean uploadAgain(String saleId) {
        return cache.inTransaction("Queueing an offline sale again", db -> {
            try (PreparedStatement u = db.prepareStatement("""
                    UPDATE offline_sale SET synced_at = NULL, outcome = NULL, booking_id = NULL, payment_id = NULL, message = NULL
                    WHERE sale_id = ? AND outcome = 'REJECTED'""")) {
                u.setString(1, saleId);
                return u.executeUpdate() == 1;
            }
        });
    }

    /** Stores the backend's receipts: those sales are synced (whatever the outcome) and the upload time is the last sync. */
    public void markSynced(List<Receipt> receipts) {
        cache.inTransaction("Recording the upload", db -> {
            try (PreparedStatement u = db.prepareStatement("""
                    UPDATE offline_sale SET synced_at = ?, outcome = ?, booking_id = ?, payment_id = ?, message = ?
                    WHERE sale_id = ? AND synced_at IS NULL""")) {
                for (Receipt r : receipts) {
                    u.setLong(1, clock.millis());
                    u.setString(2, r.outcome().name());
                    u.setString(3, r.bookingId());
                    u.setString(4, r.paymentId());
                    u.setString(5, r.message());
                    u.setString(6, r.saleId());
                    u.addBatch();
                }
                u.executeBatch();
            }
            put(db, "last_sync", Long.toString(clock.millis()));
            return null;
        });
    }

    /** A sync that found nothing to upload still counts as the last sync. */
    public void synced() {
        cache.inTransaction("Recording the sync", db -> {
            put(db, "last_sync", Long.toString(clock.millis()));
            return null;
        });
    }

    public Stats stats() {
        return cache.inTransaction("Counting the offline sales", db -> {
            int unsynced;
            Instant oldest = null;
            try (PreparedStatement q = db.prepareStatement("SELECT count(*), min(sold_at) FROM offline_sale WHERE synced_at IS NULL");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                unsynced = rs.getInt(1);
                long min = rs.getLong(2);
                if (!rs.wasNull()) oldest = Instant.ofEpochMilli(min);
            }
            int seats;
            try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM allocated_seat"); ResultSet rs = q.executeQuery()) {
                rs.next();
                seats = rs.getInt(1);
            }
            int manager;
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT count(*) FROM offline_sale WHERE outcome IN ('CONFLICT', 'REJECTED') AND acknowledged = 0");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                manager = rs.getInt(1);
            }
            Instant last = get(db, "last_sync").map(v -> Instant.ofEpochMilli(Long.parseLong(v))).orElse(null);
            return new Stats(unsynced, oldest, last, seats, manager);
        });
    }

    private static void put(Connection db, String name, String value) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(
                "INSERT INTO offline_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            u.setString(1, name);
            u.setString(2, value);
            u.executeUpdate();
        }
    }

    private static Optional<String> get(Connection db, String name) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM offline_state WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
