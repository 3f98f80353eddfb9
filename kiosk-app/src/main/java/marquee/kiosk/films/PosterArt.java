package marquee.kiosk.films;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import marquee.kiosk.model.FilmInfo;

/**
 * A film's poster, or, where the programme has none, a generated one: a gradient in colours
 * derived from the title (so a film keeps its colours across screens and days) with the title set large.
 */
public final class PosterArt {
    private PosterArt() {}

    public static Node of(FilmInfo film, double width, double height) {
        StackPane poster = new StackPane();
        poster.getStyleClass().add("poster");
        poster.setMinSize(width, height);
        poster.setPrefSize(width, height);
        poster.setMaxSize(width, height);
        int hash = film.title().hashCode();
        double hue = Math.floorMod(hash, 360);
        Color top = Color.hsb(hue, 0.55, 0.55);
        Color bottom = Color.hsb((hue + 40) % 360, 0.75, 0.18);
        poster.setBackground(new Background(new BackgroundFill(
                new LinearGradient(0, 0, 0.3, 1, true, CycleMethod.NO_CYCLE, new Stop(0, top), new Stop(1, bottom)),
                new CornerRadii(12), null)));
        Label title = new Label(film.title());
        title.getStyleClass().add("poster-title");
        title.setWrapText(true);
        title.setMaxWidth(width - 32);
        title.setStyle("-fx-font-size: " + Math.round(width / 8.5) + "px;");
        StackPane.setAlignment(title, Pos.BOTTOM_LEFT);
        title.setTranslateX(16);
        title.setTranslateY(-16);
        poster.getChildren().add(title);
        if (!film.posterUrl().isBlank()) {
            Image image = new Image(film.posterUrl(), width, height, false, true, true);
            ImageView view = new ImageView(image);
            // The generated art stays underneath until (and unless) the real poster loads.
            view.visibleProperty().bind(image.progressProperty().greaterThanOrEqualTo(1.0).and(image.errorProperty().not()));
            poster.getChildren().add(view);
        }
        return poster;
    }
}
