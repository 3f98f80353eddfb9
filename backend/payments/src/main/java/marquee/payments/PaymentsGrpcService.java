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
import marquee.platform.auth.Auth;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.PaymentMethod;

/** Maps the payments contract onto {@link Payments}; no rules live here. */
final class PaymentsGrpcService extends PaymentsServiceGrpc.PaymentsServiceImplBase {
    private final Payments payments;

    PaymentsGrpcService(Payments payments) {
        this.payments = payments;
    }

    @Override
    public void charge(ChargeRequest request, StreamObserver<marquee.payments.v1.Payment> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(payments.charge(caller, request.getBookingId(), method(request), request.getIdempotencyKey())));
    }

    @Override
    public void refund(RefundRequest request, StreamObserver<marquee.payments.v1.Payment> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(payments.refund(caller, request.getPaymentId(), request.getAmountMinor(), request.getReason(),
                request.getIdempotencyKey(), request.getApproverToken())));
    }

    @Override
    public void getPayment(GetPaymentRequest request, StreamObserver<marquee.payments.v1.Payment> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(payments.get(caller, request.getPaymentId())));
    }

    @Override
    public void listPayments(ListPaymentsRequest request, StreamObserver<ListPaymentsResponse> response) {
        var caller = Auth.requireSignedIn();
        reply(response, ListPaymentsResponse.newBuilder()
                .addAllPayments(payments.list(caller, request.getBookingId()).stream().map(PaymentsGrpcService::toProto).toList())
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
                .setCreatedAt(ProtoTime.timestamp(payment.createdAt()));
        for (Payment.Refund refund : payment.refunds()) {
            builder.addRefunds(RefundRecord.newBuilder()
                    .setId(refund.id().toString())
                    .setAmount(money(refund.amountMinor(), payment.currency()))
                    .setReason(refund.reason())
                    .setRequestedBy(refund.requestedBy())
                    .setApprovedBy(refund.approvedBy())
                    .setCreatedAt(ProtoTime.timestamp(refund.createdAt())));
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
