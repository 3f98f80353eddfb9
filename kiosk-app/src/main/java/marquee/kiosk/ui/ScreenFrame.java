package marquee.kiosk.ui;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import marquee.kiosk.nav.Notice;
import marquee.kiosk.nav.ScreenModel;

/**
 * The frame every step of the purchase shares: back, title, high-contrast switch and "start over"
 * on top; the current notice and the step's main action at the bottom, where thumbs reach.
 */
public class ScreenFrame extends BorderPane {
    private final HBox actions = new HBox(16);

    public ScreenFrame(ScreenModel model, ResourceBundle text, String title, Node content) {
        this(model, text, title, "", content);
    }

    /** A frame whose title has a second, smaller line (when and where a showtime is). */
    public ScreenFrame(ScreenModel model, ResourceBundle text, String title, String subtitle, Node content) {
        getStyleClass().add("screen-frame");
        Button back = new Button(text.getString("nav.back"));
        back.setId("back");
        back.getStyleClass().addAll("nav-button", "back-button");
        back.setOnAction(event -> model.back());
        Label heading = wrapping(new Label(title));
        heading.getStyleClass().add("heading");
        heading.setId("heading");
        javafx.scene.layout.VBox titles = new javafx.scene.layout.VBox(2, heading);
        if (subtitle != null && !subtitle.isBlank()) {
            Label second = wrapping(new Label(subtitle));
            second.setId("subheading");
            second.getStyleClass().add("subheading");
            titles.getChildren().add(second);
        }
        titles.setAlignment(Pos.CENTER_LEFT);
        titles.setMinWidth(0);
        ToggleButton contrast = contrastToggle(model, text);
        Button startOver = new Button(text.getString("nav.cancel"));
        startOver.setId("start-over");
        startOver.getStyleClass().addAll("nav-button", "cancel-button");
        startOver.setOnAction(event -> {
            if (model.asksBeforeStartOver()) confirmStartOver(model, text);
            else model.startOver();
        });
        for (javafx.scene.control.Control fixed : java.util.List.of(back, contrast, startOver)) {
            // The heading gives way (to a row of its own); the buttons keep their words.
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox tools = new HBox(16, contrast, startOver);
        tools.setAlignment(Pos.CENTER_RIGHT);
        TopBar top = new TopBar(back, titles, tools, 16);
        setTop(top);
        setCenter(content);
        BorderPane.setAlignment(content, Pos.TOP_CENTER);

        notice = new Label();
        notice.setId("notice");
        notice.getStyleClass().add("notice");
        wrapping(notice);
        notice.textProperty().bind(Bindings.createStringBinding(() -> {
            Notice current = model.noticeProperty().get();
            return current == null ? "" : format(text, current.key(), current.args().toArray());
        }, model.noticeProperty()));
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(notice, Priority.ALWAYS);
        actions.setAlignment(Pos.CENTER_RIGHT);
        bottom = new HBox(24, notice, actions);
        bottom.getStyleClass().add("bottom-bar");
        bottom.setAlignment(Pos.CENTER_LEFT);
        setBottom(bottom);
    }

    private HBox bottom;
    private final Label notice;

    /** For a screen that shows the notice in its middle (payment): the bottom bar keeps only the actions. */
    protected void noticeShownInContent() {
        notice.visibleProperty().unbind();
        notice.setVisible(false);
        notice.setManaged(false);
    }

    /** "Start over" with seats held: the bottom bar asks first, in large buttons, and "No" changes nothing. */
    private void confirmStartOver(ScreenModel model, ResourceBundle text) {
        Label question = wrapping(new Label(text.getString("startover.question")));
        question.setId("start-over-question");
        question.getStyleClass().add("confirm-question");
        question.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(question, Priority.ALWAYS);
        Button keep = new Button(text.getString("startover.keep"));
        keep.setId("start-over-keep");
        keep.getStyleClass().add("secondary-button");
        keep.setMinWidth(Region.USE_PREF_SIZE);
        Button yes = primary(text.getString("startover.yes"), "start-over-yes");
        yes.setDefaultButton(false);
        yes.setMinWidth(Region.USE_PREF_SIZE);
        HBox confirm = new HBox(20, question, keep, yes);
        confirm.getStyleClass().addAll("bottom-bar", "confirm-bar");
        confirm.setAlignment(Pos.CENTER_LEFT);
        keep.setOnAction(event -> setBottom(bottom));
        yes.setOnAction(event -> model.startOver());
        setBottom(confirm);
    }

    /** Adds the step's main action(s) at the bottom right. */
    public ScreenFrame withActions(Node... nodes) {
        actions.getChildren().addAll(nodes);
        return this;
    }

    /** The "high contrast, large text" switch, on every screen so a customer who needs it finds it. */
    public static ToggleButton contrastToggle(ScreenModel model, ResourceBundle text) {
        ToggleButton contrast = new ToggleButton(text.getString("nav.contrast"));
        contrast.setId("contrast");
        contrast.getStyleClass().addAll("nav-button", "contrast-button");
        contrast.selectedProperty().bindBidirectional(model.highContrastProperty());
        return contrast;
    }

    public static Button primary(String label, String id) {
        Button button = new Button(label);
        button.setId(id);
        button.getStyleClass().add("primary-button");
        button.setDefaultButton(true);
        return button;
    }

    /** A label that wraps its words and keeps the height its lines need (never "…"). */
    public static Label wrapping(Label label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setMinWidth(0);
        return label;
    }

    /** The bundle's text for a key, or {@code fallback} (data as stored) when the bundle has none. */
    public static String translated(ResourceBundle text, String key, String fallback) {
        return text.containsKey(key) ? text.getString(key) : fallback;
    }

    public static String format(ResourceBundle text, String key, Object... args) {
        return new MessageFormat(text.getString(key), text.getLocale()).format(args);
    }
}
