package marquee.kiosk.seatmap;

import java.util.ResourceBundle;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/** The key to the seat map: each category with its price, then what the states look like. */
public final class SeatLegendView extends FlowPane {
    private static final String[] STATES = {"SELECTED", "HELD", "SOLD", "BLOCKED"};

    private final SeatMapViewModel viewModel;
    private final ResourceBundle text;

    public SeatLegendView(SeatMapViewModel viewModel) {
        this.viewModel = viewModel;
        this.text = viewModel.text();
        getStyleClass().add("seat-legend");
        getStylesheets().add(SeatLegendView.class.getResource("seatmap.css").toExternalForm());
        viewModel.legend().addListener((ListChangeListener<SeatMapViewModel.LegendEntry>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        for (SeatMapViewModel.LegendEntry e : viewModel.legend()) {
            Label name = label(e.name(), "legend-text");
            Label price = label(e.price(), "legend-price");
            price.setVisible(!e.price().isEmpty());
            price.setManaged(!e.price().isEmpty());
            getChildren().add(item(e.category().name(), name, price));
        }
        for (String state : STATES) {
            getChildren().add(item(state, label(text.getString("seatmap.status." + state), "legend-text")));
        }
    }

    private static HBox item(String swatchClass, Label... labels) {
        Region swatch = new Region();
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
