package marquee.kiosk.cashier.override;

import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;

/** The manager override over the desk: manager's staff id and PIN, Enter approves, Esc gives up. */
public final class OverrideView extends StackPane {
    public OverrideView(OverrideViewModel model, ResourceBundle text) {
        getStyleClass().add("till-overlay");
        setId("override-dialog");
        visibleProperty().bind(model.showingProperty());
        var title = Controls.bound("override-title", model.titleProperty(), "till-title");
        var why = Controls.bound("override-why", model.whyProperty(), "till-muted");
        TextField manager = Controls.field("manager-id", text.getString("override.manager.prompt"));
        PasswordField pin = Controls.secret("manager-pin", text.getString("override.pin.prompt"));
        manager.textProperty().bindBidirectional(model.managerLoginProperty());
        pin.textProperty().bindBidirectional(model.pinProperty());
        manager.setOnAction(e -> pin.requestFocus());
        pin.setOnAction(e -> model.approve());
        Button approve = Controls.button(text, "override.approve", "approve", "primary-button");
        approve.disableProperty().bind(model.busyProperty());
        approve.setOnAction(e -> model.approve());
        Button cancel = Controls.button(text, "override.cancel", "override-cancel", "secondary-button");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.cancel());
        var error = Controls.bound("override-error", model.errorProperty(), "error");
        VBox dialog = new VBox(16, title, why, Controls.labelled(text, "override.manager", manager),
                Controls.labelled(text, "override.pin", pin), error, new HBox(12, approve, cancel));
        dialog.getStyleClass().add("till-dialog");
        dialog.setMaxWidth(560);
        dialog.setMaxHeight(USE_PREF_SIZE);
        setAlignment(Pos.CENTER);
        getChildren().add(dialog);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancel();
                e.consume();
            }
        });
        model.showingProperty().addListener((p, o, showing) -> {
            if (showing) javafx.application.Platform.runLater(manager::requestFocus);
        });
        model.errorProperty().addListener((p, o, err) -> {
            if (!err.isEmpty()) javafx.application.Platform.runLater(pin::requestFocus);
        });
    }
}
