package marquee.payments;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.UnavailableException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges, refunds and their reports. The amount of a charge always comes from the booking
 * (reservations), never from the client; idempotency keys are unique in the database, so a retry
 * returns the first result; card data is passed to the gateway and otherwise forgotten.
 */
final class Payments {
    private static final Logger log = LoggerFactory.getLogger(Payments.class);
    static final String TIMEOUT_REASON = "the card gateway did not answer in time; retry with the same idempotency key";

    private final PaymentStore store;
    private final Bookings bookings;
    private final PaymentGateway gateway;
    private final CardCheck cardCheck;
    private final Clock clock;
    private final RefundPolicy policy;
    private final PaymentMetrics metrics;
    private final ShiftStore shifts = new ShiftStore();
    private final TokenVerifier verifier;
    private final CardPresentPayments cardPresent;

    Payments(PaymentStore store, Bookings bookings, PaymentGateway gateway, TokenVerifier verifier, Clock clock,
             long cashierRefundLimitMinor) {
        this(store, bookings, gateway, verifier, clock, cashierRefundLimitMinor, PaymentMetrics.NONE);
    }

    Payments(PaymentStore store, Bookings bookings, PaymentGateway gateway, TokenVerifier verifier, Clock clock,
             long cashierRefundLimitMinor, PaymentMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.bookings = bookings;
        this.gateway = gateway;
        this.cardCheck = new CardCheck(clock);
        this.clock = clock;
        this.policy = new RefundPolicy(verifier, cashierRefundLimitMinor);
        this.verifier = verifier;
        this.cardPresent = new CardPresentPayments(store, bookings, shifts, clock, metrics);
    }

    /** Card-present payments (paid at a terminal beside a kiosk or till). */
    CardPresentPayments cardPresent() {
        return cardPresent;
    }

    /** How the client pays, as entered; a card is validated here before anything else happens. */
    sealed interface Method permits CardEntry, CashEntry, CardPresentPayments.Approval {}

    record CardEntry(String number, int expiryMonth, int expiryYear, String cvc) implements Method {
        @Override
        public String toString() {
            return "CardEntry[masked]";
        }
    }

    record CashEntry(long tenderedMinor) implements Method {}

    record Summary(long cardTotal, long cashTotal, long refundTotal, long cashRefundTotal, int chargeCount,
                   int refundCount, String currency) {}

    Payment charge(Principal caller, String bookingIdText, Method method, String keyText) {
        return charge(caller, bookingIdText, method, keyText, null);
    }

    /**
     * A charge that brings the booking with it (reservations' checkout: no call back for the booking).
     * The booking is believed only from the reservations service, which alone holds the
     * payments.charge scope; it charges for the person in {@code payerToken} (verified here like any
     * access token), whose rights then decide as if they had called themselves.
     */
    Payment chargeWithBooking(Principal caller, String bookingIdText, Method method, String keyText,
                              Bookings.BookingInfo snapshot, String payerToken) {
        if (!marquee.platform.auth.ServiceScopes.has(caller, marquee.platform.auth.ServiceScopes.PAYMENTS_CHARGE)) {
            throw new PermissionDeniedException("only the reservations service may send the booking with a charge;"
                    + " leave booking out and payments reads it itself");
        }
        Principal payer = payerToken == null || payerToken.isBlank() ? caller : verifier.verify(payerToken.strip());
        return charge(payer, bookingIdText, method, keyText, snapshot);
    }

    /**
     * Charges the booking's total. {@code snapshot} is the booking as reservations sent it with the
     * call (trusted because only the reservations service may send one, see
     * {@link PaymentsGrpcService#charge}); null means read it from reservations. Either way the
     * amount is the booking's, never the client's, and {@code caller} is the person paying.
     */
    Payment charge(Principal caller, String bookingIdText, Method method, String keyText, Bookings.BookingInfo snapshot) {
        UUID bookingId = Check.uuid("booking_id", bookingIdText);
        String key = idempotencyKey(keyText);
        if (method == null) throw new InvalidArgumentException("method is required: card or cash");
        if (method instanceof CardPresentPayments.Approval approval) return cardPresent.charge(caller, bookingId, approval, key, snapshot);
        Card card = null;
        long tendered = 0;
        if (method instanceof CardEntry entry) {
            card = cardCheck.validate(entry.number(), entry.expiryMonth(), entry.expiryYear(), entry.cvc());
        } else if (method instanceof CashEntry cash) {
            if (!caller.isStaff()) {
                throw new PermissionDeniedException("cash is taken at a till: only a CASHIER or MANAGER may charge cash");
            }
            tendered = cash.tenderedMinor();
            if (tendered <= 0) throw new InvalidArgumentException("method.cash.tendered_minor must be more than 0");
        }

        Bookings.BookingInfo booking;
        if (snapshot == null) {
            Optional<Payment> earlier = store.findByKey(key);
            if (earlier.isPresent()) return replay(caller, earlier.get(), bookingId, card);
            booking = bookings.find(bookingId.toString());
        } else {
            if (!snapshot.id().equals(bookingId.toString())) {
                throw new InvalidArgumentException("booking.id must be the booking_id being paid");
            }
            booking = snapshot;
        }
        requireMayPay(caller, booking);
        Instant now = clock.instant();
        boolean held = booking.status() == Bookings.Status.HELD
                && (booking.expiresAt() == null || booking.expiresAt().isAfter(now));
        if (!held && snapshot != null) {
            // A retry after the booking moved on (sold by the first attempt): the first result stands.
            Optional<Payment> earlier = store.findByKey(key);
            if (earlier.isPresent()) return replay(caller, earlier.get(), bookingId, card);
        }
        if (booking.status() != Bookings.Status.HELD) {
            throw new FailedPreconditionException("booking " + bookingId + " is " + booking.status()
                    + ", not held: only a held booking can be paid");
        }
        if (booking.expiresAt() != null && !booking.expiresAt().isAfter(now)) {
            throw new FailedPreconditionException("hold expired at " + booking.expiresAt() + "; hold the seats again");
        }
        long total = booking.totalMinor();
        String currency = booking.currency();
        if (card == null && tendered < total) {
            throw new InvalidArgumentException("tendered " + Money.format(tendered, currency) + " does not cover "
                    + Money.format(total, currency));
        }
        if (card != null && !gateway.takesCardNumbers()) throw new FailedPreconditionException(NoCardGateway.REFUSAL);
        UUID id = UUID.randomUUID();
        Payment fresh = card == null
                ? new Payment(id, key, bookingId, UUID.fromString(booking.cinemaId()), total, currency, 0,
                        Payment.Status.APPROVED, Payment.Method.CASH, "", "", "", "", tendered, tendered - total,
                        caller.userId(), now, List.of(), null, booking.seatCount())
                // Written before the gateway is asked: a crash in between leaves a PENDING row that a
                // retry with the same key settles by asking the gateway again by this payment's id.
                : new Payment(id, key, bookingId, UUID.fromString(booking.cinemaId()), total, currency, 0,
                        Payment.Status.PENDING, Payment.Method.CARD, card.brand(), card.last4(), "", "", 0, 0,
                        caller.userId(), now, List.of(), null, booking.seatCount());
        boolean cash = card == null;
        Optional<Payment> stored;
        if (caller.isStaff()) {
            stored = store.inTransaction(c -> {
                // Staff payments belong to the taker's open shift, share-locked so that a close waits for them.
                UUID shiftId = shifts.lockOpenShiftOf(c, caller.userId()).orElse(null);
                if (cash && shiftId == null) {
                    throw new FailedPreconditionException("open a shift first: cash goes into the drawer of your open shift");
                }
                Payment withShift = withShift(fresh, shiftId);
                return store.insertIfAbsent(c, withShift) ? Optional.of(withShift) : Optional.<Payment>empty();
            });
        } else {
            // No shift to lock (customers, kiosks, services): one autocommit insert that returns the row.
            stored = store.insertIfAbsent(fresh);
        }
        if (stored.isEmpty()) {
            // Another call with the same key got there first (a racing retry): answer as it does.
            return replay(caller, store.findByKey(key).orElseThrow(), bookingId, card);
        }
        log.debug("Payment {} for booking {}: {} {} {} taken by {}", id, bookingId, fresh.method(),
                Money.format(total, currency), currency, caller.userId());
        if (card == null) {
            metrics.charge(Payment.Method.CASH, PaymentMetrics.Outcome.APPROVED); // the row above committed
            return caller.isStaff() ? get(id) : stored.get();
        }
        return settle(stored.get(), card);
    }

    private static Payment withShift(Payment p, UUID shiftId) {
        return new Payment(p.id(), p.idempotencyKey(), p.bookingId(), p.cinemaId(), p.amountMinor(), p.currency(),
                p.refundedMinor(), p.status(), p.method(), p.cardBrand(), p.cardLast4(), p.gatewayReference(), p.declineReason(),
                p.tenderedMinor(), p.changeDueMinor(), p.takenBy(), p.createdAt(), p.refunds(), shiftId, p.seatCount());
    }

    private Payment replay(Principal caller, Payment payment, UUID bookingId, Card card) {
        if (!payment.bookingId().equals(bookingId)) {
            throw new InvalidArgumentException("idempotency key reused: it already belongs to a payment of another booking;"
                    + " use a new key for a new charge");
        }
        requireMayView(caller, payment);
        if (payment.status() == Payment.Status.PENDING && card != null) return settle(payment, card);
        return payment;
    }

    /** Asks the gateway (idempotent per payment id) and records its answer. */
    private Payment settle(Payment payment, Card card) {
        PaymentGateway.GatewayResult result;
        try {
            result = gateway.charge(payment.id().toString(), payment.amountMinor(), payment.currency(), card);
        } catch (PaymentGateway.GatewayTimeout e) {
            log.warn("Payment {}: {}; it stays PENDING until asked again", payment.id(), e.getMessage());
            Optional<Payment> pending = store.settle(payment.id(), Payment.Status.PENDING, payment.cardBrand(),
                    payment.cardLast4(), "", TIMEOUT_REASON, clock.instant());
            metrics.charge(Payment.Method.CARD, PaymentMetrics.Outcome.TIMEOUT);
            return pending.orElseGet(() -> get(payment.id()));
        } catch (RuntimeException e) {
            // The payment stays PENDING (its row is committed); the reconciler or a retry settles it.
            metrics.charge(Payment.Method.CARD, PaymentMetrics.Outcome.ERROR);
            throw e;
        }
        Payment.Status status = result.approved() ? Payment.Status.APPROVED : Payment.Status.DECLINED;
        // RETURNING gives the payment as stored; settled meanwhile by another call, it is read as it is.
        Optional<Payment> settled = store.settle(payment.id(), status, payment.cardBrand(), payment.cardLast4(),
                result.gatewayReference(), result.approved() ? "" : result.declineReason(), clock.instant());
        metrics.charge(Payment.Method.CARD, result.approved() ? PaymentMetrics.Outcome.APPROVED : PaymentMetrics.Outcome.DECLINED);
        log.debug("Payment {}: gateway answered {}", payment.id(), status);
        return settled.orElseGet(() -> get(payment.id()));
    }

    /**
     * Settles PENDING card payments older than {@code age} from what the gateway recorded for them,
     * so a timeout or a crash between asking and recording resolves even if the client never retries.
     * Payments the gateway never heard of stay PENDING (logged): marking them declined could race
     * with a call still on its way.
     */
    int reconcile(java.time.Duration age) {
        int settled = 0;
        for (Payment payment : store.pendingBefore(clock.instant().minus(age), 100)) {
            var answer = gateway.lookup(payment.id().toString());
            if (answer.isEmpty()) {
                log.warn("Payment {} is PENDING and unknown to the gateway; left for a retry with its key", payment.id());
                continue;
            }
            var result = answer.get();
            Payment.Status status = result.approved() ? Payment.Status.APPROVED : Payment.Status.DECLINED;
            store.settle(payment.id(), status, payment.cardBrand(), payment.cardLast4(), result.gatewayReference(),
                    result.approved() ? "" : result.declineReason(), clock.instant());
            metrics.reconcile(result.approved() ? PaymentMetrics.Outcome.APPROVED : PaymentMetrics.Outcome.DECLINED);
            log.info("Payment {}: reconciled as {}", payment.id(), status);
            settled++;
        }
        return settled;
    }

    Payment refund(Principal caller, String paymentIdText, long amountMinor, String reasonText, String keyText,
                   String approverToken) {
        return refund(caller, paymentIdText, amountMinor, reasonText, keyText, approverToken, "", Payment.Kind.REFUND);
    }

    /**
     * Gives money back. Who may, and whether a manager must approve, is decided by
     * {@link RefundPolicy} under the payment's row lock, so concurrent refunds see each other and
     * the cashier limit counts all of them. Keys are scoped to their payment: nobody can take the
     * key another refund of another payment will use. A VOID is the full refund of an untouched
     * sale, asked for by reservations' cancellation with the staff member's own token.
     */
    Payment refund(Principal caller, String paymentIdText, long amountMinor, String reasonText, String keyText,
                   String approverToken, String onBehalfOfText, Payment.Kind kind) {
        // A service may name the person it refunds for (who cancelled the booking); nobody else may.
        String onBehalfOf = caller.isService() && onBehalfOfText != null && !onBehalfOfText.isBlank()
                && !onBehalfOfText.startsWith("service:") ? Check.text("on_behalf_of", onBehalfOfText, 1, 100).strip() : null;
        UUID paymentId = Check.uuid("payment_id", paymentIdText);
        if (amountMinor < 0) throw new InvalidArgumentException("amount_minor must not be negative (0 refunds all that is left)");
        String reason = Check.text("reason", reasonText, 1, 200);
        String key = idempotencyKey(keyText);
        boolean isVoid = kind == Payment.Kind.VOID;
        Payment payment = get(paymentId);
        // Only the service that owns cancellations (reservations) may refund on its own behalf.
        if (caller.isService()) marquee.platform.auth.ServiceScopes.require(caller, marquee.platform.auth.ServiceScopes.PAYMENTS_REFUND);
        // A kiosk's sales are refunded by the box office, never by a kiosk token.
        if (caller.is(Role.KIOSK)) throw new PermissionDeniedException("a kiosk cannot refund; the box office can");

        Optional<Payment.Refund> earlier = store.refundByKey(paymentId, key);
        if (earlier.isPresent()) return replayRefund(caller, payment, earlier.get());

        // Checks that need other services or no lock come first; money rules follow under the lock.
        boolean staff = RefundPolicy.isStaffOf(caller, payment);
        if (isVoid && !staff) throw new PermissionDeniedException("only a CASHIER or MANAGER of the payment's cinema voids a sale");
        if (!caller.isService() && !staff) requirePayerMayRefund(caller, payment);

        Payment.Refund done = store.inTransaction(c -> {
            // The lock makes concurrent refunds of one payment take turns, so each sees what is left.
            Payment locked = store.lock(c, paymentId).orElseThrow();
            if (store.refundByKey(c, paymentId, key).isPresent()) return null;
            if (!locked.tookMoney()) {
                throw new FailedPreconditionException("payment is " + locked.status() + ": no money was taken, so none can be refunded");
            }
            long remaining = locked.remainingMinor();
            if (isVoid && locked.status() != Payment.Status.APPROVED) {
                throw new FailedPreconditionException("payment is " + locked.status() + ": only a sale not refunded at all can be voided");
            }
            if (remaining == 0) throw new FailedPreconditionException("payment is already refunded in full");
            long amount = amountMinor == 0 || isVoid ? remaining : amountMinor;
            if (amount > remaining) {
                throw new FailedPreconditionException("refund of " + Money.format(amount, locked.currency()) + " is more than the "
                        + Money.format(remaining, locked.currency()) + " left on this payment");
            }
            String approvedBy;
            if (caller.isService()) approvedBy = caller.userId();
            else if (!staff) approvedBy = caller.userId();
            else approvedBy = isVoid ? policy.approveVoid(caller, locked, approverToken)
                    : policy.approveRefund(caller, locked, amount, approverToken);
            Payment.Status status = amount == remaining ? Payment.Status.REFUNDED : Payment.Status.PARTIALLY_REFUNDED;
            UUID shiftId;
            if (onBehalfOf != null) {
                shiftId = shifts.lockOpenShiftOf(c, onBehalfOf).orElse(null);
            } else {
                shiftId = caller.isStaff() ? shifts.lockOpenShiftOf(c, caller.userId()).orElse(null) : null;
                if (isVoid && caller.is(Role.CASHIER) && (shiftId == null || !shiftId.equals(locked.shiftId()))) {
                    throw new PermissionDeniedException("a cashier voids only sales of their own open shift; ask a manager");
                }
                if (shiftId == null && locked.method() == Payment.Method.CASH && caller.is(Role.CASHIER)) {
                    throw new FailedPreconditionException("open a shift first: a cash refund is paid out of the drawer of your open shift");
                }
            }
            String requestedBy = onBehalfOf != null ? onBehalfOf : caller.userId();
            if (isVoid && !shifts.insertVoid(c, new Shift.Void(paymentId, key, reason, requestedBy, approvedBy, shiftId,
                    clock.instant()))) {
                throw new FailedPreconditionException("this sale is already voided");
            }
            Payment.Refund refund = new Payment.Refund(UUID.randomUUID(), paymentId, key, amount, reason, requestedBy, approvedBy,
                    "", clock.instant(), kind, shiftId);
            store.addRefund(c, refund, status);
            log.info("Payment {}: {} of {} {} recorded ({}), requested by {}, approved by {}", paymentId, refund.kind(),
                    Money.format(amount, locked.currency()), locked.currency(), status, refund.requestedBy(), refund.approvedBy());
            return refund;
        });
        if (done == null) return replayRefund(caller, get(paymentId), store.refundByKey(paymentId, key).orElseThrow());
        metrics.refund(payment.method(), done.amountMinor(), payment.currency()); // recorded and committed
        if (payment.method() == Payment.Method.CARD) payOut(payment, done);
        return get(paymentId);
    }

    /**
     * Pays a recorded card refund out through the gateway. This happens after the locking
     * transaction commits (no row lock is held while waiting on the processor); the gateway call is
     * idempotent per refund key, and a retry with the same key completes a refund whose pay-out failed.
     */
    private void payOut(Payment payment, Payment.Refund refund) {
        if (CardPresentPayments.isCardPresent(payment)) {
            // The card terminal took the money, so a terminal gives it back (reversal or refund at the till or kiosk).
            store.refundPaidOut(refund.id(), CardPresentPayments.REFERENCE_PREFIX + "pay-out-at-terminal");
            return;
        }
        try {
            String reference = gateway.refund("refund:" + payment.id() + ":" + refund.idempotencyKey(),
                    payment.gatewayReference(), refund.amountMinor()).gatewayReference();
            store.refundPaidOut(refund.id(), reference);
        } catch (PaymentGateway.GatewayTimeout e) {
            throw new UnavailableException("the refund is recorded but the card gateway did not answer in time;"
                    + " retry with the same idempotency key to complete it");
        }
    }

    private Payment replayRefund(Principal caller, Payment payment, Payment.Refund earlier) {
        if (!earlier.requestedBy().equals(caller.userId())) requireMayView(caller, payment);
        if (payment.method() == Payment.Method.CARD && earlier.gatewayReference().isEmpty()) {
            payOut(payment, earlier);
            return get(payment.id());
        }
        return payment;
    }

    /**
     * The payer gets money back only for seats they did not get and are not about to get: never
     * for a sold booking (it is cancelled instead), and not while a checkout of the booking is
     * unfinished (it may be about to sell the seats on this very payment).
     */
    private void requirePayerMayRefund(Principal caller, Payment payment) {
        if (!payment.takenBy().equals(caller.userId())) {
            throw new PermissionDeniedException("only staff of the payment's cinema, or the payer before the booking is confirmed,"
                    + " may refund it");
        }
        Bookings.BookingInfo booking = bookings.find(payment.bookingId().toString());
        if (booking.status() == Bookings.Status.CONFIRMED) {
            throw new PermissionDeniedException("the booking is confirmed: cancel the booking or ask the box office for a refund");
        }
        if (booking.checkoutOpen()) {
            throw new FailedPreconditionException("a checkout of this booking is still under way; its payment cannot be refunded"
                    + " until it has finished");
        }
    }

    Payment get(Principal caller, String paymentIdText) {
        Payment payment = get(Check.uuid("payment_id", paymentIdText));
        requireMayView(caller, payment);
        return payment;
    }

    /** Payments of a booking that the caller may see, oldest first. */
    List<Payment> list(Principal caller, String bookingIdText) {
        UUID bookingId = Check.uuid("booking_id", bookingIdText);
        return store.byBooking(bookingId).stream().filter(p -> mayView(caller, p)).toList();
    }

    Summary summarize(Principal caller, String cinemaIdText, String takenBy, Instant from, Instant to) {
        UUID cinemaId = Check.uuid("cinema_id", cinemaIdText);
        if (!caller.isStaff() || !caller.cinemaId().equals(cinemaId.toString())) {
            throw new PermissionDeniedException("payment summaries are for the CASHIER or MANAGER of that cinema");
        }
        Instant start = from == null ? Instant.EPOCH : from;
        Instant end = to == null ? Instant.parse("9999-12-31T23:59:59Z") : to;
        if (!end.isAfter(start)) throw new InvalidArgumentException("to must be after from");
        PaymentStore.Totals totals = store.totals(cinemaId, takenBy == null ? "" : takenBy.strip(), start, end);
        return new Summary(totals.card, totals.cash, totals.refunds, totals.cashRefunds, totals.charges, totals.refundCount,
                totals.currency == null ? "" : totals.currency.trim());
    }

    private Payment get(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("payment_id: there is no payment " + id));
    }

    private static void requireMayPay(Principal caller, Bookings.BookingInfo booking) {
        if (marquee.platform.auth.ServiceScopes.has(caller, marquee.platform.auth.ServiceScopes.PAYMENTS_CHARGE) || caller.userId().equals(booking.userId())) return;
        if ((caller.isStaff() || caller.is(Role.KIOSK)) && caller.cinemaId().equals(booking.cinemaId())) return;
        throw new PermissionDeniedException("you may pay only your own bookings, or as staff or a kiosk of the booking's cinema");
    }

    private static boolean mayView(Principal caller, Payment payment) {
        return marquee.platform.auth.ServiceScopes.has(caller, marquee.platform.auth.ServiceScopes.PAYMENTS_READ) || payment.takenBy().equals(caller.userId())
                || (caller.isStaff() && caller.cinemaId().equals(payment.cinemaId().toString()))
                // A manager without a cinema manages the whole chain.
                || (caller.is(Role.MANAGER) && caller.cinema().isEmpty());
    }

    private static void requireMayView(Principal caller, Payment payment) {
        if (!mayView(caller, payment)) {
            throw new PermissionDeniedException("only the payer, staff of the payment's cinema or a service may see this payment");
        }
    }

    static String idempotencyKey(String key) {
        String value = key == null ? "" : key;
        if (value.isBlank()) throw new InvalidArgumentException("idempotency_key is required (8–100 characters)");
        if (value.length() < 8 || value.length() > 100) {
            throw new InvalidArgumentException("idempotency_key must have 8 to 100 characters, got " + value.length());
        }
        return value;
    }
}
