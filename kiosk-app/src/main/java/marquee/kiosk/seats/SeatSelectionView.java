package marquee.kiosk.seats;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.seatmap.SeatLegendView;
import marquee.kiosk.seatmap.SeatMapView;

/** The seat map of one showtime, its legend and the way back. */
public final class SeatSelectionView extends BorderPane {
    public SeatSelectionView(SeatSelectionViewModel model, ResourceBundle text, Runnable back) {
        getStyleClass().add("seat-selection");
        Button backButton = new Button(text.getString("seats.back"));
        backButton.getStyleClass().add("back-button");
        backButton.setOnAction(event -> back.run());
        Label title = new Label();
        title.getStyleClass().add("heading");
        title.textProperty().bind(model.titleProperty());
        Label error = new Label();
        error.getStyleClass().add("error");
        error.textProperty().bind(model.errorProperty());
        setTop(new VBox(new HBox(16, backButton, title), error));
        model.seatMapProperty().addListener((property, old, seatMap) -> {
            if (seatMap == null) return;
            setCenter(new SeatMapView(seatMap));
            setBottom(new SeatLegendView(seatMap));
        });
    }
}
