package marquee.kiosk.cashier.support;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;

/** Find a booking by code; refund and cancel, void, or reprint it with a reason. */
public final class BookingSupportView extends VBox {
    private final TextField code;

    public BookingSupportView(BookingSupportViewModel model, ResourceBundle text) {
        super(18);
        getStyleClass().add("till-page");
        code = Controls.field("support-code", text.getString("support.code.prompt"));
        code.setMaxWidth(420);
        code.textProperty().bindBidirectional(model.codeProperty());
        code.setOnAction(e -> model.find());
        Button find = Controls.button(text, "support.find", "support-find", "secondary-button");
        find.setOnAction(e -> model.find());
        TextField reason = Controls.field("support-reason", text.getString("support.reason.prompt"));
        reason.setMaxWidth(720);
        reason.textProperty().bindBidirectional(model.reasonProperty());
        Button refund = Controls.button(text, "support.refund", "refund", "primary-button");
        refund.setOnAction(e -> model.refundAndCancel());
        Button voidSale = Controls.button(text, "support.void", "void", "secondary-button");
        voidSale.setOnAction(e -> model.voidSale());
        Button reprint = Controls.button(text, "support.reprint", "reprint", "secondary-button");
        reprint.setOnAction(e -> model.reprint());
        refund.disableProperty().bind(model.busyProperty().or(model.refundableProperty().not()));
        voidSale.disableProperty().bind(model.busyProperty().or(model.refundableProperty().not()));
        reprint.disableProperty().bind(model.busyProperty().or(model.soldProperty().not()));
        getChildren().addAll(Controls.text(text.getString("support.title"), "till-title"),
                Controls.labelled(text, "support.code", new HBox(12, code, find)),
                Controls.bound("support-summary", model.summaryProperty(), "booking-summary"),
                Controls.labelled(text, "support.reason", reason), new HBox(16, refund, voidSale, reprint),
                Controls.text(text.getString("support.hint"), "till-muted"),
                Controls.bound("support-message", model.messageProperty(), "till-ok"),
                Controls.bound("support-error", model.errorProperty(), "error"));
    }

    public void focus() {
        code.requestFocus();
    }
}
