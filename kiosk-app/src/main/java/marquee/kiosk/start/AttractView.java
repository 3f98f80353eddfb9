package marquee.kiosk.start;

import java.util.Locale;
import java.util.ResourceBundle;
import javafx.animation.FadeTransition;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import marquee.kiosk.films.PosterArt;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.ui.ScreenFrame;

/**
 * The start screen, which is also the attract loop: posters of the films now showing take turns
 * while nobody uses the kiosk; a touch anywhere begins a purchase, in the language chosen here.
 */
public final class AttractView extends BorderPane {
    private static final Duration POSTER_TIME = Duration.seconds(5);
    private int shown;

    public AttractView(StartViewModel viewModel, ResourceBundle text) {
        getStyleClass().add("attract");
        Label cinema = new Label();
        cinema.getStyleClass().add("cinema-name");
        cinema.textProperty().bind(viewModel.cinemaName(text.getString("app.title")));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox languages = new HBox(12);
        ToggleGroup group = new ToggleGroup();
        for (Locale locale : viewModel.languages()) {
            ToggleButton button = new ToggleButton(locale.getDisplayLanguage(locale));
            button.setId("language-" + locale.getLanguage());
            button.getStyleClass().addAll("nav-button", "language-button");
            button.setToggleGroup(group);
            button.setSelected(locale.equals(viewModel.language()));
            button.setOnAction(event -> viewModel.chooseLanguage(locale));
            languages.getChildren().add(button);
        }
        HBox top = new HBox(16, cinema, spacer, languages, ScreenFrame.contrastToggle(viewModel, text));
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("top-bar");
        // Touches on the language and contrast switches choose, they do not start a purchase.
        top.addEventHandler(MouseEvent.MOUSE_CLICKED, MouseEvent::consume);
        setTop(top);

        StackPane stage = new StackPane();
        stage.getStyleClass().add("attract-stage");
        Label filmTitle = new Label();
        filmTitle.getStyleClass().add("attract-film");
        VBox poster = new VBox(20);
        poster.setAlignment(Pos.CENTER);
        SplashView starting = new SplashView(text);
        starting.progressProperty().bind(viewModel.startupProgressProperty());
        viewModel.startupStepProperty().addListener((property, old, step) -> starting.showStep(step));
        Runnable showNext = () -> {
            if (viewModel.films().isEmpty()) {
                poster.getChildren().setAll(starting);
                return;
            }
            FilmInfo film = viewModel.films().get(shown++ % viewModel.films().size());
            filmTitle.setText(film.title());
            poster.getChildren().setAll(PosterArt.of(film, 380, 540), filmTitle);
            FadeTransition fade = new FadeTransition(Duration.millis(600), poster);
            fade.setFromValue(0.2);
            fade.setToValue(1);
            fade.play();
        };
        showNext.run();
        viewModel.films().addListener((javafx.collections.ListChangeListener<FilmInfo>) change -> showNext.run());
        Timeline rotation = new Timeline(new KeyFrame(POSTER_TIME, event -> showNext.run()));
        rotation.setCycleCount(Timeline.INDEFINITE);
        rotation.play();
        sceneProperty().addListener((property, old, scene) -> {
            if (scene == null) rotation.stop();
        });
        stage.getChildren().add(new marquee.kiosk.ui.FitPane(poster));
        stage.setMinSize(0, 0);
        setCenter(stage);

        Button start = ScreenFrame.primary(text.getString("attract.start"), "start");
        start.getStyleClass().add("start-button");
        start.setOnAction(event -> viewModel.begin());
        start.disableProperty().bind(viewModel.readyProperty().not());
        Button pickup = new Button(text.getString("attract.pickup"));
        pickup.setId("pickup");
        pickup.getStyleClass().add("secondary-button");
        pickup.disableProperty().bind(viewModel.readyProperty().not());
        pickup.setOnAction(event -> {
            viewModel.openPickup();
            event.consume();
        });
        pickup.addEventHandler(MouseEvent.MOUSE_CLICKED, MouseEvent::consume);
        Label touch = ScreenFrame.wrapping(new Label(text.getString("attract.touch")));
        touch.getStyleClass().add("attract-touch");
        VBox bottom = new VBox(16, start, touch, pickup);
        bottom.setAlignment(Pos.CENTER);
        bottom.getStyleClass().add("attract-bottom");
        setBottom(bottom);
        addEventHandler(MouseEvent.MOUSE_CLICKED, event -> viewModel.begin());
    }
}
