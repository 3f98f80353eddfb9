package marquee.tickets;

import java.security.PublicKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.auth.Principal;
import marquee.platform.auth.ServiceScopes;
import marquee.platform.auth.TerminalQr;
import marquee.platform.db.Transactions;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.reservations.v1.OfflineTicket;
import marquee.tickets.v1.TerminalKey;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminals' registered signing keys and the "MQ2" tickets they sign while offline: registering a
 * key, verifying an MQ2 text against the key it names, issuing an uploaded offline sale's tickets
 * with the terminal's ids and texts, and admitting an MQ2 ticket once before its sale is uploaded.
 */
final class TerminalKeys {
    private static final Logger log = LoggerFactory.getLogger(TerminalKeys.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    static final UUID NO_BOOKING = new UUID(0, 0);

    private final Transactions transactions;
    private final TicketStore store;
    /** Registered keys by id, each re-read after a minute (a key deleted from terminal_key stops verifying within it). */
    private final Map<String, Cached> keys = new ConcurrentHashMap<>();
    private static final long KEY_CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private record Cached(Key key, long loadedAt) {}
    private final Map<UUID, String> printed = new ConcurrentHashMap<>();

    record Key(String keyId, String deviceId, UUID cinemaId, PublicKey publicKey, byte[] der, Instant registeredAt) {}

    TerminalKeys(DataSource db, TicketStore store) {
        this.transactions = new Transactions(db, "tickets");
        this.store = store;
    }

    TerminalKey register(Principal caller, String deviceText, String publicKeyText) {
        String deviceId = deviceText == null ? "" : deviceText.strip();
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new InvalidArgumentException("device_id must be 3-64 letters, digits, '.', '-' or '_'");
        }
        if (!caller.is(Role.KIOSK, Role.CASHIER, Role.MANAGER)) {
            throw new PermissionDeniedException("terminal keys are registered by a till's staff (CASHIER or MANAGER) or by the kiosk itself");
        }
        if (caller.cinema().isEmpty()) throw new PermissionDeniedException("a terminal belongs to a cinema; sign in as its staff or kiosk");
        PublicKey key = TerminalQr.publicKey(publicKeyText)
                .orElseThrow(() -> new InvalidArgumentException("public_key_base64 must be an Ed25519 public key (X.509 DER, base64)"));
        byte[] der = key.getEncoded();
        String keyId = TerminalQr.keyId(der);
        UUID cinema = UUID.fromString(caller.cinemaId());
        String role = caller.is(Role.KIOSK) ? "KIOSK" : "STAFF";
        return transactions.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))")) {
                lock.setString(1, "terminal:" + deviceId);
                lock.execute();
            }
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT cinema_id, registered_by, registered_role FROM terminal_key WHERE device_id = ? LIMIT 1")) {
                q.setString(1, deviceId);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        if (!rs.getObject(1, UUID.class).equals(cinema)) throw new PermissionDeniedException("terminal " + deviceId + " belongs to another cinema");
                        boolean kioskDevice = "KIOSK".equals(rs.getString(3));
                        if (kioskDevice && !(caller.is(Role.KIOSK) && caller.userId().equals(rs.getString(2)))) {
                            throw new PermissionDeniedException("terminal " + deviceId + " is a kiosk; only that kiosk registers its keys");
                        }
                        if (!kioskDevice && caller.is(Role.KIOSK)) {
                            throw new PermissionDeniedException("terminal " + deviceId + " is a till station; a kiosk registers only its own keys");
                        }
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO terminal_key (key_id, device_id, cinema_id, public_key, registered_by, registered_role)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING""")) {
                insert.setString(1, keyId);
                insert.setString(2, deviceId);
                insert.setObject(3, cinema);
                insert.setBytes(4, der);
                insert.setString(5, caller.userId());
                insert.setString(6, role);
                if (insert.executeUpdate() == 1) log.info("Terminal {} registered signing key {}", deviceId, keyId);
            }
            Key stored = read(c, keyId).orElseThrow();
            if (!stored.deviceId().equals(deviceId)) {
                throw new FailedPreconditionException("this key is registered for another terminal; make a new key pair");
            }
            keys.remove(keyId);
            return toProto(stored);
        });
    }

    /** Registered keys of a cinema (or all), oldest first. */
    List<TerminalKey> list(String cinemaText) {
        UUID cinema = cinemaText == null || cinemaText.isBlank() ? null : Check.uuid("cinema_id", cinemaText);
        return transactions.autocommit(c -> {
            List<TerminalKey> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT key_id, device_id, cinema_id, public_key, registered_at FROM terminal_key
                     WHERE ?::uuid IS NULL OR cinema_id = ? ORDER BY registered_at, key_id""")) {
                q.setObject(1, cinema);
                q.setObject(2, cinema);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) out.add(toProto(row(rs)));
                }
            }
            return out;
        });
    }

    /** The claims of an MQ2 text signed by the registered key it names; empty when forged or unknown. */
    Optional<Verified> verify(String text) {
        Optional<String> keyId = TerminalQr.keyIdOf(text);
        if (keyId.isEmpty()) return Optional.empty();
        Optional<Key> key = key(keyId.get());
        if (key.isEmpty()) return Optional.empty();
        return TerminalQr.verify(text, key.get().publicKey()).map(claims -> new Verified(key.get(), claims));
    }

    record Verified(Key key, TerminalQr.Claims claims) {
        QrCodec.Claims asQr() {
            return new QrCodec.Claims(claims.ticketId(), claims.showtimeId(), claims.seatId(), claims.bookingCode(),
                    claims.startsAtEpochSecond());
        }
    }

    private Optional<Key> key(String keyId) {
        Cached hit = keys.get(keyId);
        if (hit != null && System.nanoTime() - hit.loadedAt() < KEY_CACHE_NANOS) return Optional.of(hit.key());
        Optional<Key> loaded = transactions.autocommit(c -> read(c, keyId));
        if (keys.size() > 10_000) keys.clear();
        if (loaded.isPresent()) keys.put(keyId, new Cached(loaded.get(), System.nanoTime()));
        else keys.remove(keyId);
        return loaded;
    }

    /**
     * Issues an uploaded offline sale's tickets: exactly the given ids and texts, one per seat of the
     * confirmed booking, each signed by a key registered for {@code deviceId} in the booking's cinema
     * and claiming this ticket, showtime, seat, booking code and start. A ticket admitted at a door
     * before the upload is issued USED. Idempotent: a repeat returns the same tickets.
     */
    List<Ticket> issue(Principal caller, BookingInfo booking, List<OfflineTicket> tickets, String deviceId) {
        if (!ServiceScopes.has(caller, ServiceScopes.TICKETS_ISSUE)) {
            throw new PermissionDeniedException("only the reservations service issues the tickets of an offline sale");
        }
        boolean revoke = booking.status() == marquee.reservations.v1.BookingStatus.BOOKING_CANCELLED;
        if (!booking.confirmed() && !revoke) {
            throw new FailedPreconditionException("booking " + booking.code() + " is neither confirmed nor cancelled");
        }
        Map<String, BookingInfo.Line> lines = new java.util.HashMap<>();
        booking.lines().forEach(l -> lines.put(l.seatId(), l));
        if (tickets.size() != lines.size()) {
            throw new InvalidArgumentException("offline_tickets must have one ticket per seat of booking " + booking.code());
        }
        List<UUID> ids = new ArrayList<>();
        for (OfflineTicket t : tickets) {
            UUID id = Check.uuid("offline_tickets.ticket_id", t.getTicketId());
            Verified v = verify(t.getQrPayload()).orElseThrow(() ->
                    new InvalidArgumentException("offline_tickets: ticket " + id + " is not signed with a registered terminal key"));
            if (!v.key().deviceId().equals(deviceId) || !v.key().cinemaId().equals(booking.cinemaId())) {
                throw new InvalidArgumentException("offline_tickets: ticket " + id + " is signed by another terminal than " + deviceId);
            }
            TerminalQr.Claims cl = v.claims();
            if (!cl.ticketId().equals(id) || !cl.showtimeId().equals(booking.showtimeId()) || !lines.containsKey(t.getSeatId())
                    || !cl.seatId().equals(t.getSeatId()) || !cl.bookingCode().equals(booking.code())
                    || cl.startsAtEpochSecond() != booking.startsAt().getEpochSecond()) {
                throw new InvalidArgumentException("offline_tickets: the QR of ticket " + id + " does not match the booking");
            }
            ids.add(id);
        }
        if (revoke) {
            // A CONFLICT sale (its seat went to someone else): its printed tickets must never admit.
            transactions.inTransaction(c -> {
                try (PreparedStatement keep = c.prepareStatement("""
                        INSERT INTO offline_ticket (ticket_id, device_id, cinema_id, showtime_id, seat_id, booking_code, qr_payload, revoked_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, now())
                        ON CONFLICT (ticket_id) DO UPDATE SET revoked_at = coalesce(offline_ticket.revoked_at, now())""")) {
                    for (OfflineTicket t : tickets) {
                        keep.setObject(1, UUID.fromString(t.getTicketId()));
                        keep.setString(2, deviceId);
                        keep.setObject(3, booking.cinemaId());
                        keep.setObject(4, booking.showtimeId());
                        keep.setString(5, t.getSeatId());
                        keep.setString(6, booking.code());
                        keep.setString(7, t.getQrPayload());
                        keep.executeUpdate();
                    }
                }
                return null;
            });
            log.warn("Offline tickets of booking {} (terminal {}) revoked: the sale's seats belong to someone else", booking.code(), deviceId);
            return List.of();
        }
        try {
            transactions.inTransaction(c -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, lockKey(booking.cinemaId()));
                    lock.execute();
                }
                try (PreparedStatement revoked = c.prepareStatement("SELECT 1 FROM revoked_booking WHERE booking_id = ?")) {
                    revoked.setObject(1, booking.id());
                    try (ResultSet rs = revoked.executeQuery()) {
                        if (rs.next()) throw new FailedPreconditionException("booking " + booking.code() + " was cancelled; its tickets are revoked");
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO ticket (id, booking_id, booking_code, cinema_id, showtime_id, seat_id, "row", number, category,
                                            ticket_type, price_minor, currency, movie_title, hall_name, starts_at, status, issued_at,
                                            used_at, change_seq)
                        SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                               CASE WHEN o.admitted_at IS NULL THEN 'VALID' ELSE 'USED' END, now(), o.admitted_at,
                               nextval('ticket_change_seq')
                          FROM (SELECT 1) one LEFT JOIN offline_ticket o ON o.ticket_id = ?
                        ON CONFLICT (booking_id, seat_id) DO NOTHING""");
                     PreparedStatement keep = c.prepareStatement("""
                        INSERT INTO offline_ticket (ticket_id, device_id, cinema_id, showtime_id, seat_id, booking_code, qr_payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET qr_payload = excluded.qr_payload""")) {
                    for (OfflineTicket t : tickets) {
                        BookingInfo.Line line = lines.get(t.getSeatId());
                        UUID id = UUID.fromString(t.getTicketId());
                        int i = 0;
                        insert.setObject(++i, id);
                        insert.setObject(++i, booking.id());
                        insert.setString(++i, booking.code());
                        insert.setObject(++i, booking.cinemaId());
                        insert.setObject(++i, booking.showtimeId());
                        insert.setString(++i, line.seatId());
                        insert.setString(++i, line.row());
                        insert.setInt(++i, line.number());
                        insert.setString(++i, line.category().name());
                        insert.setString(++i, line.ticketType().name());
                        insert.setLong(++i, line.priceMinor());
                        insert.setString(++i, line.currency());
                        insert.setString(++i, booking.movieTitle());
                        insert.setString(++i, booking.hallName());
                        insert.setTimestamp(++i, Timestamp.from(booking.startsAt()));
                        insert.setObject(++i, id);
                        insert.executeUpdate();
                        keep.setObject(1, id);
                        keep.setString(2, deviceId);
                        keep.setObject(3, booking.cinemaId());
                        keep.setObject(4, booking.showtimeId());
                        keep.setString(5, line.seatId());
                        keep.setString(6, booking.code());
                        keep.setString(7, t.getQrPayload());
                        keep.executeUpdate();
                        // Admitted at a named door before the upload: that door's admission, as for any ticket.
                        try (PreparedStatement door = c.prepareStatement("""
                                INSERT INTO door_admission (ticket_id, device_id, admitted_at, offline)
                                SELECT o.ticket_id, substr(o.admitted_by, 6), o.admitted_at, true FROM offline_ticket o
                                 WHERE o.ticket_id = ? AND o.admitted_by LIKE 'door:%' AND o.admitted_at IS NOT NULL
                                   AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = o.ticket_id)
                                ON CONFLICT (ticket_id) DO NOTHING""")) {
                            door.setObject(1, id);
                            door.executeUpdate();
                        }
                        printed.put(id, t.getQrPayload());
                    }
                }
                return null;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new InvalidArgumentException("offline_tickets: a ticket id or seat is already taken by another booking ("
                        + sql.getMessage() + ")");
            }
            throw e;
        }
        List<Ticket> issued = store.byBooking(booking.id());
        log.debug("Issued {} offline ticket(s) of booking {} from terminal {}", issued.size(), booking.code(), deviceId);
        return issued;
    }

    /** The text the terminal printed for an uploaded offline ticket, if it is one. */
    Optional<String> printedText(Ticket ticket) {
        String hit = printed.get(ticket.id());
        if (hit != null) return Optional.of(hit);
        Optional<String> loaded = transactions.autocommit(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT qr_payload FROM offline_ticket WHERE ticket_id = ? AND qr_payload IS NOT NULL")) {
                q.setObject(1, ticket.id());
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (printed.size() > 50_000) printed.clear();
        loaded.ifPresent(text -> printed.put(ticket.id(), text));
        return loaded;
    }

    /**
     * An MQ2 ticket not uploaded yet, as far as its signed claims tell; with {@code admit}, admitted
     * once (remembered by ticket id, under the cinema's lock that the upload's issue takes too).
     * Empty when the ticket has been issued meanwhile (the caller then scans it as a stored ticket).
     */
    record NotUploaded(Ticket ticket, boolean admittedNow) {}

    Optional<NotUploaded> notUploaded(Verified v, boolean admit, String admittedBy) {
        TerminalQr.Claims cl = v.claims();
        return transactions.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey(v.key().cinemaId()));
                lock.execute();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM ticket WHERE id = ?")) {
                q.setObject(1, cl.ticketId());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return Optional.<NotUploaded>empty();
                }
            }
            Instant usedAt = null;
            boolean fresh = false;
            if (admit) {
                try (PreparedStatement a = c.prepareStatement("""
                        INSERT INTO offline_ticket (ticket_id, device_id, cinema_id, showtime_id, seat_id, booking_code, admitted_at, admitted_by)
                        VALUES (?, ?, ?, ?, ?, ?, now(), ?)
                        ON CONFLICT (ticket_id) DO UPDATE SET admitted_at = now(), admitted_by = excluded.admitted_by
                         WHERE offline_ticket.admitted_at IS NULL AND offline_ticket.revoked_at IS NULL
                        RETURNING admitted_at""")) {
                    a.setObject(1, cl.ticketId());
                    a.setString(2, v.key().deviceId());
                    a.setObject(3, v.key().cinemaId());
                    a.setObject(4, cl.showtimeId());
                    a.setString(5, cl.seatId());
                    a.setString(6, cl.bookingCode());
                    a.setString(7, admittedBy);
                    try (ResultSet rs = a.executeQuery()) {
                        if (rs.next()) {
                            usedAt = rs.getTimestamp(1).toInstant();
                            fresh = true;
                        }
                    }
                }
            }
            Instant revokedAt = null;
            try (PreparedStatement q = c.prepareStatement("SELECT admitted_at, revoked_at FROM offline_ticket WHERE ticket_id = ?")) {
                q.setObject(1, cl.ticketId());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        if (!fresh && rs.getTimestamp(1) != null) usedAt = rs.getTimestamp(1).toInstant();
                        if (rs.getTimestamp(2) != null) revokedAt = rs.getTimestamp(2).toInstant();
                    }
                }
            }
            Ticket.Status status = revokedAt != null ? Ticket.Status.REVOKED : usedAt == null ? Ticket.Status.VALID : Ticket.Status.USED;
            return Optional.of(new NotUploaded(new Ticket(cl.ticketId(), NO_BOOKING, cl.bookingCode(), v.key().cinemaId(),
                    cl.showtimeId(), cl.seatId(), cl.seatId(), 0, SeatCategory.STANDARD, TicketType.ADULT, 0, "", "", "",
                    Instant.ofEpochSecond(cl.startsAtEpochSecond()), status, Instant.now(), usedAt, revokedAt,
                    revokedAt == null ? null : "sold offline from a seat that was no longer the terminal's", 0, 0), fresh));
        });
    }

    /** The door that admitted a not-uploaded MQ2 ticket online (so its own journal upload is no duplicate). */
    void rememberDoor(UUID ticketId, String device) {
        if (device == null || device.isBlank() || device.strip().length() > 59) return;
        transactions.autocommit(c -> {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE offline_ticket SET admitted_by = ? WHERE ticket_id = ? AND admitted_at IS NOT NULL")) {
                u.setString(1, "door:" + device.strip());
                u.setObject(2, ticketId);
                return u.executeUpdate();
            }
        });
    }

    /** Same key as TicketStore's per-cinema advisory lock (change numbers of a cinema are drawn in turn). */
    static long lockKey(UUID cinemaId) {
        return cinemaId.getMostSignificantBits() ^ cinemaId.getLeastSignificantBits() ^ 0x7469636b657473L; // "tickets"
    }

    private static Optional<Key> read(java.sql.Connection c, String keyId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT key_id, device_id, cinema_id, public_key, registered_at FROM terminal_key WHERE key_id = ?")) {
            q.setString(1, keyId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Key row(ResultSet rs) throws SQLException {
        byte[] der = rs.getBytes(4);
        PublicKey key = TerminalQr.publicKey(Base64.getEncoder().encodeToString(der)).orElseThrow();
        return new Key(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), key, der, rs.getTimestamp(5).toInstant());
    }

    private static TerminalKey toProto(Key key) {
        return TerminalKey.newBuilder().setKeyId(key.keyId()).setDeviceId(key.deviceId()).setCinemaId(key.cinemaId().toString())
                .setAlgorithm("Ed25519").setPublicKeyBase64(Base64.getEncoder().encodeToString(key.der()))
                .setRegisteredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(key.registeredAt().getEpochSecond())
                        .setNanos(key.registeredAt().getNano()))
                .build();
    }
}
