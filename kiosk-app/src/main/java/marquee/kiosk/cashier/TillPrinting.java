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

    /**
     * An offline sale's tickets (signed "MQ2" with the till's key) and receipt, each clearly marked
     * as sold offline (the cinema line and the film line say so), so door staff and customers know
     * the booking reaches the ticket system later.
     */
    public void printOfflineSale(marquee.kiosk.model.OfflineModel.Sale sale) {
        String cinema = context.cinema() == null ? "" : context.cinema().name();
        String mark = context.t("offline.print.mark");
        context.printer().print(sale.tickets().stream().map(t -> new marquee.kiosk.printing.PrintedTicket(mark + " - " + cinema,
                sale.movieTitle() + " (" + mark + ")", sale.hallName(), t.row(), t.number(), t.category(), t.ticketType(),
                sale.startsAt(), context.zone(), t.price(), sale.bookingCode(), t.qrPayload(), false, context.locale())).toList());
        var text = marquee.kiosk.printing.PrintText.of(context.locale());
        List<Receipt.Line> lines = sale.tickets().stream().map(t -> new Receipt.Line(sale.movieTitle() + " - " + t.row() + t.number()
                + " " + text.text("type." + t.ticketType().name()), t.price())).toList();
        Receipt receipt = sale.payment().method() == marquee.kiosk.model.OfflineModel.Method.CASH
                ? Receipt.cash(mark + " - " + cinema, sale.bookingCode(), sale.soldAt(), context.zone(), lines, sale.bookingFee(),
                        sale.total(), new Money(sale.payment().tenderedMinor(), sale.total().currency()), context.locale())
                : Receipt.card(mark + " - " + cinema, sale.bookingCode(), sale.soldAt(), context.zone(), lines, sale.bookingFee(),
                        sale.total(), context.locale());
        context.printer().print(receipt);
    }
}
