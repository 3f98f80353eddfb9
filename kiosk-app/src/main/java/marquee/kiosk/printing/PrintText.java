package marquee.kiosk.printing;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/** The words on a ticket or receipt in its language; every layout (PDF, ESC/POS, screen) prints the same text. */
public final class PrintText {
    private final ResourceBundle bundle;
    private final Locale locale;

    private PrintText(Locale locale) {
        this.locale = locale;
        // The kiosk's own language must not leak in: a German ticket is printed on an English kiosk too.
        this.bundle = ResourceBundle.getBundle("marquee.kiosk.printing.printing", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static PrintText of(Locale locale) {
        return new PrintText(locale);
    }

    public String text(String key) {
        return bundle.getString(key);
    }

    public String duplicate() {
        return text("ticket.duplicate");
    }

    public String when(PrintedTicket ticket) {
        return DateTimeFormatter.ofPattern(text("ticket.datetime"), locale).format(ticket.localStart());
    }

    public String hall(PrintedTicket ticket) {
        return text("ticket.hall") + ": " + ticket.hallName();
    }

    public String seat(PrintedTicket ticket) {
        return text("ticket.row") + " " + ticket.row() + "   " + text("ticket.seat") + " " + ticket.seatNumber();
    }

    public String kind(PrintedTicket ticket) {
        return text("category." + ticket.category().name()) + " - " + text("type." + ticket.ticketType().name());
    }

    public String price(PrintedTicket ticket) {
        return ticket.price().format(locale);
    }

    public String code(PrintedTicket ticket) {
        return text("ticket.code") + ": " + ticket.bookingCode();
    }

    public String soldAt(Receipt receipt) {
        return DateTimeFormatter.ofPattern(text("receipt.datetime"), locale).format(receipt.soldAt().atZone(receipt.zone()));
    }

    public String code(Receipt receipt) {
        return text("ticket.code") + ": " + receipt.bookingCode();
    }

    public String paidBy(Receipt receipt) {
        return text("receipt.paidBy") + ": " + text("payment." + receipt.paymentMethod().name());
    }
}
