package marquee.kiosk.purchase;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import marquee.kiosk.ui.ScreenFrame;

/**
 * The receipt screen's e-mail part. Closed: one button ("Send tickets by e-mail") and, once sent,
 * where they went, shortened. Open: the address field, the on-screen keyboard, Send and Close, and
 * what went wrong ("please check the address"). Texts: purchase/email*.properties (English, German).
 */
final class EmailTicketsPanel extends VBox {
    private final VBox editor;
    /** Held here, registered weakly: the view model outlives this screen (one per sale). */
    private final javafx.beans.value.ChangeListener<EmailTickets.State> onState;

    EmailTicketsPanel(EmailTickets email, ResourceBundle messages) {
        super(12);
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.purchase.email", messages.getLocale());
        getStyleClass().add("email-tickets");
        getStylesheets().add(EmailTicketsPanel.class.getResource("/marquee/kiosk/purchase/email.css").toExternalForm());
        setAlignment(Pos.TOP_CENTER);

        Button open = new Button(text.getString("email.open"));
        open.setId("email-open");
        open.getStyleClass().addAll("secondary-button", "email-open");
        open.setOnAction(event -> email.open());

        Label status = ScreenFrame.wrapping(new Label());
        status.setId("email-status");
        status.getStyleClass().add("email-status");
        status.textProperty().bind(Bindings.createStringBinding(() -> switch (email.stateProperty().get()) {
            case SENT -> ScreenFrame.format(text, "email.sent", email.sentToProperty().get());
            case SENDING -> text.getString("email.sending");
            case INVALID -> text.getString("email.invalid");
            case FAILED -> text.getString("email.failed");
            default -> "";
        }, email.stateProperty(), email.sentToProperty()));
        status.visibleProperty().bind(status.textProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());

        Label hint = ScreenFrame.wrapping(new Label(text.getString("email.hint")));
        hint.getStyleClass().add("email-hint");
        TextField field = new TextField();
        field.setId("email-address");
        field.getStyleClass().add("email-address");
        field.setPromptText(text.getString("email.prompt"));
        field.textProperty().bindBidirectional(email.addressProperty());
        field.setOnAction(event -> email.send());
        HBox.setHgrow(field, Priority.ALWAYS);
        Button send = ScreenFrame.primary(text.getString("email.send"), "email-send");
        send.setDefaultButton(false);
        send.disableProperty().bind(email.addressProperty().isEmpty().or(email.stateProperty().isEqualTo(EmailTickets.State.SENDING)));
        send.setOnAction(event -> email.send());
        Button close = new Button(text.getString("email.close"));
        close.setId("email-close");
        close.setOnAction(event -> email.close());
        HBox line = new HBox(12, field, send, close);
        line.setAlignment(Pos.CENTER);
        line.getStyleClass().add("email-line");
        editor = new VBox(12, hint, line, new TouchKeyboard(email, messages.getLocale()));
        editor.setAlignment(Pos.TOP_CENTER);
        editor.getStyleClass().add("email-editor");

        Runnable layout = () -> {
            boolean editing = switch (email.stateProperty().get()) {
                case EDITING, SENDING, INVALID, FAILED -> true;
                default -> false;
            };
            open.setVisible(!editing && email.stateProperty().get() != EmailTickets.State.SENT);
            open.setManaged(open.isVisible());
            getChildren().setAll(editing ? java.util.List.of(status, editor) : java.util.List.of(open, status));
        };
        onState = (property, was, now) -> {
            status.getStyleClass().remove("email-problem");
            if (now == EmailTickets.State.INVALID || now == EmailTickets.State.FAILED) status.getStyleClass().add("email-problem");
            layout.run();
            if (afterChange != null) afterChange.run();
        };
        email.stateProperty().addListener(new javafx.beans.value.WeakChangeListener<>(onState));
        layout.run();
    }

    private Runnable afterChange;

    /** Runs after each change of what the panel shows (the receipt screen makes room for the keyboard). */
    void onChange(Runnable action) {
        afterChange = action;
    }

    /** True while the address is being typed (the receipt screen then gives the panel the ticket previews' room). */
    boolean editing() {
        return getChildren().contains(editor);
    }
}
