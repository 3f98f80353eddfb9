package marquee.kiosk.seatmap;

import java.util.ResourceBundle;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;

/** The key to the seat map: each category with its price, then what the states look like. */
public final class SeatLegendView extends FlowPane {
    private static final String[] STATES = {"SELECTED", "HELD", "SOLD", "BLOCKED"};
    /** The same marks the map draws on taken seats, so the key does not rest on colour alone. */
    private static final String[] STATE_MARKS = {"", "\u2022", "\u00d7", "\u2013"};

    private final SeatMapViewModel viewModel;

    public SeatLegendView(SeatMapViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("seat-legend");
        getStylesheets().add(SeatLegendView.class.getResource("seatmap.css").toExternalForm());
        viewModel.legend().addListener((ListChangeListener<SeatMapViewModel.LegendEntry>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        // The language may have changed since the map opened: the key always speaks the current one.
        ResourceBundle text = viewModel.text();
        getChildren().clear();
        for (SeatMapViewModel.LegendEntry e : viewModel.legend()) {
            Label name = label(e.name(), "legend-text");
            Label price = label(e.price(), "legend-price");
            price.setVisible(!e.price().isEmpty());
            price.setManaged(!e.price().isEmpty());
            getChildren().add(item(e.category().name(), name, price));
        }
        for (int i = 0; i < STATES.length; i++) {
            HBox item = item(STATES[i], label(text.getString("seatmap.status." + STATES[i]), "legend-text"));
            ((Label) item.getChildren().get(0)).setText(STATE_MARKS[i]);
            getChildren().add(item);
        }
    }

    private static HBox item(String swatchClass, Label... labels) {
        Label swatch = new Label();
        swatch.getStyleClass().addAll("legend-swatch", swatchClass);
        HBox box = new HBox(swatch);
        box.getChildren().addAll(labels);
        box.getStyleClass().add("legend-item");
        return box;
    }

    private static Label label(String value, String styleClass) {
        Label l = new Label(value);
        l.getStyleClass().add(styleClass);
        return l;
    }
}
