package marquee.kiosk.programme;

import java.util.ResourceBundle;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** Today's showtimes at this cinema. */
public final class ProgrammeView extends BorderPane {
    public ProgrammeView(ProgrammeViewModel model, ResourceBundle text) {
        getStyleClass().add("programme");
        Label heading = new Label();
        heading.getStyleClass().add("heading");
        heading.textProperty().bind(model.cinemaNameProperty().concat(" — ").concat(text.getString("programme.today")));
        Label error = new Label();
        error.getStyleClass().add("error");
        error.textProperty().bind(model.errorProperty());
        ListView<String> shows = new ListView<>(model.lines());
        shows.getStyleClass().add("showtimes");
        // A tap on a showtime opens its seat map.
        shows.setOnMouseClicked(event -> model.open(shows.getSelectionModel().getSelectedIndex()));
        setTop(new VBox(heading, error));
        setCenter(shows);
    }
}
