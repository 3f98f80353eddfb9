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
        Controls.dialog(this, 600, model::cancelDialogs, model.closeShowingProperty(), counted,
                Controls.text(text.getString("shift.close.title"), "till-title"), expected,
                Controls.labelled(text, "shift.counted", counted),
                Controls.bound("variance-preview", model.variancePreviewProperty(), "till-subtitle"),
                Controls.bound("close-error", model.errorProperty(), "error"), new HBox(12, close, cancel));
    }
}
