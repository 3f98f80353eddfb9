package marquee.kiosk.flow;

import java.util.List;
import java.util.Locale;
import marquee.kiosk.backend.BackendClient.TicketInfo;

/**
 * Where paid tickets go: a thermal printer, an OS printer or a PDF file. Called off the UI thread;
 * throws when the tickets could not be printed, so the screen can send the customer to the box office.
 */
public interface TicketPrinter {
    void print(List<TicketInfo> tickets, Locale locale);

    /** No printer configured: the tickets are only shown on screen (and can be picked up by code). */
    TicketPrinter NONE = (tickets, locale) -> { };
}
