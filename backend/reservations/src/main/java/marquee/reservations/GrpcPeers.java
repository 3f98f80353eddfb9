package marquee.reservations;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.GetPaymentRequest;
import marquee.payments.v1.RefundKind;
import marquee.payments.v1.ListPaymentsRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.RefundRequest;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.PaymentMethod;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketsServiceGrpc;

/** The payments and tickets services over gRPC, each call with a deadline. */
final class GrpcPeers implements PaymentsPort, TicketsPort {
    /** A card gateway may take a while; everything else gets the usual deadline. */
    private static final long CHARGE_DEADLINE_SECONDS = 30;

    private final Channel payments;
    private final Channel tickets;
    private final CallCredentials serviceIdentity;

    GrpcPeers(Channel payments, Channel tickets, CallCredentials serviceIdentity) {
        this.payments = payments;
        this.tickets = tickets;
        this.serviceIdentity = serviceIdentity;
    }

    @Override
    public Payment charge(BookingRecord booking, PaymentMethod method, String idempotencyKey, String payerToken) {
        // As this service (only it may send the booking along), for the person in payerToken.
        return PaymentsServiceGrpc.newBlockingStub(payments).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(CHARGE_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .charge(ChargeRequest.newBuilder().setBookingId(booking.id().toString()).setMethod(method)
                        .setIdempotencyKey(idempotencyKey).setBooking(BookingMessages.toProto(booking))
                        .setPayerToken(payerToken == null ? "" : payerToken).build());
    }

    @Override
    public Payment refundAll(String paymentId, String reason, String idempotencyKey) {
        return PaymentsServiceGrpc.newBlockingStub(payments).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(CHARGE_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .refund(RefundRequest.newBuilder().setPaymentId(paymentId).setReason(reason).setIdempotencyKey(idempotencyKey).build());
    }

    @Override
    public Payment refundAll(String paymentId, String reason, String idempotencyKey, String onBehalfOf) {
        return PaymentsServiceGrpc.newBlockingStub(payments).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(CHARGE_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .refund(RefundRequest.newBuilder().setPaymentId(paymentId).setReason(reason).setIdempotencyKey(idempotencyKey)
                        .setOnBehalfOf(onBehalfOf == null ? "" : onBehalfOf).build());
    }

    @Override
    public Payment refundAsCaller(String paymentId, String reason, String idempotencyKey, String approvalToken, boolean isVoid) {
        // No call credentials: the channel forwards the token of the person whose call this is.
        return PaymentsServiceGrpc.newBlockingStub(payments).withDeadlineAfter(CHARGE_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .refund(RefundRequest.newBuilder().setPaymentId(paymentId).setReason(reason).setIdempotencyKey(idempotencyKey)
                        .setApproverToken(approvalToken == null ? "" : approvalToken)
                        .setKind(isVoid ? RefundKind.VOID : RefundKind.REFUND).build());
    }

    @Override
    public Payment payment(String paymentId) {
        return PaymentsServiceGrpc.newBlockingStub(payments).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getPayment(GetPaymentRequest.newBuilder().setPaymentId(paymentId).build());
    }

    @Override
    public List<Payment> paymentsOf(String bookingId) {
        return PaymentsServiceGrpc.newBlockingStub(payments).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .listPayments(ListPaymentsRequest.newBuilder().setBookingId(bookingId).build()).getPaymentsList();
    }

    @Override
    public List<String> issue(BookingRecord booking) {
        return TicketsServiceGrpc.newBlockingStub(tickets).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .issueTickets(IssueTicketsRequest.newBuilder().setBookingId(booking.id().toString())
                        .setBooking(BookingMessages.toProto(booking)).build())
                .getTicketsList().stream().map(Ticket::getId).toList();
    }

    @Override
    public void revoke(String bookingId, String reason) {
        TicketsServiceGrpc.newBlockingStub(tickets).withCallCredentials(serviceIdentity)
                .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .revokeTickets(RevokeTicketsRequest.newBuilder().setBookingId(bookingId).setReason(reason).build());
    }
}
