package marquee.kiosk.printing;

import java.util.List;

/**
 * Where tickets and receipts go. Calls block (network, disk), so run them off the JavaFX thread.
 * Check {@link #status()} before taking money: a customer must never pay for tickets that cannot print.
 */
public interface Printer {
    /** A short name for logs and the status line, e.g. "escpos-tcp://10.0.0.7:9100". */
    String name();

    PrinterStatus status();

    /** Prints the tickets (one per page or cut); throws {@link PrinterException} when it could not. */
    PrintJob print(List<PrintedTicket> tickets);

    PrintJob print(Receipt receipt);
}
