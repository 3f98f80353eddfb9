package marquee.kiosk.cashier.shift;

import java.util.ResourceBundle;
import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;

/** The end-of-shift report on screen, with where its PDF was saved. */
public final class ShiftReportView extends VBox {
    public ShiftReportView(ShiftViewModel model, ResourceBundle text, Runnable signOut) {
        super(18);
        getStyleClass().addAll("till-page", "shift-report");
        GridPane grid = new GridPane();
        grid.setId("report-lines");
        grid.getStyleClass().add("report-grid");
        grid.setHgap(48);
        grid.setVgap(8);
        ColumnConstraints right = new ColumnConstraints();
        right.setHalignment(HPos.RIGHT);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), right, right);
        Runnable fill = () -> {
            grid.getChildren().clear();
            int row = 0;
            for (ShiftViewModel.ReportLine line : model.reportLines()) {
                Label label = new Label(line.label());
                Label count = new Label(line.count());
                Label value = new Label(line.value());
                value.setId("report-" + row);
                for (Label l : new Label[] {label, count, value}) l.getStyleClass().add(line.emphasis() ? "report-strong" : "report-line");
                // A drawer that is short or over stands out, on screen as in the PDF's bold line.
                var shift = model.reportProperty().get() == null ? null : model.reportProperty().get().shift();
                if (line.label().equals(text.getString("report.variance")) && shift != null && shift.variance() != null
                        && shift.variance().amountMinor() != 0) {
                    String kind = shift.variance().amountMinor() < 0 ? "report-short" : "report-over";
                    for (Label l : new Label[] {label, count, value}) l.getStyleClass().add(kind);
                    value.setId("report-variance");
                }
                grid.addRow(row++, label, count, value);
            }
        };
        model.reportLines().addListener((ListChangeListener<ShiftViewModel.ReportLine>) c -> fill.run());
        fill.run();
        Button done = Controls.button(text, "report.signout", "report-signout", "primary-button");
        done.setDefaultButton(true);
        done.setOnAction(e -> signOut.run());
        getChildren().addAll(Controls.text(text.getString("report.title"), "till-title"),
                Controls.bound("report-header", model.reportHeaderProperty(), "till-subtitle"), grid,
                Controls.bound("report-file", javafx.beans.binding.Bindings.createStringBinding(() -> model.reportFileProperty().get().isEmpty() ? "" : java.text.MessageFormat.format(text.getString("report.saved"), model.reportFileProperty().get()), model.reportFileProperty()), "till-muted"),
                Controls.bound("report-error", model.errorProperty(), "error"), done);
    }
}
