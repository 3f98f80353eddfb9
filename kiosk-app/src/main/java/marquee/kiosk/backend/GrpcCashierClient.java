package marquee.kiosk.backend;

import static marquee.kiosk.backend.ProtoMapping.*;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import marquee.kiosk.model.Approval;
import marquee.kiosk.model.BookingInfo;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OverrideAction;
import marquee.kiosk.model.Payment;
import marquee.kiosk.model.PaymentSummary;
import marquee.kiosk.model.Sale;
import marquee.kiosk.model.Shift;
import marquee.kiosk.model.ShiftReport;
import marquee.kiosk.model.StaffMember;
import marquee.kiosk.model.StaffRole;
import marquee.kiosk.model.TerminalReconciliation;
import marquee.kiosk.model.TicketInfo;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.User;
import marquee.users.v1.UsersServiceGrpc;

/**
 * {@link CashierBackend} over gRPC: staff sign-in, shifts, cash, refunds, overrides, reprints —
 * through the same {@link GrpcCalls} (channel, token, deadlines, error translation) as the
 * kiosk's calls of the till.
 */
public final class GrpcCashierClient implements CashierBackend {
    private final GrpcCalls calls;

    public GrpcCashierClient(GrpcCalls calls) {
        this.calls = calls;
    }

    // ---- Cashier mode: staff sign-in, shifts, cash, refunds, overrides, reprints ----

    /** Signs in a cashier or manager at a till; an expired token is renewed with the same login. */
    @Override
    public StaffMember signInStaff(String staffLogin, String pin) {
        calls.signInWith(() -> calls.users().staffLogin(marquee.users.v1.StaffLoginRequest.newBuilder().setStaffLogin(staffLogin)
                .setPin(pin).build()));
        User me = calls.user();
        StaffRole role = me.getRole() == marquee.users.v1.Role.MANAGER ? StaffRole.MANAGER : StaffRole.CASHIER;
        return new StaffMember(me.getId(), me.getStaffLogin(), me.getDisplayName(), role, me.getCinemaId());
    }

    private static marquee.payments.v1.PaymentsServiceGrpc.PaymentsServiceBlockingStub payments(io.grpc.Channel channel) {
        return marquee.payments.v1.PaymentsServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public java.util.Optional<Shift> currentShift() {
        try {
            return java.util.Optional.of(shift(calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE,
                    stub -> stub.getCurrentShift(marquee.payments.v1.GetCurrentShiftRequest.getDefaultInstance()))));
        } catch (RejectedException e) {
            if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Shift openShift(String stationId, Money openingFloat, String idempotencyKey) {
        var request = marquee.payments.v1.OpenShiftRequest.newBuilder().setStationId(stationId)
                .setOpeningFloat(protoMoney(openingFloat)).setIdempotencyKey(idempotencyKey).build();
        return shift(calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.openShift(request)));
    }

    @Override
    public Shift recordCashDrop(String shiftId, long amountMinor, String note, String idempotencyKey) {
        var request = marquee.payments.v1.RecordCashDropRequest.newBuilder().setShiftId(shiftId).setAmountMinor(amountMinor)
                .setNote(note).setIdempotencyKey(idempotencyKey).build();
        return shift(calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.recordCashDrop(request)));
    }

    @Override
    public ShiftReport closeShift(String shiftId, long countedMinor, String idempotencyKey) {
        var request = marquee.payments.v1.CloseShiftRequest.newBuilder().setShiftId(shiftId).setCountedMinor(countedMinor)
                .setIdempotencyKey(idempotencyKey).build();
        return toReport(calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.closeShift(request)));
    }

    @Override
    public ShiftReport shiftReport(String shiftId) {
        var request = marquee.payments.v1.GetShiftReportRequest.newBuilder().setShiftId(shiftId).build();
        return toReport(calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.getShiftReport(request)));
    }

    @Override
    public PaymentSummary summarizePayments(String cinemaId, String takenBy, Instant from, Instant to) {
        var request = marquee.payments.v1.SummarizePaymentsRequest.newBuilder().setCinemaId(cinemaId).setTakenBy(takenBy)
                .setFrom(marquee.platform.grpc.ProtoTime.timestamp(from)).setTo(marquee.platform.grpc.ProtoTime.timestamp(to))
                .build();
        var s = calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.summarizePayments(request));
        return new PaymentSummary(money(s.getCardTotal()), money(s.getCashTotal()), money(s.getRefundTotal()),
                s.getChargeCount(), s.getRefundCount(), money(s.getCashRefundTotal()));
    }

    @Override
    public Sale checkoutWithCash(String holdId, long tenderedMinor, String idempotencyKey) {
        return tillCheckout(CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(PaymentMethod.newBuilder().setCash(marquee.reservations.v1.CashDetails.newBuilder()
                        .setTenderedMinor(tenderedMinor))).build());
    }

    @Override
    public Sale checkoutWithCardAtTill(String holdId, String cardNumber, int expiryMonth, int expiryYear, String cvc,
                                       String idempotencyKey) {
        return tillCheckout(CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber(cardNumber)
                        .setExpiryMonth(expiryMonth).setExpiryYear(expiryYear).setCvc(cvc))).build());
    }

    private Sale tillCheckout(CheckoutRequest request) {
        var result = calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.CHECKOUT_DEADLINE, stub -> stub.checkout(request));
        Hold booking = toHold(result.getBooking());
        CheckoutResult outcome = switch (result.getOutcome()) {
            case COMPLETED -> new CheckoutResult(CheckoutOutcome.COMPLETED, result.getMessage(), booking, tickets(booking.code()));
            case PAYMENT_DECLINED -> new CheckoutResult(CheckoutOutcome.DECLINED, result.getMessage(), booking, List.of());
            case REFUNDED -> new CheckoutResult(CheckoutOutcome.REFUNDED, result.getMessage(), booking, List.of());
            default -> throw new BackendException("Unknown checkout outcome " + result.getOutcome(), null);
        };
        return new Sale(outcome, result.getPaymentId(), new Money(result.getChangeDueMinor(), booking.total().currency()));
    }

    @Override
    public BookingInfo booking(String code) {
        var request = marquee.reservations.v1.GetBookingRequest.newBuilder().setCode(code.strip().toUpperCase(java.util.Locale.ROOT))
                .build();
        var b = calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.getBooking(request));
        Hold h = toHold(b);
        return new BookingInfo(h.id(), h.code(), h.status(), b.getMovieTitle(), b.getHallName(),
                b.hasStartsAt() ? instant(b.getStartsAt()) : null, h.lines(), h.total(), b.getPaymentId());
    }

    @Override
    public List<Payment> payments(String bookingId) {
        var request = marquee.payments.v1.ListPaymentsRequest.newBuilder().setBookingId(bookingId).build();
        return calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.listPayments(request)).getPaymentsList().stream()
                .map(ProtoMapping::payment).toList();
    }

    @Override
    public Approval approveOverride(String managerLogin, String pin, OverrideAction action, String subject) {
        var request = marquee.users.v1.ApproveOverrideRequest.newBuilder().setManagerStaffLogin(managerLogin).setPin(pin)
                .setAction(marquee.users.v1.OverrideAction.valueOf(action.name())).setSubject(subject).build();
        // Not through calls.call(): a wrong PIN is UNAUTHENTICATED too, and signing in again and retrying
        // would count the manager's wrong PIN twice towards the lockout.
        var approval = GrpcCalls.mapped(() -> calls.stub(UsersServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE).approveOverride(request));
        return new Approval(approval.getApprovalToken(), approval.getApproverId(), approval.getApproverName(),
                instant(approval.getExpiresAt()));
    }

    @Override
    public Payment refund(String paymentId, long amountMinor, String reason, String approvalToken, String idempotencyKey) {
        var request = marquee.payments.v1.RefundRequest.newBuilder().setPaymentId(paymentId).setAmountMinor(amountMinor)
                .setReason(reason).setApproverToken(approvalToken == null ? "" : approvalToken)
                .setIdempotencyKey(idempotencyKey).build();
        return payment(approvalCall(() -> calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.refund(request))));
    }

    @Override
    public BookingInfo cancelBooking(String bookingId, String reason, String approvalToken) {
        return cancel(bookingId, reason, approvalToken, false);
    }

    @Override
    public BookingInfo voidSale(String bookingId, String reason, String approvalToken) {
        return cancel(bookingId, reason, approvalToken, true);
    }

    /** ReservationsService/CancelBooking: the backend refunds, frees the seats and revokes the tickets in one operation. */
    private BookingInfo cancel(String bookingId, String reason, String approvalToken, boolean isVoid) {
        var request = marquee.reservations.v1.CancelBookingRequest.newBuilder().setBookingId(bookingId).setReason(reason)
                .setApprovalToken(approvalToken == null ? "" : approvalToken).setVoidSale(isVoid).build();
        var b = approvalCall(() -> calls.call(ReservationsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.cancelBooking(request)));
        Hold h = toHold(b);
        return new BookingInfo(h.id(), h.code(), h.status(), b.getMovieTitle(), b.getHallName(),
                b.hasStartsAt() ? instant(b.getStartsAt()) : null, h.lines(), h.total(), b.getPaymentId());
    }

    @Override
    public List<TicketInfo> reprintTickets(String bookingCode, String reason, String approvalToken, String idempotencyKey) {
        var request = marquee.tickets.v1.ReprintTicketsRequest.newBuilder()
                .setBookingCode(bookingCode.strip().toUpperCase(java.util.Locale.ROOT)).setReason(reason)
                .setApprovalToken(approvalToken == null ? "" : approvalToken).setIdempotencyKey(idempotencyKey).build();
        return approvalCall(() -> calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.reprintTickets(request)))
                .getTicketsList().stream().map(ProtoMapping::ticket).toList();
    }

    /** A refusal that a manager's approval would lift becomes an {@link ApprovalRequiredException}. */
    private static <R> R approvalCall(Supplier<R> rpc) {
        try {
            return rpc.get();
        } catch (RejectedException e) {
            if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.PERMISSION_DENIED
                    && e.getMessage() != null && e.getMessage().contains("approv")) {
                throw new ApprovalRequiredException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    @Override
    public void signOut() {
        calls.signOut();
    }

    /** The tickets of a booking sold at the till. */
    private List<TicketInfo> tickets(String bookingCode) {
        var request = GetTicketsRequest.newBuilder().setBookingCode(bookingCode).build();
        return calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.getTickets(request))
                .getTicketsList().stream().map(ProtoMapping::ticket).toList();
    }

    // --- card present at the till (issue 16) -----------------------------------------------------

    @Override
    public Sale checkoutCardPresentAtTill(String holdId, marquee.terminal.TerminalResult approval, String idempotencyKey) {
        return tillCheckout(CheckoutRequest.newBuilder().setBookingId(holdId).setIdempotencyKey(idempotencyKey)
                .setPayment(cardPresent(approval)).build());
    }

    @Override
    public ShiftReport closeShiftWithTerminal(String shiftId, long countedMinor, String idempotencyKey,
                                              marquee.terminal.EndOfDayTotals totals) {
        var request = marquee.payments.v1.CloseShiftRequest.newBuilder().setShiftId(shiftId).setCountedMinor(countedMinor)
                .setIdempotencyKey(idempotencyKey).setTerminalTotals(marquee.payments.v1.TerminalTotals.newBuilder()
                        .setTerminalId(totals.terminalId()).setCount(totals.count()).setTraceNumber(totals.traceNumber())
                        .setTotal(marquee.common.v1.Money.newBuilder().setAmountMinor(totals.totalMinor()).setCurrency(totals.currency())))
                .build();
        return toReport(calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.closeShift(request)));
    }

    @Override
    public java.util.Optional<String> cardPresentReceipt(String paymentId) {
        var request = marquee.payments.v1.GetPaymentRequest.newBuilder().setPaymentId(paymentId).build();
        var p = calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.getPayment(request));
        return p.hasCardPresent() ? java.util.Optional.of(p.getCardPresent().getReceiptNumber()) : java.util.Optional.empty();
    }

    @Override
    public java.util.Optional<TerminalReconciliation> terminalReconciliation(String shiftId) {
        var request = marquee.payments.v1.GetShiftReportRequest.newBuilder().setShiftId(shiftId).build();
        var report = calls.call(GrpcCashierClient::payments, GrpcCalls.DEADLINE, stub -> stub.getShiftReport(request));
        if (!report.hasTerminalReconciliation()) return java.util.Optional.empty();
        var r = report.getTerminalReconciliation();
        return java.util.Optional.of(new TerminalReconciliation(r.getTerminalId(), money(r.getTerminalTotal()), r.getTerminalCount(),
                money(r.getShiftCardTakings()), r.getShiftCardCount(), money(r.getDifference())));
    }
}
