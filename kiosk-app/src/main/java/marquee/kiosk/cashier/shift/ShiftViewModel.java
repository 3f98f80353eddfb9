package marquee.kiosk.cashier.shift;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.cashier.Amounts;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.Shift;
import marquee.kiosk.model.ShiftReport;
import marquee.kiosk.printing.PdfFilePrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cashier's shift: open with a float, cash drops while it runs, a counted close that shows
 * expected, counted and variance, and the end-of-shift report on screen and as a PDF.
 */
public final class ShiftViewModel {
    private static final Logger log = LoggerFactory.getLogger(ShiftViewModel.class);

    /** One line of the report: label, an optional count, the amount. */
    public record ReportLine(String label, String count, String value, boolean emphasis) {}

    private final CashierContext context;
    private final ReadOnlyObjectWrapper<Shift> shift = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ShiftReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ReportLine> reportLines = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper reportFile = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reportHeader = new ReadOnlyStringWrapper("");
    private final StringProperty floatText = new SimpleStringProperty("");
    private final StringProperty dropText = new SimpleStringProperty("");
    private final StringProperty dropNote = new SimpleStringProperty("");
    private final StringProperty countedText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper expectedText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper variancePreview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty dropShowing = new SimpleBooleanProperty(false);
    private final BooleanProperty closeShowing = new SimpleBooleanProperty(false);
    private String openKey = CashierContext.newKey("open");
    private String dropKey = CashierContext.newKey("drop");
    private String closeKey = CashierContext.newKey("close");

    public ShiftViewModel(CashierContext context) {
        this.context = context;
        countedText.addListener((p, o, n) -> updateVariancePreview());
    }

    /** Finds the signed-in staff member's open shift, if any. */
    public java.util.concurrent.CompletableFuture<java.util.Optional<Shift>> load() {
        return context.async().run(() -> context.cashier().currentShift().map(this::withExpected), found -> shift.set(found.orElse(null)),
                failure -> error.set(context.t("error.backend", failure.getMessage())));
    }

    public void open() {
        OptionalLong amount = Amounts.parse(floatText.get(), context.currency());
        if (amount.isEmpty()) {
            error.set(context.t("shift.float.invalid"));
            return;
        }
        run(() -> withExpected(context.cashier().openShift(context.stationId(), new Money(amount.getAsLong(), context.currency()), openKey)),
                opened -> {
                    openKey = CashierContext.newKey("open");
                    shift.set(opened);
                    floatText.set("");
                    message.set(context.t("shift.opened", Amounts.format(opened.openingFloat(), context.locale())));
                });
    }

    /** Only the report has the expected cash of a shift that is still open; without it the shift shows as it is. */
    private Shift withExpected(Shift s) {
        if (s.expectedCash() != null) return s;
        try {
            return context.cashier().shiftReport(s.id()).shift();
        } catch (RuntimeException e) {
            log.warn("Could not read the expected cash of shift {}: {}", s.id(), e.getMessage());
            return s;
        }
    }

    /** Refreshes the running shift (after sales and refunds the expected cash changes). */
    public void refresh() {
        Shift current = shift.get();
        if (current == null || busy.get()) return;
        context.async().run(() -> withExpected(context.cashier().currentShift().orElse(current)), fresh -> {
            if (shift.get() != null) shift.set(fresh);
        }, failure -> { });
    }

    public void showDrop() {
        dropText.set("");
        dropNote.set("");
        error.set("");
        dropShowing.set(true);
    }

    public void cancelDialogs() {
        dropShowing.set(false);
        closeShowing.set(false);
    }

    public void drop() {
        Shift current = shift.get();
        OptionalLong amount = Amounts.parse(dropText.get(), context.currency());
        if (current == null) return;
        if (amount.isEmpty() || amount.getAsLong() <= 0) {
            error.set(context.t("shift.drop.invalid"));
            return;
        }
        String note = dropNote.get().strip();
        if (note.length() > 200) {
            error.set(context.t("shift.drop.note.long"));
            return;
        }
        run(() -> withExpected(context.cashier().recordCashDrop(current.id(), amount.getAsLong(), note, dropKey)), updated -> {
            dropKey = CashierContext.newKey("drop");
            shift.set(updated);
            dropShowing.set(false);
            message.set(context.t("shift.drop.done", Amounts.format(amount.getAsLong(), context.currency(), context.locale())));
        });
    }

    /** Shows the close dialog with what the drawer should hold now. */
    public void showClose() {
        Shift current = shift.get();
        if (current == null) return;
        countedText.set("");
        error.set("");
        // Only the report has the expected cash of a shift that is still open.
        run(() -> context.cashier().shiftReport(current.id()).shift(), fresh -> {
            shift.set(fresh);
            expectedText.set(Amounts.format(fresh.expectedCash(), context.locale()));
            updateVariancePreview();
            closeShowing.set(true);
        });
    }

    private void updateVariancePreview() {
        Shift current = shift.get();
        OptionalLong counted = Amounts.parse(countedText.get(), context.currency());
        if (current == null || current.expectedCash() == null || counted.isEmpty()) {
            variancePreview.set("");
            return;
        }
        long variance = counted.getAsLong() - current.expectedCash().amountMinor();
        variancePreview.set(context.t("shift.variance.preview", Amounts.format(variance, context.currency(), context.locale())));
    }

    // --- card terminal (issue 16): the till terminal's end-of-day is reconciled at the close ------

    private volatile String terminalLine = "";
    private String endOfDayKey;
    private marquee.terminal.EndOfDayTotals endOfDay;

    /** The reconciliation line of the last close ("terminal …: end-of-day …, card takings …, difference …"), or empty. */
    public String terminalReconciliationLine() {
        return terminalLine;
    }

    private ShiftReport closeWithTerminal(String shiftId, long countedMinor, String key) {
        terminalLine = "";
        var terminal = marquee.kiosk.terminal.CardTerminals.configured();
        if (terminal.isEmpty()) return context.cashier().closeShift(shiftId, countedMinor, key);
        // One end-of-day per close attempt: a retried close sends the same totals, never a second (empty) batch.
        if (!key.equals(endOfDayKey)) {
            endOfDay = terminal.get().endOfDay();
            endOfDayKey = key;
        }
        ShiftReport closed = context.cashier().closeShiftWithTerminal(shiftId, countedMinor, key, endOfDay);
        context.cashier().terminalReconciliation(shiftId).ifPresent(r -> terminalLine = context.t("shift.terminal.reconciled",
                r.terminalId(), Amounts.format(r.terminalTotal(), context.locale()), Amounts.format(r.shiftCardTakings(), context.locale()),
                Amounts.format(r.difference(), context.locale())));
        return closed;
    }

    public void close() {
        Shift current = shift.get();
        OptionalLong counted = Amounts.parse(countedText.get(), context.currency());
        if (current == null) return;
        if (counted.isEmpty()) {
            error.set(context.t("shift.counted.invalid"));
            return;
        }
        run(() -> closeWithTerminal(current.id(), counted.getAsLong(), closeKey), closed -> {
            closeKey = CashierContext.newKey("close");
            closeShowing.set(false);
            shift.set(null);
            showReport(closed);
        });
    }

    private void showReport(ShiftReport closed) {
        report.set(closed);
        List<ReportLine> lines = lines(closed);
        reportLines.setAll(lines);
        try {
            Path file = reportDirectory().resolve("shift-" + context.stationId() + "-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(context.zone()).format(closed.shift().closedAt() == null
                    ? java.time.Instant.now() : closed.shift().closedAt()) + "-" + closed.shift().id().substring(0, 8) + ".pdf");
            List<String> head = new java.util.ArrayList<>(header(closed));
            if (!terminalLine.isEmpty()) head.add(terminalLine); // issue 16: the terminal's end-of-day against the shift
            reportHeader.set(String.join("\n", head));
            new ShiftReportPdf().write(file, context.t("report.title"), head, lines);
            reportFile.set(file.toString());
            log.info("Shift {} closed; report saved to {}", closed.shift().id(), file);
        } catch (RuntimeException e) {
            log.warn("Could not save the shift report PDF", e);
            error.set(context.t("report.pdf.failed", e.getMessage()));
        }
    }

    /** Reports go beside the PDF tickets when the printer is a PDF directory, else under the data directory. */
    private Path reportDirectory() {
        if (context.printer() instanceof PdfFilePrinter pdf) return pdf.directory();
        return context.settings().dataDir().resolve("prints");
    }

    private List<String> header(ShiftReport r) {
        DateTimeFormatter when = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm").withZone(context.zone());
        Shift s = r.shift();
        List<String> out = new ArrayList<>();
        out.add(context.cinema() == null ? "" : context.cinema().name());
        out.add(context.t("report.station", s.stationId(), context.staff() == null ? s.cashierId() : context.staff().name()));
        out.add(context.t("report.period", when.format(s.openedAt()), s.closedAt() == null ? "" : when.format(s.closedAt())));
        return out;
    }

    private List<ReportLine> lines(ShiftReport r) {
        var l = context.locale();
        Shift s = r.shift();
        List<ReportLine> out = new ArrayList<>();
        out.add(new ReportLine(context.t("report.cash.sales"), String.valueOf(r.cashSaleCount()), Amounts.format(r.cashSales(), l), false));
        out.add(new ReportLine(context.t("report.card.sales"), String.valueOf(r.cardSaleCount()), Amounts.format(r.cardSales(), l), false));
        out.add(new ReportLine(context.t("report.refunds"), String.valueOf(r.refundCount()), Amounts.format(r.refunds(), l), false));
        out.add(new ReportLine(context.t("report.voids"), String.valueOf(r.voidCount()), Amounts.format(r.voids(), l), false));
        out.add(new ReportLine(context.t("report.tickets"), String.valueOf(r.ticketsSold()), "", false));
        out.add(new ReportLine(context.t("report.net"), "", Amounts.format(r.netTotal(), l), true));
        out.add(new ReportLine(context.t("report.float"), "", Amounts.format(s.openingFloat(), l), false));
        out.add(new ReportLine(context.t("report.cash.refunds"), "", Amounts.format(r.cashRefunds(), l), false));
        out.add(new ReportLine(context.t("report.drops"), String.valueOf(r.dropCount()), Amounts.format(r.drops(), l), false));
        out.add(new ReportLine(context.t("report.expected"), "", Amounts.format(s.expectedCash(), l), true));
        out.add(new ReportLine(context.t("report.counted"), "", Amounts.format(s.countedCash(), l), true));
        out.add(new ReportLine(context.t("report.variance"), "", Amounts.format(s.variance(), l), true));
        return out;
    }

    /** Back to work after reading the report (the next sign-in opens a new shift). */
    public void dismissReport() {
        report.set(null);
        reportLines.clear();
        reportFile.set("");
        reportHeader.set("");
    }

    private <T> void run(java.util.function.Supplier<T> job, java.util.function.Consumer<T> done) {
        if (busy.get()) return;
        busy.set(true);
        error.set("");
        context.async().run(job, value -> {
            busy.set(false);
            done.accept(value);
        }, failure -> {
            busy.set(false);
            error.set(context.t("error.refused", failure.getMessage()));
        });
    }

    public ReadOnlyObjectProperty<Shift> shiftProperty() { return shift.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ShiftReport> reportProperty() { return report.getReadOnlyProperty(); }
    public ObservableList<ReportLine> reportLines() { return reportLines; }
    public ReadOnlyStringProperty reportFileProperty() { return reportFile.getReadOnlyProperty(); }
    public ReadOnlyStringProperty reportHeaderProperty() { return reportHeader.getReadOnlyProperty(); }
    public StringProperty floatTextProperty() { return floatText; }
    public StringProperty dropTextProperty() { return dropText; }
    public StringProperty dropNoteProperty() { return dropNote; }
    public StringProperty countedTextProperty() { return countedText; }
    public ReadOnlyStringProperty expectedTextProperty() { return expectedText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty variancePreviewProperty() { return variancePreview.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public BooleanProperty busyProperty() { return busy; }
    public BooleanProperty dropShowingProperty() { return dropShowing; }
    public BooleanProperty closeShowingProperty() { return closeShowing; }
}
