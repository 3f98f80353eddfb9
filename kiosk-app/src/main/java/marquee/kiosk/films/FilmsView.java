package marquee.kiosk.films;

import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.backend.BackendClient.FilmInfo;
import marquee.kiosk.flow.KioskFlow;
import marquee.kiosk.shell.ScreenFrame;

/** The films now showing as large poster tiles; a tap on one shows its showtimes. */
public final class FilmsView extends ScreenFrame {
    public FilmsView(KioskFlow flow, ResourceBundle text) {
        super(flow, text, text.getString("films.title"), grid(flow, text));
        getStyleClass().add("films");
    }

    private static ScrollPane grid(KioskFlow flow, ResourceBundle text) {
        FlowPane tiles = new FlowPane(28, 28);
        tiles.getStyleClass().add("film-grid");
        tiles.setAlignment(Pos.TOP_CENTER);
        tiles.setRowValignment(javafx.geometry.VPos.TOP);
        Runnable fill = () -> tiles.getChildren().setAll(flow.films().stream().map(film -> tile(flow, text, film)).toList());
        flow.films().addListener((javafx.collections.ListChangeListener<FilmInfo>) change -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.setPannable(true);
        scroll.getStyleClass().add("film-scroll");
        return scroll;
    }

    private static Button tile(KioskFlow flow, ResourceBundle text, FilmInfo film) {
        Label title = new Label(film.title());
        title.getStyleClass().add("film-title");
        title.setWrapText(true);
        title.setMaxWidth(260);
        Label rating = new Label(film.rating().isBlank() ? "–" : ScreenFrame.format(text, "films.rating", film.rating()));
        rating.getStyleClass().add("rating-badge");
        Label runtime = new Label(ScreenFrame.format(text, "films.runtime", film.runtimeMinutes()));
        runtime.getStyleClass().add("film-meta");
        HBox meta = new HBox(12, rating, runtime);
        meta.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, PosterArt.of(film, 260, 370), title, meta);
        Button button = new Button(null, card);
        button.setId("film-" + film.id());
        button.getStyleClass().add("film-tile");
        button.setAlignment(Pos.TOP_LEFT);
        button.setOnAction(event -> flow.chooseFilm(film));
        return button;
    }
}
