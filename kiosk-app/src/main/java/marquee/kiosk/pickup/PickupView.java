package marquee.kiosk.pickup;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.purchase.TicketPreview;
import marquee.kiosk.ui.Columns;
import marquee.kiosk.ui.ScreenFrame;

/**
 * Pickup of tickets bought online or elsewhere: the booking code on an on-screen keypad of just
 * the characters codes are made of (no keyboard, no look-alikes), then the tickets, printed.
 */
public final class PickupView extends ScreenFrame {
    public PickupView(PickupViewModel viewModel, ResourceBundle text) {
        this(viewModel, text, new VBox(24), new VBox(16));
    }

    private PickupView(PickupViewModel viewModel, ResourceBundle text, VBox entry, VBox found) {
        super(viewModel, text, text.getString("pickup.title"), new Columns(entry, found, 32));
        getStyleClass().add("pickup");
        Button find = primary(text.getString("pickup.find"), "find-booking");
        find.disableProperty().bind(viewModel.codeProperty().length().lessThan(PickupViewModel.CODE_LENGTH).or(viewModel.busyProperty()));
        find.setOnAction(event -> viewModel.find());
        withActions(find);

        Label hint = ScreenFrame.wrapping(new Label(text.getString("pickup.hint")));
        hint.getStyleClass().add("instructions");
        HBox boxes = new HBox(12);
        boxes.setId("code-boxes");
        for (int i = 0; i < PickupViewModel.CODE_LENGTH; i++) {
            int index = i;
            Label box = new Label();
            box.getStyleClass().add("code-box");
            box.textProperty().bind(Bindings.createStringBinding(() -> viewModel.codeProperty().get().length() > index
                    ? String.valueOf(viewModel.codeProperty().get().charAt(index)) : "", viewModel.codeProperty()));
            boxes.getChildren().add(box);
        }
        GridPane keys = new GridPane();
        keys.setHgap(10);
        keys.setVgap(10);
        keys.getStyleClass().add("keypad");
        String alphabet = PickupViewModel.CODE_ALPHABET;
        for (int i = 0; i < alphabet.length(); i++) {
            char key = alphabet.charAt(i);
            Button button = new Button(String.valueOf(key));
            button.setId("key-" + key);
            button.getStyleClass().add("key-button");
            button.setOnAction(event -> viewModel.type(key));
            keys.add(button, i % 7, i / 7);
        }
        Button erase = new Button("⌫");
        erase.setId("key-erase");
        erase.getStyleClass().addAll("key-button", "erase-button");
        erase.setOnAction(event -> viewModel.erase());
        keys.add(erase, alphabet.length() % 7, alphabet.length() / 7, 7 - alphabet.length() % 7, 1);
        erase.setMaxWidth(Double.MAX_VALUE);
        entry.getChildren().addAll(hint, boxes, keys);
        entry.getStyleClass().add("pickup-entry");

        Label status = ScreenFrame.wrapping(new Label());
        status.setId("pickup-status");
        status.getStyleClass().add("instructions");
        status.textProperty().bind(Bindings.createStringBinding(() -> {
            int printed = viewModel.printedProperty().get();
            if (printed == 0) return "";
            String done = ScreenFrame.format(text, viewModel.duplicateProperty().get() ? "pickup.printed.duplicate" : "pickup.printed", printed);
            String how = viewModel.printStatusProperty().get();
            return how.isEmpty() ? done : done + "\n" + text.getString(how);
        }, viewModel.printedProperty(), viewModel.duplicateProperty(), viewModel.printStatusProperty()));
        status.visibleProperty().bind(status.textProperty().isNotEmpty());
        status.getStyleClass().add("pickup-done");
        FlowPane tickets = new FlowPane(16, 16);
        tickets.setAlignment(Pos.TOP_LEFT);
        Runnable fill = () -> tickets.getChildren().setAll(viewModel.found().stream().map(t -> TicketPreview.of(viewModel.zone(), text, t)).toList());
        viewModel.found().addListener((javafx.collections.ListChangeListener<TicketInfo>) change -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(tickets);
        scroll.setFitToWidth(true);
        scroll.setPannable(true);
        scroll.getStyleClass().add("pickup-previews");
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        found.getChildren().addAll(status, scroll);
        found.setPrefWidth(760);
        found.setMinWidth(420);
    }
}
