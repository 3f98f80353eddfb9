package marquee.reservations;

import io.grpc.StatusRuntimeException;
import java.util.List;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.auth.Principal;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
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

    private final Holds holds;
    private final BookingStore bookings;
    private final Sales sales;
    private final CheckoutStore store;
    private final PaymentsPort payments;
    private final TicketsPort tickets;
    private final CrashPoint crashPoint;
    private final ReservationMetrics metrics;

    Checkout(Holds holds, BookingStore bookings, Sales sales, CheckoutStore store, PaymentsPort payments, TicketsPort tickets,
             CrashPoint crashPoint, ReservationMetrics metrics) {
        this.metrics = metrics;
        this.holds = holds;
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
        BookingRecord booking = holds.get(caller, bookingId);
        if (booking.effectiveStatus(Instant.now()) == BookingRecord.Status.HELD) holds.checkStillOnSale(booking);
        CheckoutStore.Row checkout = store.begin(bookingId, key, caller.userId());
        return drive(caller, checkout, booking, method);
    }

    /**
     * Takes a checkout from wherever it is to its end. A retry with the same key comes here too,
     * so a client whose call was cut gets its final answer at once instead of waiting for the
     * reconciler.
     */
    private Result drive(Principal caller, CheckoutStore.Row checkout, BookingRecord booking, PaymentMethod method) {
        if (checkout.state().finished()) return replay(checkout);
        if (checkout.state() == CheckoutStore.State.STARTED) {
            if (booking.status() != BookingRecord.Status.HELD || booking.effectiveStatus(Instant.now()) != BookingRecord.Status.HELD) {
                // The hold has gone (run out, released, taken over): nothing is charged anew, but an
                // earlier attempt of this checkout may have taken money, or its payment may settle
                // only now. That goes the reconciler's way: sold if it still can be, else refunded.
                settleEarlierCharge(caller, checkout, booking, method);
                CheckoutStore.State state = resumeStarted(checkout);
                if (state == CheckoutStore.State.STARTED) {
                    throw new UnavailableException("The card payment has not been settled yet. Try again: you will not be charged twice.");
                }
                return replay(store.get(checkout.id()));
            }
            // The booking travels with the charge (payments does not read it back); the payer's token with it.
            Payment payment = payments.charge(booking, method, paymentKey(checkout), caller.token());
            if (payment.getStatus() == PaymentStatus.DECLINED) {
                String message = "The payment was declined: " + payment.getDeclineReason();
                if (!store.advance(checkout.id(), CheckoutStore.State.DECLINED, payment.getId(), message, 0)) {
                    return drive(caller, store.get(checkout.id()), bookings.load(checkout.bookingId()).orElseThrow(), method);
                }
                metrics.checkout(Outcome.PAYMENT_DECLINED);
                return new Result(Outcome.PAYMENT_DECLINED, bookings.load(checkout.bookingId()).orElseThrow(), payment.getId(),
                        List.of(), message, 0);
            }
            if (payment.getStatus() != PaymentStatus.APPROVED) {
                // The gateway did not say; the same key asks it again and never charges twice.
                metrics.checkout(ReservationMetrics.CheckoutEnd.PAYMENT_PENDING);
                throw new UnavailableException("The card payment did not complete in time. Try again: you will not be charged twice.");
            }
            // CHARGED is not written on its own: the sale records the payment and CONFIRMED in its one
            // round trip. A crash before the sale leaves the checkout STARTED with money under its key,
            // which is the case resumeStarted exists for (a retry charges again under the same key and
            // gets this payment back; the reconciler sells on it or refunds it).
            checkout = reload(checkout, CheckoutStore.State.CHARGED, payment.getId(), payment.getChangeDueMinor());
            if (crashPoint == CrashPoint.CHARGE) throw new UnavailableException("simulated crash after the charge");
            Result result = finish(checkout, payment);
            metrics.checkout(result.outcome());
            return result;
        }
        Result result = finish(checkout, null);
        metrics.checkout(result.outcome());
        return result;
    }

    /** Asks payments again under this checkout's key; it never charges anew once the hold is gone. */
    private void settleEarlierCharge(Principal caller, CheckoutStore.Row checkout, BookingRecord booking, PaymentMethod method) {
        try {
            payments.charge(booking, method, paymentKey(checkout), caller.token());
        } catch (StatusRuntimeException | marquee.platform.errors.DomainException e) {
            // No payment under this key (payments refuses to charge a booking that is not held): nothing to settle.
            log.debug("Checkout {}: no earlier charge to settle ({})", checkout.id(), e.getMessage());
        }
    }

    /** Continues an unfinished checkout whose caller went away; returns its state afterwards. */
    CheckoutStore.State resume(CheckoutStore.Row checkout) {
        CheckoutStore.State state;
        if (checkout.state() == CheckoutStore.State.STARTED) {
            state = resumeStarted(checkout);
        } else {
            Result result = finish(checkout, null);
            metrics.checkout(result.outcome());
            state = stateOf(result);
        }
        log.info("Reconciled checkout {} of booking {}: {}", checkout.id(), checkout.bookingId(), state);
        return state;
    }

    /**
     * The one path for a STARTED checkout that cannot simply charge — the reconciler's, and a
     * retry's whose hold has gone. We cannot charge without the card, but money may have been taken
     * before a crash, or may still arrive from a payment the gateway had not settled. The booking
     * is sold only on a payment that is approved, untouched and exactly its total now; every other
     * payment that took money for it and does not pay for its sale is given back. ABANDONED is
     * written only when no money exists for the checkout; while a payment is still PENDING the
     * checkout stays STARTED (returned) and is looked at again.
     */
    private CheckoutStore.State resumeStarted(CheckoutStore.Row checkout) {
        BookingRecord booking = bookings.load(checkout.bookingId()).orElseThrow();
        List<Payment> all = payments.paymentsOf(checkout.bookingId().toString());
        boolean pending = all.stream().anyMatch(p -> p.getStatus() == PaymentStatus.PENDING);
        boolean sellable = booking.status() == BookingRecord.Status.HELD || booking.status() == BookingRecord.Status.EXPIRED;
        Payment fit = sellable ? all.stream().filter(p -> Sales.wrongPayment(booking, p) == null).findFirst().orElse(null) : null;
        List<Payment> unused = all.stream()
                .filter(p -> p.getStatus() == PaymentStatus.APPROVED || p.getStatus() == PaymentStatus.PARTIALLY_REFUNDED)
                .filter(p -> p.getAmount().getAmountMinor() > p.getRefunded().getAmountMinor())
                .filter(p -> !p.getId().equals(booking.paymentId()))
                .filter(p -> fit == null || !p.getId().equals(fit.getId()))
                .toList();
        String why = why(booking);
        for (Payment extra : unused) {
            giveBack(extra.getId(), why, "unused-" + extra.getId());
            log.info("Refunded payment {} of booking {}: {}", extra.getId(), booking.code(), why);
        }
        if (fit != null) {
            if (!store.advance(checkout.id(), CheckoutStore.State.CHARGED, fit.getId(), null, fit.getChangeDueMinor())) {
                return continueFrom(store.get(checkout.id()));
            }
            Result result = finish(reload(checkout, CheckoutStore.State.CHARGED, fit.getId(), fit.getChangeDueMinor()), fit);
            metrics.checkout(result.outcome());
            return stateOf(result);
        }
        if (pending) return CheckoutStore.State.STARTED;
        if (!unused.isEmpty()) {
            String message = "Your payment was refunded in full because " + why + ".";
            if (!store.advance(checkout.id(), CheckoutStore.State.REFUNDED, unused.get(0).getId(), message, 0)) {
                return continueFrom(store.get(checkout.id()));
            }
            metrics.checkout(Outcome.REFUNDED);
            return CheckoutStore.State.REFUNDED;
        }
        String message = booking.status() == BookingRecord.Status.CONFIRMED ? "booking " + booking.code() + " was paid by another payment"
                : booking.effectiveStatus(Instant.now()) == BookingRecord.Status.HELD ? "no payment was taken"
                : "booking " + booking.code() + " is " + booking.effectiveStatus(Instant.now()).name().toLowerCase(Locale.ROOT)
                        + "; choose the seats again";
        if (!store.advance(checkout.id(), CheckoutStore.State.ABANDONED, null, message, 0)) return continueFrom(store.get(checkout.id()));
        metrics.checkout(ReservationMetrics.CheckoutEnd.ABANDONED);
        return CheckoutStore.State.ABANDONED;
    }

    private static String why(BookingRecord booking) {
        return switch (booking.status()) {
            case CONFIRMED -> "the booking was paid by another payment";
            case RELEASED -> "the hold was given up";
            case CANCELLED -> "the booking was cancelled";
            default -> "the payment does not pay for the booking as it is now";
        };
    }

    /** After another actor moved the checkout on first: finish it from where it is. */
    private CheckoutStore.State continueFrom(CheckoutStore.Row current) {
        if (current.state().finished() || current.state() == CheckoutStore.State.STARTED) return current.state();
        Result result = finish(current, null);
        metrics.checkout(result.outcome());
        return stateOf(result);
    }

    private static CheckoutStore.State stateOf(Result result) {
        return switch (result.outcome()) {
            case COMPLETED -> CheckoutStore.State.COMPLETED;
            case REFUNDED -> CheckoutStore.State.REFUNDED;
            case PAYMENT_DECLINED -> CheckoutStore.State.DECLINED;
        };
    }

    /**
     * From CHARGED or CONFIRMED to the end: sell on the checkout's payment (or refund it if the
     * seats are gone or it no longer pays for the booking as it is now), then issue.
     */
    private Result finish(CheckoutStore.Row checkout, Payment known) {
        BookingRecord soldBooking = null;
        boolean confirmedWithSale = false;
        if (checkout.state() == CheckoutStore.State.CHARGED) {
            Payment payment = known != null ? known : payments.payment(checkout.paymentId());
            try {
                // The checkout's CONFIRMED is committed with the sale itself, in the sale's one round trip.
                Sales.Sold sold = sales.confirm(checkout.bookingId(), payment, checkout.id(), checkout.changeDueMinor());
                soldBooking = sold.booking();
                confirmedWithSale = sold.checkoutConfirmed();
            } catch (Sales.CheckoutMoved moved) {
                // Someone else (the reconciler) moved the checkout on meanwhile: continue from where it is.
                return finishedAnswer(store.get(checkout.id()));
            } catch (Sales.SeatsLost lost) {
                String message = "Your payment was refunded in full because " + lost.getMessage() + ".";
                giveBack(checkout.paymentId(), "seats no longer available: " + abbreviate(lost.getMessage()), "refund-" + checkout.id());
                if (!store.advance(checkout.id(), CheckoutStore.State.REFUNDED, checkout.paymentId(), message, 0)) {
                    CheckoutStore.Row now = store.get(checkout.id());
                    if (now.state() != CheckoutStore.State.REFUNDED) return finishedAnswer(now);
                }
                log.info("Checkout {} refunded: {}", checkout.id(), lost.getMessage());
                return new Result(Outcome.REFUNDED, bookings.load(checkout.bookingId()).orElseThrow(), checkout.paymentId(),
                        List.of(), message, 0);
            }
            // An earlier attempt sold already (idempotent repeat): record CONFIRMED now.
            if (!confirmedWithSale) {
                store.advance(checkout.id(), CheckoutStore.State.CONFIRMED, checkout.paymentId(), null, checkout.changeDueMinor());
            }
            checkout = reload(checkout, CheckoutStore.State.CONFIRMED, checkout.paymentId(), checkout.changeDueMinor());
            if (crashPoint == CrashPoint.CONFIRM) throw new UnavailableException("simulated crash after the sale");
        }
        // The sale returned the booking as sold; only a checkout found already CONFIRMED reads it.
        BookingRecord booking = soldBooking != null ? soldBooking : bookings.load(checkout.bookingId()).orElseThrow();
        List<String> issued = tickets.issue(booking);
        store.advance(checkout.id(), CheckoutStore.State.COMPLETED, null, null, 0);
        return new Result(Outcome.COMPLETED, booking, checkout.paymentId(), issued, "", checkout.changeDueMinor());
    }

    private Result finishedAnswer(CheckoutStore.Row row) {
        return row.state().finished() ? replay(row) : finish(row, null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 150 ? text : text.substring(0, 150);
    }

    /** Refunds what is left of a payment, as this service; a payment with nothing left is already given back. */
    private void giveBack(String paymentId, String reason, String key) {
        try {
            payments.refundAll(paymentId, reason, key);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.FAILED_PRECONDITION) throw e;
        }
    }

    /** ConfirmBooking: sells a hold on one of its payments, which must pay for it exactly as it is now. */
    BookingRecord confirmPaid(Principal caller, UUID bookingId, String paymentId) {
        BookingRecord booking = holds.get(caller, bookingId);
        Payment payment = payments.paymentsOf(bookingId.toString()).stream().filter(p -> p.getId().equals(paymentId)).findFirst()
                .orElseThrow(() -> new NotFoundException("payment_id: booking " + booking.code() + " has no payment " + paymentId));
        return sales.confirm(bookingId, payment);
    }

    /**
     * New ticket types for a hold, only while no money is involved: once any payment or checkout
     * exists for the hold its total is what was (or is being) paid. Payments are asked first; a
     * checkout row is checked under the booking's lock (see {@link Holds#changeTicketTypes}).
     */
    BookingRecord changeTicketTypes(Principal caller, UUID bookingId, List<SeatRules.Selection> selections) {
        BookingRecord booking = holds.get(caller, bookingId);
        if (booking.status() == BookingRecord.Status.HELD && !payments.paymentsOf(bookingId.toString()).isEmpty()) {
            throw new FailedPreconditionException("booking " + booking.code()
                    + " has a payment under way or made; its tickets can no longer change");
        }
        return holds.changeTicketTypes(caller, bookingId, selections);
    }

    /** Whether a checkout of the booking is unfinished (payments refuses the payer's refunds meanwhile). */
    boolean open(UUID bookingId) {
        return store.openFor(bookingId);
    }

    /** The answer of a finished checkout, again (a retry after the first answer was lost). */
    private Result replay(CheckoutStore.Row checkout) {
        BookingRecord booking = bookings.load(checkout.bookingId()).orElseThrow();
        return switch (checkout.state()) {
            case COMPLETED -> new Result(Outcome.COMPLETED, booking, checkout.paymentId(), tickets.issue(booking),
                    "", checkout.changeDueMinor());
            case DECLINED -> new Result(Outcome.PAYMENT_DECLINED, booking, checkout.paymentId(), List.of(), checkout.message(), 0);
            case REFUNDED -> new Result(Outcome.REFUNDED, booking, checkout.paymentId(), List.of(), checkout.message(), 0);
            default -> throw new FailedPreconditionException(checkout.message() == null ? "this checkout was abandoned"
                    : checkout.message());
        };
    }

    private static String paymentKey(CheckoutStore.Row checkout) {
        return "checkout-" + checkout.id();
    }

    private static CheckoutStore.Row reload(CheckoutStore.Row row, CheckoutStore.State state, String paymentId, long changeDue) {
        return new CheckoutStore.Row(row.id(), row.bookingId(), row.idempotencyKey(), row.requestedBy(), state, paymentId,
                row.message(), changeDue);
    }
}
