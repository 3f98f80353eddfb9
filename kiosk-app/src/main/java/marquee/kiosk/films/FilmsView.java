package marquee.kiosk.films;

import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.ui.ScreenFrame;
import marquee.kiosk.ui.TouchScroll;

/** The films now showing as large poster tiles; a tap on one shows its showtimes. */
public final class FilmsView extends ScreenFrame {
    public FilmsView(ProgrammeViewModel viewModel, ResourceBundle text) {
        super(viewModel, text, text.getString("films.title"), grid(viewModel, text));
        getStyleClass().add("films");
    }

    private static ScrollPane grid(ProgrammeViewModel viewModel, ResourceBundle text) {
        FilmGrid tiles = new FilmGrid((film, width) -> tile(viewModel, text, film, width));
        Runnable fill = () -> tiles.setFilms(viewModel.films());
        viewModel.films().addListener((javafx.collections.ListChangeListener<FilmInfo>) change -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("film-scroll");
        // Drag (with glide) to see every film; a swipe that starts on a poster does not open it.
        TouchScroll.install(scroll);
        return scroll;
    }

    private static Button tile(ProgrammeViewModel viewModel, ResourceBundle text, FilmInfo film, double width) {
        double posterWidth = width - 16;
        Label title = ScreenFrame.wrapping(new Label(film.title()));
        title.getStyleClass().add("film-title");
        title.setMaxWidth(posterWidth);
        Label rating = new Label(film.rating().isBlank() ? "–" : ScreenFrame.format(text, "films.rating", film.rating()));
        rating.getStyleClass().add("rating-badge");
        Label runtime = new Label(ScreenFrame.format(text, "films.runtime", film.runtimeMinutes()));
        runtime.getStyleClass().add("film-meta");
        // Badge and running time one under the other: a narrow tile with large text keeps both whole.
        VBox meta = new VBox(6, rating, runtime);
        meta.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, PosterArt.of(film, posterWidth, Math.round(posterWidth * 1.42)), title, meta);
        Button button = new Button(null, card);
        button.setId("film-" + film.id());
        button.getStyleClass().add("film-tile");
        button.setAlignment(Pos.TOP_LEFT);
        button.setOnAction(event -> viewModel.chooseFilm(film));
        return button;
    }
}
