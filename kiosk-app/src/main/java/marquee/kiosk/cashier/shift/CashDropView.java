package marquee.kiosk.cashier.shift;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import marquee.kiosk.cashier.Controls;

/** Cash taken from the drawer to the safe: amount and a note (safe bag number). Enter records, Esc cancels. */
public final class CashDropView extends StackPane {
    public CashDropView(ShiftViewModel model, ResourceBundle text) {
        getStyleClass().add("till-overlay");
        setId("drop-dialog");
        visibleProperty().bind(model.dropShowingProperty());
        TextField amount = Controls.field("drop-amount", text.getString("shift.drop.amount.prompt"));
        TextField note = Controls.field("drop-note", text.getString("shift.drop.note.prompt"));
        amount.textProperty().bindBidirectional(model.dropTextProperty());
        note.textProperty().bindBidirectional(model.dropNoteProperty());
        amount.setOnAction(e -> note.requestFocus());
        note.setOnAction(e -> model.drop());
        Button record = Controls.button(text, "shift.drop.record", "record-drop", "primary-button");
        record.disableProperty().bind(model.busyProperty());
        record.setOnAction(e -> model.drop());
        Button cancel = Controls.button(text, "dialog.cancel", "drop-cancel", "secondary-button");
        cancel.setOnAction(e -> model.cancelDialogs());
        Controls.dialog(this, 560, model::cancelDialogs, model.dropShowingProperty(), amount,
                Controls.text(text.getString("shift.drop.title"), "till-title"),
                Controls.labelled(text, "shift.drop.amount", amount), Controls.labelled(text, "shift.drop.note", note),
                Controls.bound("drop-error", model.errorProperty(), "error"), new HBox(12, record, cancel));
    }
}
