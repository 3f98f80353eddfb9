package marquee.reservations;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.OfflineSale;
import marquee.reservations.v1.PaymentMethod;
import marquee.tickets.v1.GetVerificationKeyRequest;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.TerminalKey;
import marquee.tickets.v1.TicketsServiceGrpc;

/** What an offline sale's upload needs from payments and tickets, as this service. */
interface OfflinePeers {
    /** The registered terminal keys of a cinema (tickets GetVerificationKey). */
    List<TerminalKey> terminalKeys(String cinemaId);

    /** Records the money of an offline sale (payments Charge with offline_sale; idempotent by the sale id). */
    Payment chargeOffline(BookingRecord booking, OfflineSale sale);

    /** Issues exactly the sale's tickets (ids and MQ2 texts the terminal printed); idempotent. */
    void issueOffline(BookingRecord booking, OfflineSale sale, String deviceId);

    /** Over gRPC, each call with a deadline. */
    static OfflinePeers grpc(Channel payments, Channel tickets, CallCredentials serviceIdentity) {
        return new OfflinePeers() {
            @Override
            public List<TerminalKey> terminalKeys(String cinemaId) {
                return TicketsServiceGrpc.newBlockingStub(tickets).withCallCredentials(serviceIdentity)
                        .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .getVerificationKey(GetVerificationKeyRequest.newBuilder().setCinemaId(cinemaId).build())
                        .getTerminalKeysList();
            }

            @Override
            public Payment chargeOffline(BookingRecord booking, OfflineSale sale) {
                PaymentMethod.Builder method = PaymentMethod.newBuilder();
                if (sale.getPayment().hasCardPresent()) method.setCardPresent(sale.getPayment().getCardPresent());
                else method.setCash(sale.getPayment().getCash());
                return PaymentsServiceGrpc.newBlockingStub(payments).withCallCredentials(serviceIdentity)
                        .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .charge(ChargeRequest.newBuilder().setBookingId(booking.id().toString()).setMethod(method)
                                .setIdempotencyKey(sale.getSaleId()).setBooking(BookingMessages.toProto(booking))
                                .setOfflineSale(sale).build());
            }

            @Override
            public void issueOffline(BookingRecord booking, OfflineSale sale, String deviceId) {
                TicketsServiceGrpc.newBlockingStub(tickets).withCallCredentials(serviceIdentity)
                        .withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .issueTickets(IssueTicketsRequest.newBuilder().setBookingId(booking.id().toString())
                                .setBooking(BookingMessages.toProto(booking)).addAllOfflineTickets(sale.getTicketsList())
                                .setOfflineDeviceId(deviceId).build());
            }
        };
    }
}
