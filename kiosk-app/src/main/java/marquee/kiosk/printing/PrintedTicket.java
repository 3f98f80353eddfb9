package marquee.kiosk.printing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketType;

/**
 * One ticket as it goes on paper. {@code duplicate} marks a reprint, so a second copy is never
 * mistaken for a second seat at the door (the QR admits once either way).
 */
public record PrintedTicket(String cinemaName, String filmTitle, String hallName, String row, int seatNumber,
                            SeatCategory category, TicketType ticketType, Instant startsAt, ZoneId zone, Money price,
                            String bookingCode, String qrPayload, boolean duplicate, Locale locale) {
    public PrintedTicket {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(locale, "locale");
        if (qrPayload == null || qrPayload.isBlank()) {
            // A revoked ticket has no code; printing it would hand out paper that cannot admit.
            throw new IllegalArgumentException("Ticket " + bookingCode + " " + row + seatNumber + " has no QR code (revoked?)");
        }
    }

    public static PrintedTicket of(TicketInfo ticket, String cinemaName, ZoneId zone, boolean duplicate, Locale locale) {
        return new PrintedTicket(cinemaName, ticket.filmTitle(), ticket.hallName(), ticket.row(), ticket.number(),
                ticket.category(), ticket.ticketType(), ticket.startsAt(), zone, ticket.price(), ticket.bookingCode(),
                ticket.qrPayload(), duplicate, locale);
    }

    /** The showtime's start on the cinema's wall clock, whatever zone the kiosk's OS is set to. */
    public ZonedDateTime localStart() {
        return startsAt.atZone(zone);
    }

    public PrintedTicket asDuplicate() {
        return new PrintedTicket(cinemaName, filmTitle, hallName, row, seatNumber, category, ticketType, startsAt, zone,
                price, bookingCode, qrPayload, true, locale);
    }
}
