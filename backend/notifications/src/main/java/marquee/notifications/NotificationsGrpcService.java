package marquee.notifications;

import io.grpc.stub.StreamObserver;
import java.util.UUID;
import marquee.notifications.v1.NotificationsServiceGrpc;
import marquee.notifications.v1.SendTicketsByEmailRequest;
import marquee.notifications.v1.SendTicketsByEmailResponse;
import marquee.platform.auth.Auth;
import marquee.platform.auth.Principal;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;

/** An address for a booking's tickets and notices; the events do the rest. */
final class NotificationsGrpcService extends NotificationsServiceGrpc.NotificationsServiceImplBase {
    private final MailStore store;
    private final Peers peers;
    private final Notifier notifier;

    NotificationsGrpcService(MailStore store, Peers peers, Notifier notifier) {
        this.store = store;
        this.peers = peers;
        this.notifier = notifier;
    }

    @Override
    public void sendTicketsByEmail(SendTicketsByEmailRequest request, StreamObserver<SendTicketsByEmailResponse> response) {
        Principal caller = Auth.requireSignedIn();
        UUID bookingId = Check.uuid("booking_id", request.getBookingId());
        String email = address(request.getEmail());
        // Reservations decides whether this caller may see the booking (its customer, kiosks, staff of its cinema).
        Booking booking = peers.bookingForCaller(bookingId.toString());
        if (booking.getStatus() != BookingStatus.BOOKING_CONFIRMED) {
            throw new marquee.platform.errors.FailedPreconditionException("booking " + booking.getCode()
                    + " is not sold; tickets are e-mailed once it is paid");
        }
        store.saveContact(bookingId, email, caller.userId());
        boolean sent = false;
        if (store.issuedCode(bookingId).isPresent()) {
            try {
                notifier.sendTickets(booking, email);
                sent = true;
            } catch (Notifier.MailBusy busy) {
                sent = false; // the tickets.issued event is sending it at this moment
            }
        }
        response.onNext(SendTicketsByEmailResponse.newBuilder().setSent(sent).build());
        response.onCompleted();
    }

    static String address(String raw) {
        String email = raw == null ? "" : raw.strip();
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidArgumentException("email must be an address like name@example.org, got \"" + Check.abbreviate(email) + "\"");
        }
        try {
            new jakarta.mail.internet.InternetAddress(email, true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new InvalidArgumentException("email is not a valid address: " + e.getMessage());
        }
        return email;
    }
}
