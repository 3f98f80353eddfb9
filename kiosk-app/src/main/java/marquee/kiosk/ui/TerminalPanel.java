package marquee.kiosk.ui;

import java.util.ResourceBundle;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * What the payment screen shows when a real card terminal is beside the kiosk or till: one
 * "pay by card" button, the terminal's instructions for the customer ("insert card", "enter PIN")
 * and a cancel button while the terminal works. No card is ever typed or tapped on screen.
 */
public final class TerminalPanel {
    private TerminalPanel() {}

    public static VBox build(ResourceBundle text, ObservableStringValue customerText, BooleanExpression busy,
                             BooleanExpression canPay, Runnable pay, Runnable abort) {
        Label title = new Label(text.getString("terminal.real.title"));
        title.getStyleClass().add("side-title");
        Label hint = new Label(text.getString("terminal.real.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("film-meta");
        Button payButton = new Button(text.getString("terminal.real.pay"));
        payButton.setId("pay-terminal");
        payButton.getStyleClass().add("card-button");
        payButton.setMaxWidth(Double.MAX_VALUE);
        payButton.disableProperty().bind(busy.or(canPay.not()));
        payButton.setOnAction(event -> pay.run());
        Label says = new Label();
        says.setId("terminal-text");
        says.setWrapText(true);
        says.getStyleClass().add("instructions");
        says.textProperty().bind(customerText);
        Button cancel = new Button(text.getString("terminal.real.abort"));
        cancel.setId("abort-terminal");
        cancel.setMaxWidth(Double.MAX_VALUE);
        cancel.visibleProperty().bind(busy);
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(event -> abort.run());
        VBox panel = new VBox(14, title, hint, payButton, says, cancel);
        panel.getStyleClass().add("terminal");
        panel.setMinWidth(360);
        return panel;
    }
}
