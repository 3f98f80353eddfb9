package marquee.kiosk.pickup;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.cache.CacheException;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.PrintRun;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.printing.PrintJob;
import marquee.kiosk.printing.PrintedTicket;
import marquee.kiosk.printing.Printer;
import marquee.kiosk.printing.PrinterException;
import marquee.kiosk.printing.PrinterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pickup and reprint by booking code, online or not: asks the backend first, and when it cannot
 * be reached serves the tickets from the offline cache — never a revoked one. No JavaFX here;
 * a view-model calls it off the UI thread and shows {@link Result#message()}.
 */
public final class PickupService {
    private static final Logger log = LoggerFactory.getLogger(PickupService.class);

    public enum Outcome {
        PRINTED,
        /** No such booking (or, offline, none in this kiosk's copy). */
        NOT_FOUND,
        /** Refunded or cancelled: nothing may print. */
        REVOKED,
        /** Every ticket was already scanned at the door. */
        ALREADY_USED,
        /** Checked before fetching anything: the printer (and its fallback) cannot print now. */
        PRINTER_NOT_READY,
        PRINT_FAILED
    }

    /** What happened; {@code fromCache} says the backend was not reachable and the offline copy answered. */
    public record Result(Outcome outcome, String message, boolean fromCache, List<PrintedTicket> printed, Optional<PrintJob> job) {
        static Result of(Outcome outcome, String message, boolean fromCache) {
            return new Result(outcome, message, fromCache, List.of(), Optional.empty());
        }
    }

    private final BackendClient backend;
    private final TicketCache cache;
    private final Printer printer;
    private final Connectivity connectivity;
    private final String cinemaName;
    private final ZoneId zone;
    private volatile Locale locale;

    public PickupService(BackendClient backend, TicketCache cache, Printer printer, Connectivity connectivity, String cinemaName,
                         ZoneId zone, Locale locale) {
        this.backend = backend;
        this.cache = cache;
        this.printer = printer;
        this.connectivity = connectivity;
        this.cinemaName = cinemaName;
        this.zone = zone;
        this.locale = locale;
    }

    public Connectivity connectivity() {
        return connectivity;
    }

    public boolean online() {
        return connectivity.online();
    }

    public Optional<java.time.Instant> offlineSince() {
        return connectivity.offlineSince();
    }

    /** The language of the next printed tickets (the customer's choice on the start screen). */
    public void setLocale(Locale locale) {
        this.locale = locale;
    }

    /** Prints a booking's tickets. */
    public Result pickUp(String bookingCode) {
        return run(bookingCode, false);
    }

    /** Prints them again, marked DUPLICATE (the cashier's reprint, after a manager's approval). */
    public Result reprint(String bookingCode) {
        return run(bookingCode, true);
    }

    private Result run(String rawCode, boolean duplicate) {
        String code = rawCode == null ? "" : rawCode.strip().toUpperCase(Locale.ROOT);
        if (code.isEmpty()) return Result.of(Outcome.NOT_FOUND, "Enter a booking code", false);
        PrinterStatus status = printer.status();
        if (!status.canPrint()) {
            return Result.of(Outcome.PRINTER_NOT_READY, "The printer cannot print (" + status.state() + ": " + status.detail() + ")", false);
        }
        List<TicketRecord> records;
        boolean fromCache = false;
        String printKey = "pickup-" + java.util.UUID.randomUUID();
        try {
            if (!connectivity.online()) {
                // Known outage: a customer should not wait for a call's deadline on every pickup. The
                // Reconnector notices when the backend is back.
                throw new BackendUnavailableException("offline since " + connectivity.offlineSince().orElse(null), null);
            }
            if (duplicate) {
                records = backend.ticketRecords(code);
            } else {
                // A customer's pickup: the backend says whether these are the originals or, printed
                // before, duplicates it has counted; only the duplicates print marked as such.
                try {
                    PrintRun run = backend.printTickets(code, printKey);
                    records = run.tickets();
                    duplicate = run.duplicate();
                } catch (RejectedException refused) {
                    // Nothing printable (refunded, used): the records say which, for the customer's message.
                    records = backend.ticketRecords(code);
                    if (records.stream().anyMatch(r -> r.state() == TicketState.VALID)) throw refused;
                }
            }
            remember(records);
        } catch (BackendUnavailableException e) {
            connectivity.markOffline(e.getMessage());
            records = cache.ticketsByCode(code);
            fromCache = true;
            // The rule of the online path, from what this device knows: printed before, printed as a counted DUPLICATE.
            duplicate = duplicate || printedBefore(code);
        } catch (RejectedException e) {
            // NOT_FOUND and "not your cinema" alike: nothing to print, and the server's words say why.
            return Result.of(Outcome.NOT_FOUND, "No booking " + code + " (" + e.getMessage() + ")", false);
        }
        if (records.isEmpty()) {
            return Result.of(Outcome.NOT_FOUND, fromCache
                    ? "Booking " + code + " is not in this kiosk's offline copy; please ask at the box office"
                    : "No booking " + code, fromCache);
        }
        List<TicketRecord> valid = records.stream().filter(r -> r.state() == TicketState.VALID).toList();
        if (valid.isEmpty()) {
            boolean revoked = records.stream().anyMatch(r -> r.state() == TicketState.REVOKED);
            return revoked
                    ? Result.of(Outcome.REVOKED, "Booking " + code + " was refunded or cancelled; its tickets cannot be printed", fromCache)
                    : Result.of(Outcome.ALREADY_USED, "The tickets of booking " + code + " have already been used", fromCache);
        }
        Locale language = locale;
        boolean marked = duplicate;
        List<PrintedTicket> tickets = valid.stream()
                .map(r -> PrintedTicket.of(r.ticket(), cinemaName, zone, marked, language)).toList();
        try {
            PrintJob job = printer.print(tickets);
            log.info("{} {} ticket(s) of booking {}{}", duplicate ? "Reprinted" : "Printed", tickets.size(), code,
                    fromCache ? " from the offline cache" : "");
            rememberPrint(printKey, code, duplicate, !fromCache);
            return new Result(Outcome.PRINTED, tickets.size() + " ticket(s) printed", fromCache, tickets, Optional.of(job));
        } catch (PrinterException e) {
            log.warn("Printing booking {} failed: {}", code, e.getMessage());
            return Result.of(Outcome.PRINT_FAILED, e.getMessage(), fromCache);
        }
    }

    private boolean printedBefore(String code) {
        try {
            return cache.printedBefore(code);
        } catch (CacheException e) {
            log.warn("Could not read earlier prints of {}; printing as DUPLICATE", code, e);
            return true;
        }
    }

    /**
     * Notes the print in the offline copy: an online one so a later offline pickup knows the
     * originals are gone, an offline one to be counted by the backend on reconnect ({@link Reconnector}).
     */
    private void rememberPrint(String key, String code, boolean duplicate, boolean backendKnows) {
        try {
            cache.recordPrint(key, code, duplicate, backendKnows);
        } catch (CacheException e) {
            log.warn("Could not record the print of {} in the offline cache", code, e);
        }
    }

    /** Keeps what the backend just said, so a reprint during a later outage finds it; a cache fault never stops a pickup. */
    private void remember(List<TicketRecord> records) {
        try {
            cache.storeTickets(records);
        } catch (CacheException e) {
            log.warn("Could not store picked-up tickets in the offline cache", e);
        }
    }
}
