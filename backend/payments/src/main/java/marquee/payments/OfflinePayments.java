package marquee.payments;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import marquee.platform.auth.Principal;
import marquee.platform.auth.ServiceScopes;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.reservations.v1.OfflineSale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Money a terminal took while offline, recorded when reservations uploads the sale (ChargeRequest
 * with offline_sale): APPROVED without any gateway, taken by the seller (sold_by; the kiosk for a
 * kiosk's sale) in their shift (shift_id, even if it has been closed since) at the time of the
 * sale (sold_at), marked offline. Once per sale: the idempotency key is "offline:&lt;sale id&gt;".
 */
final class OfflinePayments {
    private static final Logger log = LoggerFactory.getLogger(OfflinePayments.class);
    static final String KEY_PREFIX = "offline:";

    private final PaymentStore store;
    private final PaymentMetrics metrics;
    private final Clock clock;

    OfflinePayments(PaymentStore store, PaymentMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    static boolean isOffline(Payment payment) {
        return payment.idempotencyKey() != null && payment.idempotencyKey().startsWith(KEY_PREFIX);
    }

    Payment charge(Principal caller, String bookingIdText, Bookings.BookingInfo booking, OfflineSale sale) {
        if (!ServiceScopes.has(caller, ServiceScopes.PAYMENTS_CHARGE) || !caller.isService()) {
            throw new PermissionDeniedException("offline sales are recorded by the reservations service only (on upload)");
        }
        if (booking == null) throw new InvalidArgumentException("booking is required with offline_sale");
        UUID bookingId = Check.uuid("booking_id", bookingIdText);
        if (!booking.id().equals(bookingId.toString())) throw new InvalidArgumentException("booking.id must be the booking_id being paid");
        UUID saleId = Check.uuid("offline_sale.sale_id", sale.getSaleId());
        String key = KEY_PREFIX + saleId;
        Optional<Payment> earlier = store.findByKey(key);
        if (earlier.isPresent()) {
            if (!earlier.get().bookingId().equals(bookingId)) {
                throw new InvalidArgumentException("offline sale " + saleId + " was already recorded for another booking");
            }
            return earlier.get();
        }
        long total = booking.totalMinor();
        String currency = booking.currency().strip();
        if (sale.getTotal().getAmountMinor() != total || !sale.getTotal().getCurrency().equals(currency)) {
            throw new InvalidArgumentException("offline_sale.total does not match the booking's total");
        }
        if (!sale.hasSoldAt()) throw new InvalidArgumentException("offline_sale.sold_at is required");
        Instant soldAt = Instant.ofEpochSecond(sale.getSoldAt().getSeconds(), sale.getSoldAt().getNanos());
        if (soldAt.isAfter(clock.instant().plusSeconds(3600))) throw new InvalidArgumentException("offline_sale.sold_at lies in the future");
        String takenBy = sale.getSoldBy().isBlank() ? booking.userId() : sale.getSoldBy().strip();
        if (takenBy.length() > 100) throw new InvalidArgumentException("offline_sale.sold_by is too long");
        UUID cinemaId = UUID.fromString(booking.cinemaId());
        UUID shiftId = sale.getShiftId().isBlank() ? null : Check.uuid("offline_sale.shift_id", sale.getShiftId());
        UUID id = UUID.randomUUID();
        Payment fresh;
        CardPresentPayments.Approval approval = null;
        switch (sale.getPayment().getMethodCase()) {
            case CASH -> {
                long tendered = sale.getPayment().getCash().getTenderedMinor();
                if (tendered < total) throw new InvalidArgumentException("offline_sale: cash tendered does not cover the total");
                if (shiftId == null) throw new InvalidArgumentException("offline_sale.shift_id is required for cash (the drawer it went into)");
                fresh = new Payment(id, key, bookingId, cinemaId, total, currency, 0, Payment.Status.APPROVED, Payment.Method.CASH, "", "",
                        "offline", "", tendered, tendered - total, takenBy, soldAt, List.of(), shiftId, booking.seatCount());
            }
            case CARD_PRESENT -> {
                approval = CardPresentPayments.validate(CardPresentProtos.approval(sale.getPayment().getCardPresent()));
                if (approval.amountMinor() != total || !approval.currency().equals(currency)) {
                    throw new InvalidArgumentException("offline_sale: the card terminal's amount is not the total");
                }
                String brand = approval.cardBrand().length() > 20 ? approval.cardBrand().substring(0, 20) : approval.cardBrand();
                fresh = new Payment(id, key, bookingId, cinemaId, total, currency, 0, Payment.Status.APPROVED, Payment.Method.CARD, brand,
                        CardPresentPayments.last4(approval.maskedPan()),
                        CardPresentPayments.REFERENCE_PREFIX + approval.terminalId() + ":" + approval.traceNumber(), "", 0, 0, takenBy,
                        soldAt, List.of(), shiftId, booking.seatCount());
            }
            default -> throw new InvalidArgumentException("offline_sale.payment must be cash or card_present");
        }
        CardPresentPayments.Approval card = approval;
        boolean inserted = store.inTransaction(c -> {
            if (shiftId != null) {
                try (PreparedStatement q = c.prepareStatement("SELECT cinema_id, cashier_id FROM shifts WHERE id = ? FOR SHARE")) {
                    q.setObject(1, shiftId);
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) throw new NotFoundException("offline_sale.shift_id: there is no shift " + shiftId);
                        if (!rs.getObject(1, UUID.class).equals(cinemaId)) {
                            throw new PermissionDeniedException("shift " + shiftId + " belongs to another cinema");
                        }
                        if (!sale.getSoldBy().isBlank() && !rs.getString(2).equals(takenBy)) {
                            throw new FailedPreconditionException("shift " + shiftId + " is not the shift of " + takenBy);
                        }
                    }
                }
            }
            if (!store.insertIfAbsent(c, fresh)) return false;
            try (PreparedStatement mark = c.prepareStatement("UPDATE payments SET offline = true WHERE id = ?")) {
                mark.setObject(1, id);
                mark.executeUpdate();
            }
            if (card != null && !CardPresentPayments.insertReceipt(c, id, card, soldAt)) {
                throw new FailedPreconditionException("this terminal approval (terminal " + card.terminalId() + ", trace "
                        + card.traceNumber() + ") has already paid another booking");
            }
            return true;
        });
        if (!inserted) return store.findByKey(key).orElseThrow();
        metrics.charge(fresh.method(), PaymentMetrics.Outcome.APPROVED);
        log.info("Offline payment {} for booking {} recorded: {} {} {}, taken by {} at {}", id, bookingId, fresh.method(),
                Money.format(total, currency), currency, takenBy, soldAt);
        return store.find(id).orElseThrow();
    }

    /** Offline sales taken in a shift: count and amount. */
    long[] shiftFigures(UUID shiftId) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT count(*), coalesce(sum(amount_minor), 0) FROM payments"
                    + " WHERE shift_id = ? AND offline AND status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED')")) {
                q.setObject(1, shiftId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
    }
}
