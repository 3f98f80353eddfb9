package marquee.kiosk.printing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Prints" to PDF files in a directory: where no printer is configured, for e-mail, and as the
 * fallback of last resort. A file appears only complete (written aside, then moved in), so
 * anything watching the directory never picks up half a job.
 */
public final class PdfFilePrinter implements Printer {
    private static final Logger log = LoggerFactory.getLogger(PdfFilePrinter.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path directory;
    private final PaperFormat format;
    private final PdfLayouts layouts = new PdfLayouts();

    public PdfFilePrinter(Path directory, PaperFormat format) {
        this.directory = directory;
        this.format = format;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String name() {
        return "pdf:" + directory;
    }

    @Override
    public PrinterStatus status() {
        try {
            marquee.kiosk.files.OwnerOnly.directory(directory);
        } catch (IOException e) {
            return new PrinterStatus(name(), PrinterState.FAULT, "cannot create " + directory + ": " + e.getMessage());
        }
        if (!Files.isWritable(directory)) return new PrinterStatus(name(), PrinterState.FAULT, directory + " is not writable");
        return new PrinterStatus(name(), PrinterState.READY, "writes PDF files to " + directory);
    }

    @Override
    public PrintJob print(List<PrintedTicket> tickets) {
        if (tickets.isEmpty()) throw new IllegalArgumentException("No tickets to print");
        Path file = write("tickets-" + tickets.get(0).bookingCode(), out -> layouts.writeTickets(tickets, format, out));
        log.info("Printed {} ticket(s) of booking {} to {}", tickets.size(), tickets.get(0).bookingCode(), file);
        return new PrintJob(name(), tickets.size(), Optional.of(file));
    }

    @Override
    public PrintJob print(Receipt receipt) {
        String kind = receipt.paymentMethod() == Receipt.PaymentMethod.CASH_REFUND ? "refund-" : "receipt-";
        Path file = write(kind + receipt.bookingCode(), out -> layouts.writeReceipt(receipt, out));
        return new PrintJob(name(), 1, Optional.of(file));
    }

    private Path write(String prefix, java.util.function.Consumer<OutputStream> render) {
        String base = safe(prefix) + "-" + LocalDateTime.now().format(STAMP) + "-" + SEQUENCE.incrementAndGet();
        try {
            marquee.kiosk.files.OwnerOnly.directory(directory);
            Path partial = directory.resolve(base + ".pdf.part");
            try (OutputStream out = Files.newOutputStream(partial)) {
                render.accept(out);
            }
            return Files.move(partial, directory.resolve(base + ".pdf"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            throw new PrinterException("Cannot write the PDF in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
