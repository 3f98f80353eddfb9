package marquee.kiosk.cashier;

import java.util.ResourceBundle;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Small builders the till's views share, so every screen labels, names and styles controls alike. */
public final class Controls {
    private Controls() {}

    /** A button whose text may carry a mnemonic ("_Cash" → Alt+C). */
    public static Button button(ResourceBundle text, String key, String id, String... styles) {
        Button button = new Button(text.getString(key));
        button.setMnemonicParsing(true);
        button.setId(id);
        button.getStyleClass().addAll(styles);
        return button;
    }

    public static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.getStyleClass().add("till-field");
        return field;
    }

    public static PasswordField secret(String id, String prompt) {
        PasswordField field = new PasswordField();
        field.setId(id);
        field.setPromptText(prompt);
        field.getStyleClass().add("till-field");
        return field;
    }

    /** A label above its field, with the label's mnemonic focusing the field. */
    public static VBox labelled(ResourceBundle text, String key, javafx.scene.Node field) {
        Label label = new Label(text.getString(key));
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        label.getStyleClass().add("field-label");
        VBox box = new VBox(6, label, field);
        return box;
    }

    public static Label bound(String id, ObservableStringValue value, String... styles) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(value);
        label.getStyleClass().addAll(styles);
        label.setWrapText(true);
        // A full column must not squeeze a message to one cut-off line: "no money was taken" has to be read whole.
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.managedProperty().bind(label.visibleProperty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        return label;
    }

    public static Label text(String value, String... styles) {
        Label label = new Label(value);
        label.getStyleClass().addAll(styles);
        label.setWrapText(true);
        return label;
    }

    public static VBox panel(javafx.scene.Node... children) {
        VBox box = new VBox(14, children);
        box.getStyleClass().add("till-panel");
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    /**
     * Lays a till dialog over the screen: its content in a centred box, Esc calls {@code onEscape},
     * and {@code focus} takes the keyboard each time {@code showing} turns true.
     */
    public static VBox dialog(javafx.scene.layout.StackPane overlay, double maxWidth, Runnable onEscape,
                              javafx.beans.value.ObservableValue<Boolean> showing, javafx.scene.Node focus,
                              javafx.scene.Node... content) {
        VBox dialog = new VBox(16, content);
        dialog.getStyleClass().add("till-dialog");
        dialog.setMaxWidth(maxWidth);
        dialog.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        overlay.setAlignment(javafx.geometry.Pos.CENTER);
        overlay.getChildren().add(dialog);
        overlay.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                onEscape.run();
                e.consume();
            }
        });
        showing.addListener((p, o, now) -> {
            if (now) javafx.application.Platform.runLater(focus::requestFocus);
        });
        return dialog;
    }

    /**
     * Puts the keyboard focus into a field as soon as it is on screen and laid out (a tab's content
     * is added by the tab pane's skin a pulse later), so what the cashier types goes there.
     */
    public static void focusWhenShown(javafx.scene.Node node) {
        // Tried every 50 ms for up to 5 s, not on consecutive runLater turns: those can all run before
        // the next layout pulse, or while the field is still disabled by the programme loading.
        int[] tries = {0};
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            if (node.getScene() != null && node.isVisible() && !node.isDisabled()) node.requestFocus();
            if (!node.isFocused() && ++tries[0] < 100) {
                javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(50));
                later.setOnFinished(e -> attempt[0].run());
                later.play();
            }
        };
        javafx.application.Platform.runLater(attempt[0]);
    }
}
