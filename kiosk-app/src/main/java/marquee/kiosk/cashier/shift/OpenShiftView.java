package marquee.kiosk.cashier.shift;

import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;

/** No open shift yet: the opening float counted into the drawer, Enter opens the shift. */
public final class OpenShiftView extends StackPane {
    public OpenShiftView(ShiftViewModel model, ResourceBundle text) {
        TextField amount = Controls.field("opening-float", text.getString("shift.float.prompt"));
        amount.textProperty().bindBidirectional(model.floatTextProperty());
        amount.setOnAction(e -> model.open());
        Button open = Controls.button(text, "shift.open", "open-shift", "primary-button");
        open.disableProperty().bind(model.busyProperty());
        open.setOnAction(e -> model.open());
        VBox card = new VBox(18, Controls.text(text.getString("shift.open.title"), "till-title"),
                Controls.text(text.getString("shift.open.hint"), "till-muted"),
                Controls.labelled(text, "shift.float", amount), open,
                Controls.bound("shift-error", model.errorProperty(), "error"));
        card.getStyleClass().add("till-card");
        card.setMaxWidth(560);
        card.setMaxHeight(USE_PREF_SIZE);
        setAlignment(Pos.CENTER);
        getChildren().add(card);
        sceneProperty().addListener((p, o, scene) -> {
            if (scene != null) javafx.application.Platform.runLater(amount::requestFocus);
        });
    }
}
