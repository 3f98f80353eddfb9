package marquee.kiosk.printing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.print.PrinterJob;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * An installed OS printer through {@code javafx.print}: the ticket is laid out as a JavaFX node
 * and printed page by page. The OS spooler does not tell paper state, so status is UNKNOWN
 * when the printer exists. Needs the JavaFX toolkit running (it is, in the app).
 */
public final class FxPrinter implements Printer {
    private final String printerName;

    /** {@code printerName} empty or "default" means the OS default printer. */
    public FxPrinter(String printerName) {
        this.printerName = printerName == null ? "" : printerName.trim();
    }

    @Override
    public String name() {
        return "system:" + (printerName.isEmpty() ? "default" : printerName);
    }

    @Override
    public PrinterStatus status() {
        try {
            return find().map(p -> new PrinterStatus(name(), PrinterState.UNKNOWN, "installed printer " + p.getName()))
                    .orElseGet(() -> new PrinterStatus(name(), PrinterState.OFFLINE, notFound()));
        } catch (RuntimeException e) {
            return new PrinterStatus(name(), PrinterState.OFFLINE, "cannot list printers: " + e.getMessage());
        }
    }

    private Optional<javafx.print.Printer> find() {
        if (printerName.isEmpty() || printerName.equals("default")) return Optional.ofNullable(javafx.print.Printer.getDefaultPrinter());
        return javafx.print.Printer.getAllPrinters().stream().filter(p -> p.getName().equals(printerName)).findFirst();
    }

    private String notFound() {
        String installed = javafx.print.Printer.getAllPrinters().stream().map(javafx.print.Printer::getName)
                .collect(Collectors.joining(", "));
        return (printerName.isEmpty() ? "No default printer" : "No printer named \"" + printerName + "\"")
                + " is installed" + (installed.isEmpty() ? " (no printers at all)" : "; installed: " + installed);
    }

    @Override
    public PrintJob print(List<PrintedTicket> tickets) {
        return onFxThread(() -> {
            PrinterJob job = job();
            for (PrintedTicket ticket : tickets) {
                if (!job.printPage(ticketNode(ticket))) throw new PrinterException("The printer refused page " + ticket.row() + ticket.seatNumber());
            }
            if (!job.endJob()) throw new PrinterException("The print job on " + name() + " did not finish");
            return new PrintJob(name(), tickets.size(), Optional.empty());
        });
    }

    @Override
    public PrintJob print(Receipt receipt) {
        return onFxThread(() -> {
            PrintText text = PrintText.of(receipt.locale());
            VBox box = new VBox(4, bold(receipt.cinemaName(), 14), new Label(text.text("receipt.title")), new Label(text.soldAt(receipt)),
                    new Label(text.code(receipt)));
            receipt.lines().forEach(l -> box.getChildren().add(new Label(l.description() + "  " + l.amount().format(receipt.locale()))));
            box.getChildren().add(bold(text.text("receipt.total") + "  " + receipt.total().format(receipt.locale()), 12));
            box.getChildren().add(new Label(text.paidBy(receipt)));
            if (receipt.paymentMethod() == Receipt.PaymentMethod.CASH) {
                box.getChildren().add(new Label(text.text("receipt.change") + "  " + receipt.changeDue().format(receipt.locale())));
            }
            PrinterJob job = job();
            if (!job.printPage(box) || !job.endJob()) throw new PrinterException("The receipt did not print on " + name());
            return new PrintJob(name(), 1, Optional.empty());
        });
    }

    private PrinterJob job() {
        javafx.print.Printer printer = find().orElseThrow(() -> new PrinterException(notFound()));
        PrinterJob job = PrinterJob.createPrinterJob(printer);
        if (job == null) throw new PrinterException("Cannot start a print job on " + printer.getName());
        return job;
    }

    /** The ticket as a node: the same text as the PDF and ESC/POS layouts, QR as an image. */
    public static Node ticketNode(PrintedTicket t) {
        PrintText text = PrintText.of(t.locale());
        VBox box = new VBox(4);
        box.setAlignment(Pos.TOP_CENTER);
        box.setPadding(new Insets(8));
        box.getChildren().add(new Label(t.cinemaName()));
        if (t.duplicate()) {
            Label mark = bold(text.duplicate(), 18);
            mark.setStyle("-fx-background-color: black; -fx-text-fill: white; -fx-padding: 2 8 2 8;");
            box.getChildren().add(mark);
        }
        box.getChildren().addAll(bold(t.filmTitle(), 16), new Label(text.when(t)), new Label(text.hall(t)), bold(text.seat(t), 16),
                new Label(text.kind(t)), new Label(text.price(t)), new ImageView(QrImages.render(t.qrPayload(), 160)),
                bold(text.code(t), 12));
        return box;
    }

    private static Label bold(String s, double size) {
        Label label = new Label(s);
        label.setFont(Font.font(null, FontWeight.BOLD, size));
        return label;
    }

    private static <T> T onFxThread(java.util.function.Supplier<T> work) {
        if (Platform.isFxApplicationThread()) return work.get();
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            Platform.runLater(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException e) {
            throw new PrinterException("JavaFX is not running; system printers need the app's toolkit", e);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrinterException("Interrupted while printing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PrinterException pe) throw pe;
            throw new PrinterException("Printing failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
