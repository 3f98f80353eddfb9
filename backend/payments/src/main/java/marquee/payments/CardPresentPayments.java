package marquee.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import marquee.platform.auth.Principal;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Card-present payments: the card terminal beside a kiosk or till has already taken the money and
 * hands over its receipt data; this records it as the booking's payment. No gateway is asked and no
 * card data exists here. The booking's total is read from reservations as for every charge and must
 * equal what the terminal approved. One terminal approval pays one booking (a unique row per
 * terminal, trace and receipt number), so a copied approval buys nothing.
 */
final class CardPresentPayments {
    private static final Logger log = LoggerFactory.getLogger(CardPresentPayments.class);
    /** Marks a card-present payment in payments.gateway_reference: its refunds are paid out at a terminal. */
    static final String REFERENCE_PREFIX = "terminal:";

    /** The terminal's approval as the client sent it. */
    record Approval(String terminalId, String traceNumber, String receiptNumber, String authCode, String maskedPan,
                    String cardBrand, long amountMinor, String currency, String protocol) implements Payments.Method {}

    /** Stored receipt data of a card-present payment. */
    record Receipt(String terminalId, String traceNumber, String receiptNumber, String authCode, String maskedPan,
                   String cardBrand, String protocol) {}

    private final PaymentStore store;
    private final Bookings bookings;
    private final ShiftStore shifts;
    private final Clock clock;
    private final PaymentMetrics metrics;

    CardPresentPayments(PaymentStore store, Bookings bookings, ShiftStore shifts, Clock clock, PaymentMetrics metrics) {
        this.store = store;
        this.bookings = bookings;
        this.shifts = shifts;
        this.clock = clock;
        this.metrics = metrics;
    }

    static boolean isCardPresent(Payment payment) {
        return payment.gatewayReference().startsWith(REFERENCE_PREFIX);
    }

    Payment charge(Principal caller, UUID bookingId, Approval approval, String key) {
        return charge(caller, bookingId, approval, key, null);
    }

    /**
     * {@code snapshot} is the booking as the reservations service sent it with its checkout's charge
     * (see {@link Payments#chargeWithBooking}); null means read it from reservations.
     */
    Payment charge(Principal caller, UUID bookingId, Approval approval, String key, Bookings.BookingInfo snapshot) {
        Approval a = validate(approval);
        if (!(caller.is(Role.KIOSK) || caller.isStaff())) {
            throw new PermissionDeniedException("card-present payments come from a kiosk or a till with a card terminal"
                    + " (KIOSK, CASHIER or MANAGER)");
        }
        Optional<Payment> earlier = store.findByKey(key);
        if (earlier.isPresent()) return replay(caller, earlier.get(), bookingId);

        if (snapshot != null && !snapshot.id().equals(bookingId.toString())) {
            throw new InvalidArgumentException("booking.id must be the booking_id being paid");
        }
        Bookings.BookingInfo booking = snapshot != null ? snapshot : bookings.find(bookingId.toString());
        if (!caller.cinemaId().equals(booking.cinemaId())) {
            throw new PermissionDeniedException("a kiosk or till takes card-present payments for bookings of its own cinema only");
        }
        if (booking.status() != Bookings.Status.HELD) {
            throw new FailedPreconditionException("booking " + bookingId + " is " + booking.status()
                    + ", not held: reverse the terminal payment (receipt " + a.receiptNumber() + ")");
        }
        Instant now = clock.instant();
        if (booking.expiresAt() != null && !booking.expiresAt().isAfter(now)) {
            throw new FailedPreconditionException("hold expired at " + booking.expiresAt() + "; reverse the terminal payment (receipt "
                    + a.receiptNumber() + ") and hold the seats again");
        }
        if (a.amountMinor() != booking.totalMinor() || !a.currency().equals(booking.currency().trim())) {
            throw new FailedPreconditionException("the terminal approved " + Money.format(a.amountMinor(), a.currency()) + " " + a.currency()
                    + " but the booking costs " + Money.format(booking.totalMinor(), booking.currency()) + " " + booking.currency().trim()
                    + "; reverse the terminal payment (receipt " + a.receiptNumber() + ")");
        }
        UUID id = UUID.randomUUID();
        String brand = a.cardBrand().length() > 20 ? a.cardBrand().substring(0, 20) : a.cardBrand();
        String reference = REFERENCE_PREFIX + a.terminalId() + ":" + a.traceNumber();
        Payment fresh = new Payment(id, key, bookingId, UUID.fromString(booking.cinemaId()), booking.totalMinor(), booking.currency(),
                0, Payment.Status.APPROVED, Payment.Method.CARD, brand, last4(a.maskedPan()), reference, "", 0, 0,
                caller.userId(), now, List.of(), null, booking.seatCount());
        boolean inserted = store.inTransaction(c -> {
            UUID shiftId = caller.isStaff() ? shifts.lockOpenShiftOf(c, caller.userId()).orElse(null) : null;
            Payment withShift = new Payment(fresh.id(), fresh.idempotencyKey(), fresh.bookingId(), fresh.cinemaId(),
                    fresh.amountMinor(), fresh.currency(), 0, fresh.status(), fresh.method(), fresh.cardBrand(), fresh.cardLast4(),
                    fresh.gatewayReference(), "", 0, 0, fresh.takenBy(), fresh.createdAt(), List.of(), shiftId, fresh.seatCount());
            if (!store.insertIfAbsent(c, withShift)) return false;
            if (!insertReceipt(c, id, a, now)) {
                throw new FailedPreconditionException("this terminal approval (terminal " + a.terminalId() + ", trace " + a.traceNumber()
                        + ") has already paid another booking");
            }
            return true;
        });
        if (!inserted) return replay(caller, store.findByKey(key).orElseThrow(), bookingId);
        metrics.charge(Payment.Method.CARD, PaymentMetrics.Outcome.APPROVED);
        log.info("Payment {} for booking {}: card present at terminal {} (trace {}, receipt {}), {} {}, taken by {}", id, bookingId,
                a.terminalId(), a.traceNumber(), a.receiptNumber(), Money.format(booking.totalMinor(), booking.currency()),
                booking.currency().trim(), caller.userId());
        return store.find(id).orElseThrow();
    }

    private Payment replay(Principal caller, Payment payment, UUID bookingId) {
        if (!payment.bookingId().equals(bookingId)) {
            throw new InvalidArgumentException("idempotency key reused: it already belongs to a payment of another booking;"
                    + " use a new key for a new charge");
        }
        if (!payment.takenBy().equals(caller.userId())) {
            throw new PermissionDeniedException("this idempotency key belongs to another device's payment");
        }
        return payment;
    }

    /** Only digits where digits belong, and never more than the last four digits of the card number. */
    static Approval validate(Approval a) {
        if (a == null) throw new InvalidArgumentException("payment.card_present is required");
        String terminal = digits("card_present.terminal_id", a.terminalId(), 1, 16);
        String trace = digits("card_present.trace_number", a.traceNumber(), 1, 12);
        String receipt = a.receiptNumber() == null || a.receiptNumber().isBlank() ? "" : digits("card_present.receipt_number",
                a.receiptNumber(), 1, 8);
        String pan = a.maskedPan() == null ? "" : a.maskedPan().strip();
        if (pan.replaceAll("[^0-9]", "").length() > 4 && !pan.isEmpty()) {
            // A terminal may show the first six digits too; we keep the last four only, and refuse a full number outright.
            if (!pan.contains("*") && !pan.contains("X") && !pan.contains("x")) {
                throw new InvalidArgumentException("card_present.masked_pan must be masked: a card number is never sent to Marquee");
            }
        }
        if (pan.length() > 24) throw new InvalidArgumentException("card_present.masked_pan is too long");
        String masked = pan.isEmpty() ? "" : "*".repeat(Math.max(0, pan.length() - 4)) + last4(pan);
        if (a.amountMinor() <= 0) throw new InvalidArgumentException("card_present.amount must be more than 0");
        String currency = a.currency() == null ? "" : a.currency().strip().toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) throw new InvalidArgumentException("card_present.amount.currency must be ISO 4217 letters");
        String auth = text(a.authCode(), 16);
        String brand = text(a.cardBrand(), 40);
        String protocol = a.protocol() == null || a.protocol().isBlank() ? "ZVT" : text(a.protocol(), 10);
        return new Approval(terminal, trace, receipt, auth, masked, brand, a.amountMinor(), currency, protocol);
    }

    private static String digits(String field, String value, int min, int max) {
        String v = value == null ? "" : value.strip();
        if (v.length() < min || v.length() > max || !v.chars().allMatch(Character::isDigit)) {
            throw new InvalidArgumentException(field + " must be " + min + "–" + max + " digits");
        }
        return v;
    }

    private static String text(String value, int max) {
        String v = value == null ? "" : value.strip().replaceAll("\\p{Cntrl}", "");
        return v.length() > max ? v.substring(0, max) : v;
    }

    static String last4(String masked) {
        String tail = masked.length() >= 4 ? masked.substring(masked.length() - 4) : masked;
        return tail.chars().allMatch(Character::isDigit) ? tail : "";
    }

    static boolean insertReceipt(Connection c, UUID paymentId, Approval a, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO card_present_payments (payment_id, terminal_id, trace_number,"
                + " receipt_number, auth_code, masked_pan, card_brand, protocol, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (terminal_id, trace_number, receipt_number) DO NOTHING")) {
            insert.setObject(1, paymentId);
            insert.setString(2, a.terminalId());
            insert.setString(3, a.traceNumber());
            insert.setString(4, a.receiptNumber());
            insert.setString(5, a.authCode());
            insert.setString(6, a.maskedPan());
            insert.setString(7, a.cardBrand());
            insert.setString(8, a.protocol());
            insert.setTimestamp(9, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        }
    }

    Optional<Receipt> receipt(UUID paymentId) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT terminal_id, trace_number, receipt_number, auth_code, masked_pan,"
                    + " card_brand, protocol FROM card_present_payments WHERE payment_id = ?")) {
                q.setObject(1, paymentId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Receipt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        });
    }
}
