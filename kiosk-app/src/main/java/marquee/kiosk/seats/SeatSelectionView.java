package marquee.kiosk.seats;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.seatmap.SeatLegendView;
import marquee.kiosk.seatmap.SeatMapView;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.ui.Columns;
import marquee.kiosk.ui.ScreenFrame;
import marquee.kiosk.ui.SideBySide;

/**
 * The live seat map of the chosen showtime, its legend, "best seats for N people" beside free
 * choice, and the way on to the ticket types.
 */
public final class SeatSelectionView extends ScreenFrame {
    public SeatSelectionView(ChooseSeatsViewModel viewModel, ResourceBundle text) {
        this(viewModel, text, new BorderPane(), new VBox(20));
    }

    private SeatSelectionView(ChooseSeatsViewModel viewModel, ResourceBundle text, BorderPane map, VBox side) {
        super(viewModel, text, title(viewModel), subtitle(viewModel, text), content(map, side));
        getStyleClass().add("seat-selection");
        SeatSelectionViewModel model = viewModel.selectionProperty().get();
        Button next = primary(text.getString("seats.continue"), "continue");
        next.setOnAction(event -> viewModel.continueToTickets());
        withActions(next);
        if (model == null) return;

        Label loading = new Label(text.getString("seats.loading"));
        loading.getStyleClass().add("film-meta");
        map.setCenter(loading);
        Label error = new Label();
        error.getStyleClass().add("error");
        error.textProperty().bind(model.errorProperty());
        map.setTop(error);

        Runnable show = () -> {
            SeatMapViewModel seats = model.seatMapProperty().get();
            if (seats == null) return;
            SeatMapView view = new SeatMapView(seats);
            view.setId("seat-map");
            IntegerProperty people = new SimpleIntegerProperty(Math.max(2, seats.selectedSeats().size()));
            view.setParty(people.get());
            map.setCenter(view);
            map.setBottom(new SeatLegendView(seats));
            side.getChildren().setAll(sidePanel(viewModel, text, model, seats, people));
            // Seats chosen for the customer ("best seats", or kept from before) are brought into view.
            seats.selectedSeats().addListener((javafx.collections.ListChangeListener<String>) change ->
                    view.showSeats(List.copyOf(seats.selectedSeats())));
            next.disableProperty().bind(Bindings.isEmpty(seats.selectedSeats()).or(viewModel.busyProperty()));
        };
        model.seatMapProperty().addListener((property, old, seats) -> show.run());
        show.run();
        if (model.seatMapProperty().get() == null) next.setDisable(true);
    }

    private static String title(ChooseSeatsViewModel viewModel) {
        ShowtimeInfo show = viewModel.showtimeProperty().get();
        return show == null ? "" : show.movieTitle();
    }

    private static String subtitle(ChooseSeatsViewModel viewModel, ResourceBundle text) {
        ShowtimeInfo show = viewModel.showtimeProperty().get();
        if (show == null) return "";
        DateTimeFormatter when = DateTimeFormatter.ofPattern(text.getString("format.when"), text.getLocale()).withZone(viewModel.zone());
        return when.format(show.startsAt()) + "  ·  " + show.hallName();
    }

    private static Columns content(BorderPane map, VBox side) {
        map.getStyleClass().add("seat-map-area");
        side.getStyleClass().add("side-panel");
        side.setMinWidth(320);
        side.setPrefWidth(360);
        // On a small window with large text the panel scrolls rather than run under the buttons.
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        return new Columns(map, scroll, 24);
    }

    private static java.util.List<javafx.scene.Node> sidePanel(ChooseSeatsViewModel viewModel, ResourceBundle text, SeatSelectionViewModel model,
                                                               SeatMapViewModel seats, IntegerProperty people) {
        Label bestTitle = ScreenFrame.wrapping(new Label(text.getString("seats.best.title")));
        bestTitle.getStyleClass().add("side-title");
        int max = Math.max(1, seats.maxSeats());
        // "How many people" follows what was tapped: three seats chosen, three people.
        seats.selectedSeats().addListener((javafx.collections.ListChangeListener<String>) change -> {
            if (!seats.selectedSeats().isEmpty()) people.set(Math.min(max, seats.selectedSeats().size()));
        });
        Button fewer = new Button("−");
        fewer.setId("fewer");
        fewer.getStyleClass().add("stepper-button");
        fewer.disableProperty().bind(people.lessThanOrEqualTo(1));
        fewer.setOnAction(event -> people.set(people.get() - 1));
        Button more = new Button("+");
        more.setId("more");
        more.getStyleClass().add("stepper-button");
        more.disableProperty().bind(people.greaterThanOrEqualTo(max));
        more.setOnAction(event -> people.set(people.get() + 1));
        Label count = new Label();
        count.setId("people");
        count.getStyleClass().add("stepper-value");
        count.textProperty().bind(people.asString());
        HBox stepper = new HBox(12, fewer, count, more);
        stepper.setAlignment(Pos.CENTER_LEFT);
        Button best = new Button();
        best.setId("best-seats");
        best.getStyleClass().add("secondary-button");
        best.textProperty().bind(Bindings.createStringBinding(() -> ScreenFrame.format(text, "seats.best", people.get()), people));
        best.setMaxWidth(Double.MAX_VALUE);
        best.setWrapText(true);
        best.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        best.setMinWidth(0);
        best.setOnAction(event -> model.suggest(people.get()));

        Label chosenTitle = ScreenFrame.wrapping(new Label(text.getString("seats.chosen")));
        chosenTitle.getStyleClass().add("side-title");
        Label chosen = ScreenFrame.wrapping(new Label());
        chosen.setId("chosen-seats");
        chosen.getStyleClass().add("chosen-seats");
        chosen.textProperty().bind(Bindings.createStringBinding(() -> seats.selectedSeats().isEmpty()
                ? text.getString("seats.none") : String.join(", ", seats.selectedSeats()), seats.selectedSeats()));
        Label hint = ScreenFrame.wrapping(new Label(ScreenFrame.format(text, "seats.hint", max)));
        hint.getStyleClass().addAll("film-meta", "seat-hint");
        Label message = ScreenFrame.wrapping(new Label());
        message.setId("seat-message");
        message.getStyleClass().add("seat-message");
        message.textProperty().bind(seats.messageProperty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        // Beside the map: one column. Under the map (portrait): two columns, so the map keeps the height.
        VBox party = new VBox(20, bestTitle, stepper, best);
        VBox yours = new VBox(20, chosenTitle, chosen, message, hint);
        return java.util.List.of(new SideBySide(party, yours, 400, 32));
    }
}
