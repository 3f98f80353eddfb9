package marquee.kiosk.cashier.shift;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import marquee.kiosk.cashier.Controls;

/** The counted close: what the drawer should hold, the counted cash typed in, the variance before confirming. */
public final class CloseShiftView extends StackPane {
    public CloseShiftView(ShiftViewModel model, ResourceBundle text) {
        getStyleClass().add("till-overlay");
        setId("close-dialog");
        visibleProperty().bind(model.closeShowingProperty());
        TextField counted = Controls.field("counted-cash", text.getString("shift.counted.prompt"));
        counted.textProperty().bindBidirectional(model.countedTextProperty());
        counted.setOnAction(e -> model.close());
        Button close = Controls.button(text, "shift.close.confirm", "confirm-close", "primary-button");
        close.disableProperty().bind(model.busyProperty());
        close.setOnAction(e -> model.close());
        Button cancel = Controls.button(text, "dialog.cancel", "close-cancel", "secondary-button");
        cancel.setOnAction(e -> model.cancelDialogs());
        var expected = new HBox(12, Controls.text(text.getString("shift.expected"), "till-subtitle"),
                Controls.bound("expected-cash", model.expectedTextProperty(), "till-amount"));
        // A blind count: the cashier counts the drawer without knowing what it should hold; the
        // expected cash and the variance show on the report, after the count is in.
        javafx.scene.control.CheckBox blind = new javafx.scene.control.CheckBox(text.getString("shift.blind"));
        blind.setId("blind-count");
        blind.setMnemonicParsing(true);
        model.closeShowingProperty().addListener((p, o, showing) -> {
            if (showing) blind.setSelected(false);
        });
        expected.setId("expected-row");
        expected.visibleProperty().bind(blind.selectedProperty().not());
        expected.managedProperty().bind(expected.visibleProperty());
        var variance = Controls.bound("variance-preview", model.variancePreviewProperty(), "till-subtitle");
        variance.visibleProperty().bind(blind.selectedProperty().not());
        variance.managedProperty().bind(variance.visibleProperty());
        Controls.dialog(this, 600, model::cancelDialogs, model.closeShowingProperty(), counted,
                Controls.text(text.getString("shift.close.title"), "till-title"), blind, expected,
                Controls.labelled(text, "shift.counted", counted), variance,
                Controls.bound("close-error", model.errorProperty(), "error"), new HBox(12, close, cancel));
    }
}
