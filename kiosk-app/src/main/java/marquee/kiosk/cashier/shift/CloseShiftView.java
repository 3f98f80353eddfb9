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
        VBox dialog = new VBox(16, Controls.text(text.getString("shift.close.title"), "till-title"), expected,
                Controls.labelled(text, "shift.counted", counted),
                Controls.bound("variance-preview", model.variancePreviewProperty(), "till-subtitle"),
                Controls.bound("close-error", model.errorProperty(), "error"), new HBox(12, close, cancel));
        dialog.getStyleClass().add("till-dialog");
        dialog.setMaxWidth(600);
        dialog.setMaxHeight(USE_PREF_SIZE);
        setAlignment(Pos.CENTER);
        getChildren().add(dialog);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancelDialogs();
                e.consume();
            }
        });
        model.closeShowingProperty().addListener((p, o, showing) -> {
            if (showing) javafx.application.Platform.runLater(counted::requestFocus);
        });
    }
}
