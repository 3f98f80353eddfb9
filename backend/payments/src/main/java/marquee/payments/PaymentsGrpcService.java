package marquee.payments;

import io.grpc.stub.StreamObserver;
import java.time.Instant;
import marquee.common.v1.Money;
import marquee.payments.v1.GetPaymentRequest;
import marquee.payments.v1.ListPaymentsRequest;
import marquee.payments.v1.ListPaymentsResponse;
import marquee.payments.v1.PaymentMethodKind;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.PaymentSummary;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.RefundRecord;
import marquee.payments.v1.RefundRequest;
import marquee.payments.v1.SummarizePaymentsRequest;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.CashDrop;
import marquee.payments.v1.CloseShiftRequest;
import marquee.payments.v1.GetCurrentShiftRequest;
import marquee.payments.v1.GetShiftReportRequest;
import marquee.payments.v1.GetShiftRequest;
import marquee.payments.v1.OpenShiftRequest;
import marquee.payments.v1.RecordCashDropRequest;
import marquee.payments.v1.RefundKind;
import marquee.payments.v1.ShiftReport;
import marquee.payments.v1.ShiftStatus;
import marquee.platform.auth.Auth;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.PaymentMethod;

/** Maps the payments contract onto {@link Payments}; no rules live here. */
final class PaymentsGrpcService extends PaymentsServiceGrpc.PaymentsServiceImplBase {
    private final Payments payments;
    private final Shifts shifts;
    private final TerminalReconciliations reconciliations;
    /** Offline sales uploaded through reservations (null in tests that build the service without them). */
    private OfflinePayments offline;

    PaymentsGrpcService withOfflinePayments(OfflinePayments offlinePayments) {
        this.offline = offlinePayments;
        return this;
    }

    PaymentsGrpcService(Payments payments, Shifts shifts) {
        this(payments, shifts, null);
    }

    PaymentsGrpcService(Payments payments, Shifts shifts, TerminalReconciliations reconciliations) {
        this.payments = payments;
        this.shifts = shifts;
        this.reconciliations = reconciliations;
    }

    @Override
    public void openShift(OpenShiftRequest request, StreamObserver<marquee.payments.v1.Shift> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(shifts.open(caller, request.getStationId(), request.getOpeningFloat().getAmountMinor(),
                request.getOpeningFloat().getCurrency(), request.getIdempotencyKey())));
    }

    @Override
    public void recordCashDrop(RecordCashDropRequest request, StreamObserver<marquee.payments.v1.Shift> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(shifts.drop(caller, request.getShiftId(), request.getAmountMinor(), request.getNote(),
                request.getIdempotencyKey())));
    }

    @Override
    public void getShift(GetShiftRequest request, StreamObserver<marquee.payments.v1.Shift> response) {
        reply(response, toProto(shifts.get(Auth.requireSignedIn(), request.getShiftId())));
    }

    @Override
    public void getCurrentShift(GetCurrentShiftRequest request, StreamObserver<marquee.payments.v1.Shift> response) {
        reply(response, toProto(shifts.current(Auth.requireSignedIn())));
    }

    @Override
    public void closeShift(CloseShiftRequest request, StreamObserver<ShiftReport> response) {
        var caller = Auth.requireSignedIn();
        Shifts.Report report = shifts.close(caller, request.getShiftId(), request.getCountedMinor(), request.getIdempotencyKey());
        if (request.hasTerminalTotals() && reconciliations != null) CardPresentProtos.record(reconciliations, caller, report, request);
        reply(response, withOffline(report, CardPresentProtos.withReconciliation(reconciliations, report, toProto(report))));
    }

    /** The shift's offline sales (uploaded later), counted apart as well as in the totals. */
    private ShiftReport withOffline(Shifts.Report report, ShiftReport proto) {
        if (offline == null) return proto;
        long[] f = offline.shiftFigures(report.shift().id());
        return proto.toBuilder().setOfflineSaleCount((int) f[0]).setOfflineSales(money(f[1], report.shift().currency())).build();
    }

    @Override
    public void getShiftReport(GetShiftReportRequest request, StreamObserver<ShiftReport> response) {
        Shifts.Report report = shifts.report(Auth.requireSignedIn(), request.getShiftId());
        reply(response, withOffline(report, CardPresentProtos.withReconciliation(reconciliations, report, toProto(report))));
    }

    static marquee.payments.v1.Shift toProto(Shift shift) {
        String currency = shift.currency();
        var builder = marquee.payments.v1.Shift.newBuilder()
                .setId(shift.id().toString())
                .setCinemaId(shift.cinemaId().toString())
                .setStationId(shift.stationId())
                .setCashierId(shift.cashierId())
                .setStatus(shift.open() ? ShiftStatus.SHIFT_OPEN : ShiftStatus.SHIFT_CLOSED)
                .setOpeningFloat(money(shift.openingFloatMinor(), currency))
                .setOpenedAt(ProtoTime.timestamp(shift.openedAt()));
        if (!shift.open()) {
            builder.setClosedAt(ProtoTime.timestamp(shift.closedAt()))
                    .setClosedBy(shift.closedBy())
                    .setCountedCash(money(shift.countedMinor(), currency))
                    .setExpectedCash(money(shift.expectedMinor(), currency))
                    .setVariance(money(shift.countedMinor() - shift.expectedMinor(), currency));
        }
        for (Shift.Drop drop : shift.drops()) {
            builder.addDrops(CashDrop.newBuilder()
                    .setId(drop.id().toString())
                    .setAmount(money(drop.amountMinor(), currency))
                    .setNote(drop.note())
                    .setRecordedBy(drop.recordedBy())
                    .setCreatedAt(ProtoTime.timestamp(drop.createdAt())));
        }
        return builder.build();
    }

    static ShiftReport toProto(Shifts.Report report) {
        String currency = report.shift().currency();
        Shift.Figures f = report.figures();
        var shift = toProto(report.shift()).toBuilder().setExpectedCash(money(report.expectedMinor(), currency)).build();
        return ShiftReport.newBuilder()
                .setShift(shift)
                .setCashSaleCount(f.cashSaleCount())
                .setCashSales(money(f.cashSalesMinor(), currency))
                .setCardSaleCount(f.cardSaleCount())
                .setCardSales(money(f.cardSalesMinor(), currency))
                .setRefundCount(f.refundCount())
                .setRefunds(money(f.refundsMinor(), currency))
                .setCashRefunds(money(f.cashRefundsMinor(), currency))
                .setVoidCount(f.voidCount())
                .setVoids(money(f.voidsMinor(), currency))
                .setDropCount(f.dropCount())
                .setDrops(money(f.dropsMinor(), currency))
                .setTicketsSold(f.ticketsSold())
                .setNetTotal(money(f.cashSalesMinor() + f.cardSalesMinor() - f.refundsMinor() - f.voidsMinor(), currency))
                .build();
    }

    @Override
    public void charge(ChargeRequest request, StreamObserver<marquee.payments.v1.Payment> response) {
        var caller = Auth.requireSignedIn();
        if (request.hasOfflineSale()) {
            if (offline == null) throw new marquee.platform.errors.FailedPreconditionException("offline sales are not recorded here");
            reply(response, withReceipt(offline.charge(caller, request.getBookingId(),
                    request.hasBooking() ? GrpcBookings.info(request.getBooking()) : null, request.getOfflineSale())));
            return;
        }
        if (request.hasBooking()) {
            reply(response, withReceipt(payments.chargeWithBooking(caller, request.getBookingId(), method(request),
                    request.getIdempotencyKey(), GrpcBookings.info(request.getBooking()), request.getPayerToken())));
            return;
        }
        reply(response, withReceipt(payments.charge(caller, request.getBookingId(), method(request), request.getIdempotencyKey())));
    }

    @Override
    public void refund(RefundRequest request, StreamObserver<marquee.payments.v1.Payment> response) {
        var caller = Auth.requireSignedIn();
        reply(response, withReceipt(payments.refund(caller, request.getPaymentId(), request.getAmountMinor(), request.getReason(),
                request.getIdempotencyKey(), request.getApproverToken(), request.getOnBehalfOf(),
                request.getKind() == RefundKind.VOID ? Payment.Kind.VOID : Payment.Kind.REFUND)));
    }

    /** The proto of a payment with, for a card-present one, its terminal receipt data. */
    private marquee.payments.v1.Payment withReceipt(Payment payment) {
        marquee.payments.v1.Payment proto = CardPresentProtos.withReceipt(payments.cardPresent(), payment, toProto(payment));
        return OfflinePayments.isOffline(payment) ? proto.toBuilder().setOffline(true).build() : proto;
    }

    @Override
    public void getPayment(GetPaymentRequest request, StreamObserver<marquee.payments.v1.Payment> response) {
        var caller = Auth.requireSignedIn();
        reply(response, withReceipt(payments.get(caller, request.getPaymentId())));
    }

    @Override
    public void listPayments(ListPaymentsRequest request, StreamObserver<ListPaymentsResponse> response) {
        var caller = Auth.requireSignedIn();
        reply(response, ListPaymentsResponse.newBuilder()
                .addAllPayments(payments.list(caller, request.getBookingId()).stream().map(this::withReceipt).toList())
                .build());
    }

    @Override
    public void summarizePayments(SummarizePaymentsRequest request, StreamObserver<PaymentSummary> response) {
        var caller = Auth.requireSignedIn();
        Instant from = request.hasFrom() ? ProtoTime.instant(request.getFrom()) : null;
        Instant to = request.hasTo() ? ProtoTime.instant(request.getTo()) : null;
        var summary = payments.summarize(caller, request.getCinemaId(), request.getTakenBy(), from, to);
        reply(response, PaymentSummary.newBuilder()
                .setCardTotal(money(summary.cardTotal(), summary.currency()))
                .setCashTotal(money(summary.cashTotal(), summary.currency()))
                .setRefundTotal(money(summary.refundTotal(), summary.currency()))
                .setCashRefundTotal(money(summary.cashRefundTotal(), summary.currency()))
                .setChargeCount(summary.chargeCount())
                .setRefundCount(summary.refundCount())
                .build());
    }

    private static Payments.Method method(ChargeRequest request) {
        if (!request.hasMethod()) return null;
        PaymentMethod method = request.getMethod();
        return switch (method.getMethodCase()) {
            case CARD -> new Payments.CardEntry(method.getCard().getNumber(), method.getCard().getExpiryMonth(),
                    method.getCard().getExpiryYear(), method.getCard().getCvc());
            case CASH -> new Payments.CashEntry(method.getCash().getTenderedMinor());
            case CARD_PRESENT -> CardPresentProtos.approval(method.getCardPresent());
            default -> null;
        };
    }

    static marquee.payments.v1.Payment toProto(Payment payment) {
        var builder = marquee.payments.v1.Payment.newBuilder()
                .setId(payment.id().toString())
                .setBookingId(payment.bookingId().toString())
                .setCinemaId(payment.cinemaId().toString())
                .setAmount(money(payment.amountMinor(), payment.currency()))
                .setRefunded(money(payment.refundedMinor(), payment.currency()))
                .setStatus(PaymentStatus.valueOf(payment.status().name()))
                .setMethod(payment.method() == Payment.Method.CARD ? PaymentMethodKind.CARD : PaymentMethodKind.CASH)
                .setCardBrand(payment.cardBrand())
                .setCardLast4(payment.cardLast4())
                .setGatewayReference(payment.gatewayReference())
                .setDeclineReason(payment.declineReason())
                .setTenderedMinor(payment.tenderedMinor())
                .setChangeDueMinor(payment.changeDueMinor())
                .setTakenBy(payment.takenBy())
                .setCreatedAt(ProtoTime.timestamp(payment.createdAt()))
                .setShiftId(payment.shiftId() == null ? "" : payment.shiftId().toString())
                .setSeatCount(payment.seatCount());
        for (Payment.Refund refund : payment.refunds()) {
            builder.addRefunds(RefundRecord.newBuilder()
                    .setId(refund.id().toString())
                    .setAmount(money(refund.amountMinor(), payment.currency()))
                    .setReason(refund.reason())
                    .setRequestedBy(refund.requestedBy())
                    .setApprovedBy(refund.approvedBy())
                    .setCreatedAt(ProtoTime.timestamp(refund.createdAt()))
                    .setKind(refund.kind() == Payment.Kind.VOID ? RefundKind.VOID : RefundKind.REFUND)
                    .setShiftId(refund.shiftId() == null ? "" : refund.shiftId().toString()));
        }
        return builder.build();
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency(currency).build();
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
