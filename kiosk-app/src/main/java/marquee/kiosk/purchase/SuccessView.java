package marquee.kiosk.purchase;

import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.nav.Notice;
import marquee.kiosk.ui.ScreenFrame;

/** Paid: the booking code, how printing went, and a preview of each ticket with its QR code. */
public final class SuccessView extends BorderPane {
    public SuccessView(CheckoutViewModel viewModel, ResourceBundle text) {
        getStyleClass().add("success");
        PurchaseSession session = viewModel.sessionProperty().get();
        Label thanks = new Label(text.getString("success.title"));
        thanks.getStyleClass().add("success-title");
        Label code = new Label();
        code.setId("booking-code");
        code.getStyleClass().add("booking-code");
        Label printing = new Label();
        printing.setId("print-status");
        printing.getStyleClass().add("instructions");
        printing.setWrapText(true);
        printing.textProperty().bind(Bindings.createStringBinding(() -> viewModel.printStatusProperty().get().isEmpty()
                ? "" : text.getString(viewModel.printStatusProperty().get()), viewModel.printStatusProperty()));
        FlowPane tickets = new FlowPane(24, 24);
        tickets.setAlignment(Pos.TOP_CENTER);
        if (session != null) {
            var hold = session.holdProperty().get();
            if (hold != null) code.setText(ScreenFrame.format(text, "success.code", hold.code()));
            tickets.getChildren().setAll(session.tickets().stream().map(t -> TicketPreview.of(viewModel.zone(), text, t)).toList());
        }
        ScrollPane scroll = new ScrollPane(tickets);
        scroll.setFitToWidth(true);
        scroll.setPannable(true);
        scroll.getStyleClass().add("ticket-previews");
        Button done = ScreenFrame.primary(text.getString("success.done"), "done");
        done.setOnAction(event -> viewModel.startOver());
        Label paid = new Label();
        paid.setId("amount-paid");
        paid.getStyleClass().add("amount-paid");
        Label earlier = ScreenFrame.wrapping(new Label());
        earlier.setId("payment-note");
        earlier.getStyleClass().add("instructions");
        earlier.textProperty().bind(Bindings.createStringBinding(() -> {
            Notice notice = viewModel.noticeProperty().get();
            return notice == null ? "" : ScreenFrame.format(text, notice.key(), notice.args().toArray());
        }, viewModel.noticeProperty()));
        earlier.visibleProperty().bind(earlier.textProperty().isNotEmpty());
        earlier.managedProperty().bind(earlier.visibleProperty());
        if (session != null && session.holdProperty().get() != null) {
            paid.setText(ScreenFrame.format(text, "success.paid", session.holdProperty().get().total().format(text.getLocale())));
        }
        // Tickets by e-mail (optional): while the address is typed, the keyboard takes the previews' room.
        EmailTicketsPanel email = new EmailTicketsPanel(viewModel.emailTickets(), text);
        Runnable roomForKeyboard = () -> {
            scroll.setVisible(!email.editing());
            scroll.setManaged(scroll.isVisible());
        };
        email.onChange(roomForKeyboard);
        roomForKeyboard.run();
        VBox middle = new VBox(email, scroll);
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        VBox top = new VBox(12, thanks, code, paid, earlier, printing);
        top.setAlignment(Pos.CENTER);
        top.getStyleClass().add("success-top");
        HBox bottom = new HBox(done);
        bottom.setAlignment(Pos.CENTER);
        bottom.getStyleClass().add("bottom-bar");
        setTop(top);
        setCenter(middle);
        setBottom(bottom);
    }
}
