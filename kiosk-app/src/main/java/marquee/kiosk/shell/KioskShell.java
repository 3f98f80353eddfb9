package marquee.kiosk.shell;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.event.Event;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TouchEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.films.FilmsView;
import marquee.kiosk.films.ShowtimesView;
import marquee.kiosk.flow.KioskFlow;
import marquee.kiosk.pickup.PickupView;
import marquee.kiosk.purchase.PaymentView;
import marquee.kiosk.purchase.SuccessView;
import marquee.kiosk.purchase.TicketTypesView;
import marquee.kiosk.seats.SeatSelectionView;
import marquee.kiosk.start.AttractView;
import marquee.kiosk.start.OutOfOrderView;

/**
 * The kiosk's root: shows the flow's current screen in its language, switches high contrast,
 * reports every touch to the idle timer and lays the "still there?" question over everything.
 */
public final class KioskShell extends StackPane {
    private final KioskFlow flow;
    private final String deviceId;
    private final StackPane screenHolder = new StackPane();
    private final VBox stillThere = new VBox(28);

    public KioskShell(KioskFlow flow, String deviceId) {
        this.flow = flow;
        this.deviceId = deviceId;
        getStyleClass().add("kiosk");
        getChildren().addAll(screenHolder, stillThere);
        flow.screenProperty().addListener((property, old, screen) -> show());
        flow.languageProperty().addListener((property, old, language) -> show());
        flow.highContrastProperty().addListener((property, old, on) -> contrast(on));
        for (var type : java.util.List.of(MouseEvent.MOUSE_PRESSED, TouchEvent.TOUCH_PRESSED, KeyEvent.KEY_PRESSED, ScrollEvent.SCROLL)) {
            addEventFilter(type, (Event event) -> flow.touched());
        }
        // Smaller paddings and keys on a small window, a column layout on a portrait kiosk (theme.css).
        widthProperty().addListener((property, old, width) -> sizeClasses());
        heightProperty().addListener((property, old, height) -> sizeClasses());
        show();
    }

    private void sizeClasses() {
        toggle("compact", getHeight() > 0 && getHeight() < 900);
        toggle("portrait", getHeight() > getWidth());
    }

    private void toggle(String styleClass, boolean on) {
        if (on && !getStyleClass().contains(styleClass)) getStyleClass().add(styleClass);
        if (!on) getStyleClass().remove(styleClass);
    }

    private void contrast(boolean on) {
        if (on && !getStyleClass().contains("high-contrast")) getStyleClass().add("high-contrast");
        if (!on) getStyleClass().remove("high-contrast");
    }

    private void show() {
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.messages", flow.languageProperty().get());
        Node screen = switch (flow.screenProperty().get()) {
            case ATTRACT -> new AttractView(flow, text);
            case FILMS -> new FilmsView(flow, text);
            case SHOWTIMES -> new ShowtimesView(flow, text);
            case SEATS -> new SeatSelectionView(flow, text);
            case TICKETS -> new TicketTypesView(flow, text);
            case PAYMENT -> new PaymentView(flow, text);
            case SUCCESS -> new SuccessView(flow, text);
            case PICKUP -> new PickupView(flow, text);
            case OUT_OF_ORDER -> new OutOfOrderView(flow, text, deviceId);
        };
        screen.setId("screen-" + flow.screenProperty().get().name().toLowerCase(java.util.Locale.ROOT));
        screenHolder.getChildren().setAll(screen);
        buildStillThere(text);
    }

    private void buildStillThere(ResourceBundle text) {
        Label question = new Label(text.getString("idle.question"));
        question.getStyleClass().add("idle-question");
        question.setWrapText(true);
        Label countdown = new Label();
        countdown.getStyleClass().add("instructions");
        countdown.setWrapText(true);
        countdown.setMaxWidth(660);
        countdown.textProperty().bind(Bindings.createStringBinding(() -> ScreenFrame.format(text, "idle.countdown",
                flow.stillThereSecondsProperty().get()), flow.stillThereSecondsProperty()));
        Button here = ScreenFrame.primary(text.getString("idle.here"), "still-here");
        here.setOnAction(event -> flow.touched());
        VBox box = new VBox(24, question, countdown, here);
        box.getStyleClass().add("idle-dialog");
        box.setAlignment(Pos.CENTER);
        box.setMaxSize(760, 420);
        stillThere.getChildren().setAll(box);
        stillThere.setAlignment(Pos.CENTER);
        stillThere.setId("still-there");
        stillThere.getStyleClass().setAll("idle-overlay");
        stillThere.visibleProperty().bind(flow.stillThereProperty());
    }
}
