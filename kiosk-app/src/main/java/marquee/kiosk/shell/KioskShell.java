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
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.pickup.PickupView;
import marquee.kiosk.purchase.PaymentView;
import marquee.kiosk.purchase.SuccessView;
import marquee.kiosk.purchase.TicketTypesView;
import marquee.kiosk.seats.SeatSelectionView;
import marquee.kiosk.start.AttractView;
import marquee.kiosk.start.OutOfOrderView;
import marquee.kiosk.ui.ScreenFrame;

/**
 * The kiosk's root: shows the navigator's current screen in its language, each bound to its own
 * view-model, switches high contrast, reports every touch to the idle timer and lays the "still
 * there?" question over everything.
 */
public final class KioskShell extends StackPane {
    private final Kiosk kiosk;
    private final Navigator nav;
    private final StackPane screenHolder = new StackPane();
    private final VBox stillThere = new VBox(28);

    public KioskShell(Kiosk kiosk) {
        this.kiosk = kiosk;
        this.nav = kiosk.navigator();
        getStyleClass().add("kiosk");
        getChildren().addAll(screenHolder, stillThere);
        nav.screenProperty().addListener((property, old, screen) -> show());
        nav.languageProperty().addListener((property, old, language) -> show());
        nav.highContrastProperty().addListener((property, old, on) -> contrast(on));
        for (var type : java.util.List.of(MouseEvent.MOUSE_PRESSED, TouchEvent.TOUCH_PRESSED, KeyEvent.KEY_PRESSED, ScrollEvent.SCROLL)) {
            addEventFilter(type, (Event event) -> nav.touched());
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
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.messages", nav.languageProperty().get());
        Node screen = switch (nav.screenProperty().get()) {
            case ATTRACT -> new AttractView(kiosk.startScreen(), text);
            case FILMS -> new FilmsView(kiosk.programme(), text);
            case SHOWTIMES -> new ShowtimesView(kiosk.programme(), text);
            case SEATS -> new SeatSelectionView(kiosk.seats(), text);
            case TICKETS -> new TicketTypesView(kiosk.checkout(), text);
            case PAYMENT -> new PaymentView(kiosk.checkout(), text);
            case SUCCESS -> new SuccessView(kiosk.checkout(), text);
            case PICKUP -> new PickupView(kiosk.pickup(), text);
            case OUT_OF_ORDER -> new OutOfOrderView(kiosk.startScreen(), text);
            case OFFLINE_SALE -> new marquee.kiosk.offlinesale.OfflineSaleView(kiosk.offlineSale(), text);
        };
        screen.setId("screen-" + nav.screenProperty().get().name().toLowerCase(java.util.Locale.ROOT));
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
                nav.stillThereSecondsProperty().get()), nav.stillThereSecondsProperty()));
        Button here = ScreenFrame.primary(text.getString("idle.here"), "still-here");
        here.setOnAction(event -> nav.touched());
        VBox box = new VBox(24, question, countdown, here);
        box.getStyleClass().add("idle-dialog");
        box.setAlignment(Pos.CENTER);
        box.setMaxSize(760, 420);
        stillThere.getChildren().setAll(box);
        stillThere.setAlignment(Pos.CENTER);
        stillThere.setId("still-there");
        stillThere.getStyleClass().setAll("idle-overlay");
        stillThere.visibleProperty().bind(nav.stillThereProperty());
    }
}
