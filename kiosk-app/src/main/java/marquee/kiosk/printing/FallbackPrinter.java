package marquee.kiosk.printing;

import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured printer, and a second one for when it cannot print (paper out, unreachable):
 * a kiosk with a PDF or office-printer fallback keeps serving pickups while staff fix the roll.
 */
public final class FallbackPrinter implements Printer {
    private static final Logger log = LoggerFactory.getLogger(FallbackPrinter.class);

    private final Printer primary;
    private final Printer fallback;

    public FallbackPrinter(Printer primary, Printer fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    public Printer primary() {
        return primary;
    }

    public Printer fallback() {
        return fallback;
    }

    @Override
    public String name() {
        return primary.name() + " (fallback " + fallback.name() + ")";
    }

    /** The primary's status when it can print, else the fallback's (which then takes the jobs). */
    @Override
    public PrinterStatus status() {
        PrinterStatus first = primary.status();
        if (first.canPrint()) return first;
        PrinterStatus second = fallback.status();
        return second.canPrint() ? second : first;
    }

    @Override
    public PrintJob print(List<PrintedTicket> tickets) {
        return printOn(printer -> printer.print(tickets));
    }

    @Override
    public PrintJob print(Receipt receipt) {
        return printOn(printer -> printer.print(receipt));
    }

    private PrintJob printOn(Function<Printer, PrintJob> job) {
        PrinterStatus status = primary.status();
        if (status.canPrint()) {
            try {
                return job.apply(primary);
            } catch (PrinterException e) {
                // It looked ready but failed mid-job: the customer still leaves with tickets.
                log.warn("{} failed ({}); printing on the fallback {}", primary.name(), e.getMessage(), fallback.name());
            }
        } else {
            log.warn("{} cannot print ({}: {}); using the fallback {}", primary.name(), status.state(), status.detail(), fallback.name());
        }
        return job.apply(fallback);
    }
}
