package marquee.kiosk.cashier.pickup;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;

/** One field for a typed booking code or a scanned QR (the scanner types it and Enter); prints the tickets. */
public final class CounterPickupView extends VBox {
    private final TextField input;

    public CounterPickupView(CounterPickupViewModel model, ResourceBundle text) {
        super(18);
        getStyleClass().add("till-page");
        input = Controls.field("pickup-input", text.getString("pickup.prompt"));
        input.setMaxWidth(720);
        input.textProperty().bindBidirectional(model.inputProperty());
        input.setOnAction(e -> model.find());
        Button print = Controls.button(text, "pickup.print", "pickup-print", "primary-button");
        print.disableProperty().bind(model.busyProperty());
        print.setOnAction(e -> model.find());
        getChildren().addAll(Controls.text(text.getString("pickup.title"), "till-title"),
                Controls.text(text.getString("pickup.hint"), "till-muted"),
                Controls.labelled(text, "pickup.field", input), print,
                Controls.bound("pickup-message", model.messageProperty(), "till-ok"),
                Controls.bound("pickup-error", model.errorProperty(), "error"));
        model.busyProperty().addListener((p, o, busy) -> {
            if (!busy) input.requestFocus();
        });
    }

    public void focus() {
        input.requestFocus();
    }
}
