package marquee.kiosk.purchase;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.nav.Notice;
import marquee.kiosk.payment.PaymentTerminal;
import marquee.kiosk.ui.Columns;
import marquee.kiosk.ui.ScreenFrame;
import marquee.kiosk.ui.TerminalPanel;

/**
 * Payment: the amount, what to do at the terminal, and — since Marquee ships a simulated
 * terminal — the simulator's test cards as large buttons standing in for presenting a card.
 */
public final class PaymentView extends ScreenFrame {
    public PaymentView(CheckoutViewModel viewModel, ResourceBundle text) {
        super(viewModel, text, text.getString("payment.title"), content(viewModel, text));
        getStyleClass().add("payment");
        withActions(TicketTypesView.countdown(viewModel.sessionProperty().get(), text));
        noticeShownInContent();
    }

    private static Columns content(CheckoutViewModel viewModel, ResourceBundle text) {
        PurchaseSession session = viewModel.sessionProperty().get();
        Label due = new Label(text.getString("payment.due"));
        due.getStyleClass().add("side-title");
        Label amount = new Label();
        amount.setId("amount-due");
        amount.getStyleClass().add("amount-due");
        if (session != null) {
            // In the screen's language, whatever language the purchase started in.
            amount.textProperty().bind(Bindings.createStringBinding(() -> session.holdProperty().get() == null
                    ? session.totalTextProperty().get() : session.holdProperty().get().total().format(text.getLocale()),
                    session.holdProperty(), session.totalTextProperty()));
        }
        Label instructions = ScreenFrame.wrapping(new Label(text.getString("payment.instructions")));
        instructions.getStyleClass().add("instructions");
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("payment-spinner");
        Label processing = ScreenFrame.wrapping(new Label(text.getString("payment.processing")));
        processing.setId("payment-processing");
        processing.getStyleClass().add("instructions");
        HBox working = new HBox(16, spinner, processing);
        working.getStyleClass().add("payment-working");
        working.setAlignment(Pos.CENTER_LEFT);
        working.visibleProperty().bind(viewModel.busyProperty());
        working.managedProperty().bind(working.visibleProperty());
        // What went wrong, in the middle of the screen where the customer looks, not in a corner.
        Label problemTitle = ScreenFrame.wrapping(new Label(text.getString("payment.problem.title")));
        problemTitle.getStyleClass().add("problem-title");
        Label problemText = ScreenFrame.wrapping(new Label());
        problemText.setId("payment-problem");
        problemText.getStyleClass().add("problem-text");
        problemText.textProperty().bind(Bindings.createStringBinding(() -> {
            Notice notice = viewModel.noticeProperty().get();
            return notice == null ? "" : ScreenFrame.format(text, notice.key(), notice.args().toArray());
        }, viewModel.noticeProperty()));
        VBox problem = new VBox(8, problemTitle, problemText);
        problem.getStyleClass().add("payment-problem");
        problem.visibleProperty().bind(problemText.textProperty().isNotEmpty().and(viewModel.busyProperty().not()));
        problem.managedProperty().bind(problem.visibleProperty());
        instructions.visibleProperty().bind(working.visibleProperty().not().and(problem.visibleProperty().not()));
        instructions.managedProperty().bind(instructions.visibleProperty());
        VBox left = new VBox(20, due, amount, instructions, working, problem);
        left.getStyleClass().add("payment-left");

        Label terminalTitle = new Label(text.getString("terminal.title"));
        terminalTitle.getStyleClass().add("side-title");
        Label terminalHint = ScreenFrame.wrapping(new Label(text.getString("terminal.hint")));
        terminalHint.getStyleClass().add("film-meta");
        VBox terminal = new VBox(14, terminalTitle, terminalHint);
        terminal.getStyleClass().add("terminal");
        terminal.setMinWidth(360);
        if (viewModel.hasCardTerminal()) {
            // A real card terminal beside the kiosk (issue 16): no cards on screen.
            return new Columns(left, TerminalPanel.build(text, viewModel.terminalTextProperty(),
                    viewModel.busyProperty(), session == null ? Bindings.createBooleanBinding(() -> false)
                            : session.holdProperty().isNotNull(), viewModel::payAtTerminal, viewModel::abortTerminalPayment), 40);
        }
        for (PaymentTerminal.Card card : PaymentTerminal.TEST_CARDS) {
            Button button = new Button(text.getString(card.labelKey()) + "  ·  " + card.last4());
            button.setId("card-" + card.last4());
            button.getStyleClass().add("card-button");
            button.setMaxWidth(Double.MAX_VALUE);
            button.setWrapText(true);
            button.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            button.setMinWidth(0);
            button.disableProperty().bind(Bindings.createBooleanBinding(() -> viewModel.busyProperty().get()
                    || session == null || session.holdProperty().get() == null, viewModel.busyProperty(),
                    session == null ? viewModel.busyProperty() : session.holdProperty()));
            button.setOnAction(event -> viewModel.pay(card));
            terminal.getChildren().add(button);
        }
        return new Columns(left, terminal, 40);
    }
}
