package marquee.kiosk.purchase;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * An on-screen keyboard for e-mail addresses: digits, letters (QWERTZ for German, QWERTY
 * otherwise), the characters addresses use and the common endings. Every key is a touch target of
 * at least 56 × 56 px; each has the id {@code key-<name>} (key-a, key-at, key-dot, key-backspace …).
 */
final class TouchKeyboard extends VBox {
    TouchKeyboard(EmailTickets email, Locale language) {
        super(8);
        getStyleClass().add("touch-keyboard");
        setAlignment(Pos.CENTER);
        boolean german = language.getLanguage().equals("de");
        List<String> rows = List.of("1234567890", german ? "qwertzuiop" : "qwertyuiop", "asdfghjkl", german ? "yxcvbnm" : "zxcvbnm");
        for (int r = 0; r < rows.size(); r++) {
            HBox row = row();
            for (char c : rows.get(r).toCharArray()) row.getChildren().add(key(String.valueOf(c), String.valueOf(c), () -> email.type(String.valueOf(c))));
            if (r == rows.size() - 1) {
                row.getChildren().add(key("-", "dash", () -> email.type("-")));
                row.getChildren().add(key("_", "underscore", () -> email.type("_")));
                Button back = key("⌫", "backspace", email::backspace);
                back.getStyleClass().add("key-wide");
                row.getChildren().add(back);
            }
            getChildren().add(row);
        }
        HBox last = row();
        Button at = key("@", "at", () -> email.type("@"));
        Button dot = key(".", "dot", () -> email.type("."));
        Button de = key(".de", "de", () -> email.type(".de"));
        Button com = key(".com", "com", () -> email.type(".com"));
        for (Button wide : List.of(at, dot, de, com)) wide.getStyleClass().add("key-wide");
        last.getChildren().addAll(at, dot, german ? de : com, german ? com : de);
        getChildren().add(last);
    }

    private static HBox row() {
        HBox row = new HBox(6);
        row.setAlignment(Pos.CENTER);
        return row;
    }

    private static Button key(String label, String name, Runnable action) {
        Button key = new Button(label);
        key.setId("key-" + name);
        key.getStyleClass().add("key");
        key.setFocusTraversable(false);
        key.setOnAction(event -> action.run());
        HBox.setHgrow(key, Priority.NEVER);
        return key;
    }
}
