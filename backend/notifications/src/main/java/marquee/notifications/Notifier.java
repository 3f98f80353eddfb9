package marquee.notifications;

import java.sql.Connection;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import marquee.events.v1.BookingCancelled;
import marquee.events.v1.PaymentRefunded;
import marquee.events.v1.TicketsIssued;
import marquee.platform.events.Event;
import marquee.platform.events.EventTypes;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.tickets.v1.Ticket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into customer e-mail: tickets issued → the tickets as PDF and the receipt; booking
 * cancelled → a notice; payment refunded → a notice with the amount. The address is the one given
 * for the booking (kiosk, till) or the customer account's. Each mail is recorded by purpose before
 * it is sent and marked after, so a redelivered event sends nothing twice; a mail server that is
 * down fails the event, which is delivered again later.
 */
final class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final String CONSUMER = "notifications";
    static final java.util.Set<String> TYPES = java.util.Set.of(EventTypes.TICKETS_ISSUED, EventTypes.BOOKING_CANCELLED,
            EventTypes.PAYMENT_REFUNDED);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm");

    private final MailStore store;
    private final Peers peers;
    private final Mailer mailer;

    Notifier(MailStore store, Peers peers, Mailer mailer) {
        this.store = store;
        this.peers = peers;
        this.mailer = mailer;
    }

    void handle(Event event, Connection tx) throws Exception {
        switch (event.type()) {
            case EventTypes.TICKETS_ISSUED -> {
                TicketsIssued issued = event.as(TicketsIssued.parser());
                UUID bookingId = UUID.fromString(issued.getBookingId());
                // Committed before the address is looked up; SendTicketsByEmail saves the address before it
                // looks for this row, so one of the two always sees the other (and the mail's claim sends it once).
                store.issued(bookingId, issued.getBookingCode());
                Booking booking = peers.booking(issued.getBookingId());
                address(booking).ifPresent(to -> sendTickets(booking, to));
            }
            case EventTypes.BOOKING_CANCELLED -> {
                BookingCancelled cancelled = event.as(BookingCancelled.parser());
                Booking booking = peers.booking(cancelled.getBookingId());
                address(booking).ifPresent(to -> deliver("cancelled:" + booking.getId(), booking, to,
                        "Cancelled: " + booking.getMovieTitle() + " (booking " + booking.getCode() + ")",
                        "Your booking " + booking.getCode() + " for " + booking.getMovieTitle() + " on "
                                + when(booking) + " has been cancelled (" + cancelled.getReason() + ").\n"
                                + "Your tickets are no longer valid. Any money you paid is refunded to you in full;"
                                + " you will get a separate message when the refund is made.\n", List.of()));
            }
            case EventTypes.PAYMENT_REFUNDED -> {
                PaymentRefunded refunded = event.as(PaymentRefunded.parser());
                Booking booking = peers.booking(refunded.getBookingId());
                address(booking).ifPresent(to -> deliver("refund:" + refunded.getRefundId(), booking, to,
                        "Refund of " + TicketPdf.money(refunded.getAmount().getAmountMinor()) + " "
                                + refunded.getAmount().getCurrency() + " (booking " + booking.getCode() + ")",
                        "We have refunded " + TicketPdf.money(refunded.getAmount().getAmountMinor()) + " "
                                + refunded.getAmount().getCurrency() + " for booking " + booking.getCode() + " ("
                                + booking.getMovieTitle() + ", " + when(booking) + ").\n"
                                + "Refunded so far: " + TicketPdf.money(refunded.getRefundedTotal().getAmountMinor()) + " "
                                + refunded.getRefundedTotal().getCurrency() + ". Card refunds can take a few days to show.\n",
                        List.of()));
            }
            default -> { }
        }
    }

    /** Another delivery is sending this mail right now; the event comes again and finds it sent. */
    static final class MailBusy extends RuntimeException {
        MailBusy(String purpose) {
            super("e-mail " + purpose + " is being sent by another delivery");
        }
    }

    /** The address given for the booking, else its customer account's. */
    Optional<String> address(Booking booking) {
        Optional<String> given = store.contact(UUID.fromString(booking.getId()));
        return given.isPresent() ? given : peers.customerEmail(booking.getUserId());
    }

    /** The tickets (PDF) and the receipt; once per booking and address. */
    void sendTickets(Booking booking, String to) {
        String subject = "Your tickets: " + booking.getMovieTitle() + " (booking " + booking.getCode() + ")";
        String purpose = "tickets:" + booking.getId() + ":" + to.toLowerCase(java.util.Locale.ROOT);
        if (!mailer.configured()) {
            // Nothing can be sent: record that without fetching tickets or drawing the PDF.
            deliver(purpose, booking, to, subject, "", List.of());
            return;
        }
        // Only valid tickets carry a QR code; a booking cancelled before its mail went out gets the notices only.
        List<Ticket> tickets = peers.tickets(booking.getCode()).stream()
                .filter(t -> t.getStatus() == marquee.tickets.v1.TicketStatus.VALID && !t.getQrPayload().isEmpty()).toList();
        if (booking.getStatus() != marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED || tickets.isEmpty()) {
            log.info("Tickets of booking {} not mailed: it is {} with {} valid ticket(s)", booking.getCode(),
                    booking.getStatus(), tickets.size());
            return;
        }
        ZoneId zone = peers.zone(booking.getCinemaId());
        byte[] pdf = TicketPdf.render(tickets, zone);
        deliver(purpose, booking, to, subject, receipt(booking, tickets, zone), List.of(new Mailer.Attachment("tickets-" + booking.getCode() + ".pdf",
                        "application/pdf", pdf)));
    }

    private static String receipt(Booking booking, List<Ticket> tickets, ZoneId zone) {
        StringBuilder text = new StringBuilder();
        text.append("Thank you for your purchase. Your tickets are attached; show the QR codes at the door.\n\n")
                .append(booking.getMovieTitle()).append('\n')
                .append(WHEN.format(ProtoTime.instant(booking.getStartsAt()).atZone(zone))).append(", ")
                .append(booking.getHallName()).append("\n\nReceipt - booking ").append(booking.getCode()).append('\n');
        for (BookingLine line : booking.getLinesList()) {
            text.append("  Row ").append(line.getRow()).append(" seat ").append(line.getNumber()).append(", ")
                    .append(line.getTicketType().name().toLowerCase(java.util.Locale.ROOT)).append(": ")
                    .append(TicketPdf.money(line.getPrice().getAmountMinor())).append(' ').append(line.getPrice().getCurrency())
                    .append('\n');
        }
        if (booking.getBookingFee().getAmountMinor() > 0) {
            text.append("  Booking fee: ").append(TicketPdf.money(booking.getBookingFee().getAmountMinor())).append(' ')
                    .append(booking.getBookingFee().getCurrency()).append('\n');
        }
        text.append("  Total paid: ").append(TicketPdf.money(booking.getTotal().getAmountMinor())).append(' ')
                .append(booking.getTotal().getCurrency()).append('\n')
                .append("  Payment: ").append(booking.getPaymentId()).append("\n  Tickets: ").append(tickets.size()).append('\n');
        return text.toString();
    }

    private String when(Booking booking) {
        return WHEN.format(ProtoTime.instant(booking.getStartsAt()).atZone(peers.zone(booking.getCinemaId())));
    }

    private void deliver(String purpose, Booking booking, String to, String subject, String text, List<Mailer.Attachment> attachments) {
        UUID bookingId = UUID.fromString(booking.getId());
        if (!mailer.configured()) {
            if (store.begin(purpose, bookingId, to, subject) == MailStore.Claim.SEND) {
                store.failed(purpose, "no SMTP server configured (MARQUEE_SMTP_HOST)");
                log.info("No SMTP server configured: e-mail '{}' for booking {} not sent", subject, booking.getCode());
            }
            return;
        }
        try {
            if (store.sendOnce(purpose, bookingId, to, subject, () -> mailer.send(to, subject, text, attachments, purpose))) {
                log.debug("Sent '{}' for booking {}", subject, booking.getCode());
            }
        } catch (MailStore.SendFailed e) {
            log.warn("Could not send e-mail {} via {}; it is tried again", purpose, mailer.host(), e.getCause());
            throw new marquee.platform.errors.UnavailableException("the mail server " + mailer.host()
                    + " did not take the e-mail; it is sent later");
        }
    }
}
