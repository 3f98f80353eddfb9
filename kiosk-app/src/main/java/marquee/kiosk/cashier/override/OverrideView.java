package marquee.kiosk.cashier.override;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
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
        Controls.dialog(this, 560, model::cancel, model.showingProperty(), manager, title, why,
                Controls.labelled(text, "override.manager", manager), Controls.labelled(text, "override.pin", pin), error,
                new HBox(12, approve, cancel));
        model.errorProperty().addListener((p, o, err) -> {
            if (!err.isEmpty()) javafx.application.Platform.runLater(pin::requestFocus);
        });
    }
}
