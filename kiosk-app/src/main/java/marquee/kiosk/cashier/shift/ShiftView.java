package marquee.kiosk.cashier.shift;

import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;
import marquee.kiosk.model.Shift;

/** The running shift: float, drops so far; a cash drop (Alt+D) and the counted close (Alt+S). */
public final class ShiftView extends VBox {
    public ShiftView(ShiftViewModel model, ResourceBundle text, java.util.function.Supplier<java.time.ZoneId> zone) {
        super(18);
        getStyleClass().add("till-page");
        Label summary = new Label();
        summary.setId("shift-summary");
        summary.getStyleClass().add("till-subtitle");
        summary.setWrapText(true);
        
        summary.textProperty().bind(Bindings.createStringBinding(() -> {
            Shift s = model.shiftProperty().get();
            if (s == null) return text.getString("header.noshift");
            DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm").withZone(zone.get());
            StringBuilder out = new StringBuilder(java.text.MessageFormat.format(text.getString("shift.summary"),
                    time.format(s.openedAt()), s.openingFloat().format(text.getLocale()), s.drops().size(),
                    s.expectedCash() == null ? "" : s.expectedCash().format(text.getLocale())));
            s.drops().forEach(d -> out.append("\n  ").append(time.format(d.at())).append("  ")
                    .append(d.amount().format(text.getLocale())).append("  ").append(d.note()));
            return out.toString();
        }, model.shiftProperty()));
        Button drop = Controls.button(text, "shift.drop", "cash-drop", "secondary-button");
        drop.setOnAction(e -> model.showDrop());
        Button close = Controls.button(text, "shift.close", "close-shift", "primary-button");
        close.setOnAction(e -> model.showClose());
        drop.disableProperty().bind(model.busyProperty());
        close.disableProperty().bind(model.busyProperty());
        getChildren().addAll(Controls.text(text.getString("shift.title"), "till-title"), summary, new HBox(16, drop, close),
                Controls.bound("shift-message", model.messageProperty(), "till-ok"),
                Controls.bound("shift-desk-error", model.errorProperty(), "error"));
    }
}
