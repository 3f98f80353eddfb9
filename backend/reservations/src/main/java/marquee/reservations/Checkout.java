package marquee.reservations;

import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.auth.Principal;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.UnavailableException;
import marquee.reservations.v1.PaymentMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hold → charge → confirm → issue, driven here so the client makes one call. Every step is
 * idempotent and recorded in {@link CheckoutStore} before the next starts: a retry with the same
 * key continues where the first attempt stopped, and {@link #resume} (the reconciler) finishes
 * or undoes a checkout whose caller went away. The payment key is derived from the checkout,
 * so a repeated charge step can never take money twice.
 */
final class Checkout {
    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    enum Outcome { COMPLETED, PAYMENT_DECLINED, REFUNDED }

    record Result(Outcome outcome, BookingRecord booking, String paymentId, List<String> ticketIds, String message,
                  long changeDueMinor) {}

    /** Where a test may simulate the process dying (config {@code marquee.reservations.test.crash.after}). */
    enum CrashPoint { NONE, CHARGE, CONFIRM }

    private final Bookings bookings;
    private final Sales sales;
    private final CheckoutStore store;
    private final PaymentsPort payments;
    private final TicketsPort tickets;
    private final CrashPoint crashPoint;
    private final ReservationMetrics metrics;

    Checkout(Bookings bookings, Sales sales, CheckoutStore store, PaymentsPort payments, TicketsPort tickets, CrashPoint crashPoint) {
        this(bookings, sales, store, payments, tickets, crashPoint, ReservationMetrics.NONE);
    }

    Checkout(Bookings bookings, Sales sales, CheckoutStore store, PaymentsPort payments, TicketsPort tickets, CrashPoint crashPoint,
             ReservationMetrics metrics) {
        this.metrics = metrics;
        this.bookings = bookings;
        this.sales = sales;
        this.store = store;
        this.payments = payments;
        this.tickets = tickets;
        this.crashPoint = crashPoint;
    }

    Result run(Principal caller, UUID bookingId, PaymentMethod method, String idempotencyKey) {
        String key = idempotencyKey == null ? "" : idempotencyKey.strip();
        if (key.length() < 8 || key.length() > 100) {
            throw new InvalidArgumentException("idempotency_key must be 8–100 characters (a fresh UUID per attempt)");
        }
        if (method.getMethodCase() == PaymentMethod.MethodCase.METHOD_NOT_SET) {
            throw new InvalidArgumentException("payment must be a card or cash");
        }
        BookingRecord booking = bookings.get(caller, bookingId);
        CheckoutStore.Row checkout = store.begin(bookingId, key, caller.userId());
        if (checkout.state().finished()) return replay(checkout);
        if (checkout.state() == CheckoutStore.State.STARTED) {
            if (booking.status() != BookingRecord.Status.HELD || booking.effectiveStatus(java.time.Instant.now()) != BookingRecord.Status.HELD) {
                store.advance(checkout.id(), CheckoutStore.State.ABANDONED, null, "hold no longer active", 0);
                metrics.checkout(ReservationMetrics.CheckoutEnd.ABANDONED);
                throw new FailedPreconditionException("booking " + booking.code() + " is "
                        + booking.effectiveStatus(java.time.Instant.now()).name().toLowerCase(java.util.Locale.ROOT)
                        + "; choose the seats again");
            }
            Payment payment = payments.charge(bookingId.toString(), method, paymentKey(checkout));
            if (payment.getStatus() == PaymentStatus.DECLINED) {
                String message = "The payment was declined: " + payment.getDeclineReason();
                store.advance(checkout.id(), CheckoutStore.State.DECLINED, payment.getId(), message, 0);
                metrics.checkout(Outcome.PAYMENT_DECLINED);
                return new Result(Outcome.PAYMENT_DECLINED, bookings.load(bookingId).orElseThrow(), payment.getId(), List.of(), message, 0);
            }
            if (payment.getStatus() != PaymentStatus.APPROVED) {
                // The gateway did not say; the same key asks it again and never charges twice.
                metrics.checkout(ReservationMetrics.CheckoutEnd.PAYMENT_PENDING);
                throw new UnavailableException("The card payment did not complete in time. Try again: you will not be charged twice.");
            }
            store.advance(checkout.id(), CheckoutStore.State.CHARGED, payment.getId(), null, payment.getChangeDueMinor());
            checkout = reload(checkout, CheckoutStore.State.CHARGED, payment.getId(), payment.getChangeDueMinor());
            if (crashPoint == CrashPoint.CHARGE) throw new UnavailableException("simulated crash after the charge");
        }
        Result result = finish(checkout);
        metrics.checkout(result.outcome());
        return result;
    }

    /** Continues an unfinished checkout whose caller went away; returns its state afterwards. */
    CheckoutStore.State resume(CheckoutStore.Row checkout) {
        CheckoutStore.Row current = checkout;
        if (current.state() == CheckoutStore.State.STARTED) {
            // We cannot charge without the card, but money may have been taken before a crash, or
            // may still arrive from a payment the gateway had not settled. Whatever was taken for
            // this booking and did not pay for its sale is given back.
            BookingRecord booking = bookings.load(current.bookingId()).orElseThrow();
            List<Payment> all = payments.paymentsOf(current.bookingId().toString());
            boolean pending = all.stream().anyMatch(p -> p.getStatus() == PaymentStatus.PENDING);
            List<Payment> unsold = all.stream().filter(p -> p.getStatus() == PaymentStatus.APPROVED)
                    .filter(p -> !p.getId().equals(booking.paymentId())).toList();
            if (booking.status() == BookingRecord.Status.CONFIRMED || unsold.isEmpty()) {
                for (Payment extra : unsold) {
                    payments.refundAll(extra.getId(), "the booking was paid by another payment", "duplicate-" + extra.getId());
                    log.info("Refunded payment {} of booking {}: paid twice", extra.getId(), booking.code());
                }
                if (pending) return CheckoutStore.State.STARTED;
                store.advance(current.id(), CheckoutStore.State.ABANDONED, null,
                        booking.status() == BookingRecord.Status.CONFIRMED ? "completed by another payment" : "no payment was taken", 0);
                metrics.checkout(ReservationMetrics.CheckoutEnd.ABANDONED);
                return CheckoutStore.State.ABANDONED;
            }
            Payment first = unsold.get(0);
            store.advance(current.id(), CheckoutStore.State.CHARGED, first.getId(), null, first.getChangeDueMinor());
            current = reload(current, CheckoutStore.State.CHARGED, first.getId(), first.getChangeDueMinor());
        }
        Result result = finish(current);
        metrics.checkout(result.outcome());
        log.info("Reconciled checkout {} of booking {}: {}", current.id(), current.bookingId(), result.outcome());
        return result.outcome() == Outcome.COMPLETED ? CheckoutStore.State.COMPLETED : CheckoutStore.State.REFUNDED;
    }

    /** From CHARGED or CONFIRMED to the end: sell (or refund if the seats are gone), then issue. */
    private Result finish(CheckoutStore.Row checkout) {
        BookingRecord soldBooking = null;
        if (checkout.state() == CheckoutStore.State.CHARGED) {
            try {
                soldBooking = sales.confirm(checkout.bookingId(), checkout.paymentId());
            } catch (Sales.SeatsLost lost) {
                String message = "Your payment was refunded in full because " + lost.getMessage() + ".";
                payments.refundAll(checkout.paymentId(), "seats no longer available", "refund-" + checkout.id());
                store.advance(checkout.id(), CheckoutStore.State.REFUNDED, null, message, 0);
                log.info("Checkout {} refunded: {}", checkout.id(), lost.getMessage());
                return new Result(Outcome.REFUNDED, bookings.load(checkout.bookingId()).orElseThrow(), checkout.paymentId(),
                        List.of(), message, 0);
            }
            store.advance(checkout.id(), CheckoutStore.State.CONFIRMED, null, null, 0);
            checkout = reload(checkout, CheckoutStore.State.CONFIRMED, checkout.paymentId(), checkout.changeDueMinor());
            if (crashPoint == CrashPoint.CONFIRM) throw new UnavailableException("simulated crash after the sale");
        }
        List<String> issued = tickets.issue(checkout.bookingId().toString());
        store.advance(checkout.id(), CheckoutStore.State.COMPLETED, null, null, 0);
        BookingRecord booking = soldBooking != null ? soldBooking : bookings.load(checkout.bookingId()).orElseThrow();
        return new Result(Outcome.COMPLETED, booking, checkout.paymentId(), issued, "", checkout.changeDueMinor());
    }

    /** The answer of a finished checkout, again (a retry after the first answer was lost). */
    private Result replay(CheckoutStore.Row checkout) {
        BookingRecord booking = bookings.load(checkout.bookingId()).orElseThrow();
        return switch (checkout.state()) {
            case COMPLETED -> new Result(Outcome.COMPLETED, booking, checkout.paymentId(), tickets.issue(checkout.bookingId().toString()),
                    "", checkout.changeDueMinor());
            case DECLINED -> new Result(Outcome.PAYMENT_DECLINED, booking, checkout.paymentId(), List.of(), checkout.message(), 0);
            case REFUNDED -> new Result(Outcome.REFUNDED, booking, checkout.paymentId(), List.of(), checkout.message(), 0);
            default -> throw new FailedPreconditionException("this checkout was abandoned: " + checkout.message());
        };
    }

    private static String paymentKey(CheckoutStore.Row checkout) {
        return "checkout-" + checkout.id();
    }

    private static CheckoutStore.Row reload(CheckoutStore.Row row, CheckoutStore.State state, String paymentId, long changeDue) {
        return new CheckoutStore.Row(row.id(), row.bookingId(), row.idempotencyKey(), row.requestedBy(), state, paymentId,
                row.message(), changeDue);
    }

    /**
     * Finishes a cancellation: tickets revoked, payment refunded. Safe to repeat. The refund is made
     * by this service on behalf of whoever cancelled, so a cashier's cash refund lands in their shift.
     */
    void completeCancellation(UUID bookingId, String paymentId, String reason, String requestedBy) {
        tickets.revoke(bookingId.toString(), reason);
        if (paymentId != null && !paymentId.isEmpty()) {
            try {
                payments.refundAll(paymentId, "booking cancelled: " + reason, "cancel-" + bookingId, requestedBy);
            } catch (StatusRuntimeException e) {
                // Already refunded in full (e.g. a retry after the refund went through) is done.
                if (e.getStatus().getCode() != io.grpc.Status.Code.FAILED_PRECONDITION) throw e;
            }
        }
        store.cancellationDone(bookingId);
    }
}
