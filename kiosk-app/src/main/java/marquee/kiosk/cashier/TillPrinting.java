package marquee.kiosk.cashier;

import java.time.Instant;
import java.util.List;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.PrinterStatus;
import marquee.kiosk.printing.Receipt;

/** Tickets and receipts of the till through the configured printer. Blocking: call off the UI thread. */
public final class TillPrinting {
    /** The printer said before the payment that it cannot print; nothing was charged. */
    public static final class PrinterNotReadyException extends RuntimeException {
        public PrinterNotReadyException(PrinterStatus status) {
            super(status.state() + ": " + status.detail());
        }
    }

    private final CashierContext context;

    public TillPrinting(CashierContext context) {
        this.context = context;
    }

    /** Refuses (before any money moves) when the printer cannot print. */
    public void requireReady() {
        PrinterStatus status = context.printer().status();
        if (!status.canPrint()) throw new PrinterNotReadyException(status);
    }

    public void printTickets(List<TicketInfo> tickets, boolean duplicate) {
        String cinema = context.cinema() == null ? "" : context.cinema().name();
        context.printer().print(tickets.stream()
                .map(t -> PrintedTicket.of(t, cinema, context.zone(), duplicate, context.locale())).toList());
    }

    public void printReceipt(Hold booking, String filmTitle, Receipt.PaymentMethod method, Money tendered) {
        String cinema = context.cinema() == null ? "" : context.cinema().name();
        context.printer().print(Receipt.of(booking, filmTitle, cinema, Instant.now(), context.zone(), method, tendered,
                context.locale()));
    }

    /** The slip for cash paid back out of the drawer: the customer signs it, the till keeps it. */
    public void printRefundSlip(String bookingCode, String reason, Money amount) {
        String cinema = context.cinema() == null ? "" : context.cinema().name();
        context.printer().print(Receipt.cashRefund(cinema, bookingCode, Instant.now(), context.zone(),
                context.t("support.slip.line", bookingCode, reason), amount, context.locale()));
    }
}
