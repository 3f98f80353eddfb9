package marquee.kiosk.cashier.support;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import marquee.kiosk.work.Async;
import marquee.kiosk.backend.ApprovalRequiredException;
import marquee.kiosk.cashier.Amounts;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.cashier.TillPrinting;
import marquee.kiosk.cashier.override.OverrideViewModel;
import marquee.kiosk.model.Approval;
import marquee.kiosk.model.BookingInfo;
import marquee.kiosk.model.HoldStatus;
import marquee.kiosk.model.OverrideAction;
import marquee.kiosk.model.PaidBy;
import marquee.kiosk.model.Payment;
import marquee.kiosk.model.PaymentStatus;
import marquee.kiosk.model.TicketInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refund and cancel, void, and reprint of one booking, each with a reason. The backend decides
 * what needs a manager (a refund above the cashier's limit; a cashier's void or reprint always);
 * then the manager types their PIN here, and the backend records them as the approver.
 */
public final class BookingSupportViewModel {
    private static final Logger log = LoggerFactory.getLogger(BookingSupportViewModel.class);

    private final CashierContext context;
    private final OverrideViewModel override;
    private final TillPrinting printing;
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty reason = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<BookingInfo> booking = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Payment> payment = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty sold = new SimpleBooleanProperty(false);
    private final BooleanProperty refundable = new SimpleBooleanProperty(false);

    public BookingSupportViewModel(CashierContext context, OverrideViewModel override) {
        this.context = context;
        this.override = override;
        this.printing = new TillPrinting(context);
    }

    public void find() {
        String typed = code.get() == null ? "" : code.get().strip();
        if (typed.isEmpty()) {
            error.set(context.t("support.code.empty"));
            return;
        }
        busy.set(true);
        error.set("");
        message.set("");
        context.async().run(() -> {
            BookingInfo found = context.cashier().booking(typed);
            List<Payment> payments = context.cashier().payments(found.id());
            Payment paid = payments.stream().filter(p -> p.id().equals(found.paymentId())).findFirst()
                    .orElse(payments.isEmpty() ? null : payments.get(payments.size() - 1));
            return new Object[] {found, paid};
        }, found -> {
            busy.set(false);
            show((BookingInfo) found[0], (Payment) found[1]);
        }, failure -> {
            busy.set(false);
            show(null, null);
            error.set(context.t("error.refused", failure.getMessage()));
        });
    }

    private void show(BookingInfo b, Payment p) {
        booking.set(b);
        payment.set(p);
        // Only what can still be done is offered: a cancelled booking has nothing to refund or reprint.
        sold.set(b != null && b.status() == HoldStatus.CONFIRMED);
        refundable.set(sold.get() && p != null && (p.status() == PaymentStatus.APPROVED || p.status() == PaymentStatus.PARTIALLY_REFUNDED));
        if (b == null) {
            summary.set("");
            return;
        }
        DateTimeFormatter when = DateTimeFormatter.ofPattern("EEE dd.MM. HH:mm", context.locale()).withZone(context.zone());
        String seats = String.join(", ", b.lines().stream().map(l -> l.row() + l.number()).toList());
        String paid = p == null ? context.t("support.unpaid")
                : context.t("support.paid", Amounts.format(p.amount(), context.locale()), p.method().name(),
                Amounts.format(p.refunded(), context.locale()), p.status().name());
        summary.set(context.t("support.summary", b.code(), b.filmTitle(), b.startsAt() == null ? "" : when.format(b.startsAt()),
                b.hallName(), seats, context.t("status." + b.status().name()), paid));
    }

    private boolean ready(boolean needsPayment) {
        if (busy.get()) return false;
        if (booking.get() == null) {
            error.set(context.t("support.find.first"));
            return false;
        }
        String why = reason.get() == null ? "" : reason.get().strip();
        if (why.isEmpty() || why.length() > 200) {
            error.set(context.t("support.reason.missing"));
            return false;
        }
        if (needsPayment && payment.get() == null) {
            error.set(context.t("support.no.payment"));
            return false;
        }
        return true;
    }

    /**
     * Gives the money back in full and cancels the booking (seats free, tickets revoked). A sold
     * booking is one backend operation (CancelBooking refunds what is left), so the refund limit
     * counts what was refunded before; an unsold one with money on it is only refunded.
     */
    public void refundAndCancel() {
        if (!ready(true)) return;
        BookingInfo b = booking.get();
        Payment p = payment.get();
        String why = reason.get().strip();
        String key = CashierContext.newKey("refund");
        String refundWhy = context.t("override.why.REFUND.amount", Amounts.format(p.amount(), context.locale()));
        withApproval(OverrideAction.REFUND, p.id(), refundWhy, false, token -> {
            Payment refunded;
            if (b.status() == HoldStatus.CONFIRMED) {
                // One backend operation refunds, cancels and revokes the tickets.
                context.cashier().cancelBooking(b.id(), why, token);
                refunded = context.cashier().payments(b.id()).stream().filter(x -> x.id().equals(p.id())).findFirst().orElse(p);
            } else {
                refunded = p.status() == PaymentStatus.REFUNDED ? p : context.cashier().refund(p.id(), 0, why, token, key);
            }
            if (p.method() == PaidBy.CARD) {
                // issue 16: a card-present payment is given back at the till's card terminal
                marquee.kiosk.terminal.TerminalPayOut.payOut(context.cashier(), p.id(),
                        refunded.refunded().amountMinor() - p.refunded().amountMinor(), p.amount().amountMinor())
                        .ifPresent(problem -> log.warn("Booking {}: {}", b.code(), problem));
            }
            if (p.status() != PaymentStatus.REFUNDED && p.method() == PaidBy.CASH) {
                // Cash out of the drawer: a slip for the customer to sign, for the shift's count.
                try {
                    printing.printRefundSlip(b.code(), why, refunded.refunded());
                } catch (RuntimeException e) {
                    log.warn("The refund slip of booking {} did not print: {}", b.code(), e.getMessage());
                }
            }
            return refunded;
        }, (refunded, approval) -> context.t("support.refunded", Amounts.format(refunded.refunded(), context.locale()), b.code(),
                approval == null ? "" : context.t("support.approved.by", approval.approverName())));
    }

    /** Voids a sale of this shift: cancelled and refunded in full. A cashier always needs a manager. */
    public void voidSale() {
        if (!ready(true)) return;
        Payment p = payment.get();
        String why = reason.get().strip();
        String bookingId = booking.get().id();
        withApproval(OverrideAction.VOID, p.id(), context.t("override.why.VOID.amount", Amounts.format(p.amount(), context.locale())),
                !context.isManager(),
                token -> {
                    var voided = context.cashier().voidSale(bookingId, why, token);
                    // issue 16: a card-present sale is reversed at the till's card terminal
                    marquee.kiosk.terminal.TerminalPayOut.payOut(context.cashier(), p.id(),
                            p.amount().amountMinor() - p.refunded().amountMinor(), p.amount().amountMinor())
                            .ifPresent(problem -> log.warn("Void of {}: {}", bookingId, problem));
                    return voided;
                },
                (voided, approval) -> context.t("support.voided", booking.get().code(),
                        approval == null ? "" : context.t("support.approved.by", approval.approverName())));
    }

    /** Prints the tickets again, marked DUPLICATE; a cashier always needs a manager. */
    public void reprint() {
        if (!ready(false)) return;
        String bookingCode = booking.get().code();
        String why = reason.get().strip();
        String key = CashierContext.newKey("reprint");
        withApproval(OverrideAction.REPRINT, bookingCode, context.t("override.why.REPRINT.code", bookingCode), !context.isManager(), token -> {
            printing.requireReady();
            List<TicketInfo> duplicates = context.cashier().reprintTickets(bookingCode, why, token, key);
            printing.printTickets(duplicates, true);
            return duplicates;
        }, (duplicates, approval) -> context.t("support.reprinted", duplicates.size(), bookingCode,
                approval == null ? "" : context.t("support.approved.by", approval.approverName())));
    }

    private interface Outcome<T> {
        String text(T result, Approval approval);
    }

    /**
     * Runs the action; when the backend (or the rule for voids and reprints) wants a manager, asks
     * for their PIN and runs it again with the approval. Giving up changes nothing.
     */
    private <T> void withApproval(OverrideAction action, String subject, String plainWhy, boolean askFirst, Function<String, T> act,
                                  Outcome<T> outcome) {
        busy.set(true);
        error.set("");
        message.set("");
        CompletableFuture<Approval> approval = askFirst
                ? override.request(action, subject, plainWhy)
                : CompletableFuture.completedFuture(null);
        approval.whenComplete((first, cancelled) -> context.async().ui().execute(() -> {
            if (cancelled != null) {
                busy.set(false);
                error.set(context.t("support.cancelled"));
                return;
            }
            attempt(action, subject, plainWhy, act, outcome, first, true);
        }));
    }

    private <T> void attempt(OverrideAction action, String subject, String plainWhy, Function<String, T> act, Outcome<T> outcome,
                             Approval approval, boolean mayAsk) {
        context.async().run(() -> act.apply(approval == null ? null : approval.token()), result -> {
            busy.set(false);
            log.info("{} of {} done{}", action, subject, approval == null ? "" : " with approval by " + approval.approverId());
            message.set(outcome.text(result, approval));
            reason.set("");
            refresh();
        }, failure -> {
            if (failure instanceof ApprovalRequiredException needed && mayAsk) {
                // The cashier and manager read what is asked in plain words ("Refund €50.75 needs a manager"),
                // not the backend's rule; the backend's words go to the log.
                log.info("{} of {} needs a manager: {}", action, subject, needed.getMessage());
                override.request(action, subject, plainWhy).whenComplete((granted, cancelled) ->
                        context.async().ui().execute(() -> {
                            if (cancelled != null) {
                                busy.set(false);
                                error.set(context.t("support.cancelled"));
                            } else {
                                attempt(action, subject, plainWhy, act, outcome, granted, false);
                            }
                        }));
                return;
            }
            busy.set(false);
            Throwable cause = Async.unwrap(failure);
            error.set(cause instanceof TillPrinting.PrinterNotReadyException
                    ? context.t("sale.printer.notready", cause.getMessage())
                    : context.t("error.refused", cause.getMessage()));
        });
    }

    private void refresh() {
        BookingInfo b = booking.get();
        if (b == null) return;
        context.async().run(() -> {
            BookingInfo found = context.cashier().booking(b.code());
            List<Payment> payments = context.cashier().payments(found.id());
            return new Object[] {found, payments.isEmpty() ? null : payments.get(payments.size() - 1)};
        }, found -> show((BookingInfo) found[0], (Payment) found[1]), failure -> {});
    }

    public StringProperty codeProperty() { return code; }
    public StringProperty reasonProperty() { return reason; }
    public ReadOnlyObjectProperty<BookingInfo> bookingProperty() { return booking.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Payment> paymentProperty() { return payment.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public BooleanProperty busyProperty() { return busy; }
    /** The booking is sold: it may be reprinted. */
    public BooleanProperty soldProperty() { return sold; }
    /** Sold and paid with money left to give back: it may be refunded or voided. */
    public BooleanProperty refundableProperty() { return refundable; }
}
