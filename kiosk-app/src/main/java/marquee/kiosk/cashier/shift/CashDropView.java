package marquee.kiosk.cashier.shift;

import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
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
        VBox dialog = new VBox(16, Controls.text(text.getString("shift.drop.title"), "till-title"),
                Controls.labelled(text, "shift.drop.amount", amount), Controls.labelled(text, "shift.drop.note", note),
                Controls.bound("drop-error", model.errorProperty(), "error"), new HBox(12, record, cancel));
        dialog.getStyleClass().add("till-dialog");
        dialog.setMaxWidth(560);
        dialog.setMaxHeight(USE_PREF_SIZE);
        setAlignment(Pos.CENTER);
        getChildren().add(dialog);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancelDialogs();
                e.consume();
            }
        });
        model.dropShowingProperty().addListener((p, o, showing) -> {
            if (showing) javafx.application.Platform.runLater(amount::requestFocus);
        });
    }
}
