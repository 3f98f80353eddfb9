package marquee.kiosk.offlinesale;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.seatmap.SeatLegendView;
import marquee.kiosk.seatmap.SeatMapView;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.ui.Columns;
import marquee.kiosk.ui.ScreenFrame;

/**
 * The kiosk's offline sale: a banner that says the kiosk sells offline (card only, a limited
 * choice), then the showtimes with seats set aside, the hall with only those seats free, the
 * ticket types and total beside it, "Pay by card", and the booking code once the tickets print.
 */
public final class OfflineSaleView extends ScreenFrame {
    public OfflineSaleView(OfflineSaleViewModel viewModel, ResourceBundle text) {
        this(viewModel, text, new StackPane());
    }

    private OfflineSaleView(OfflineSaleViewModel viewModel, ResourceBundle text, StackPane body) {
        super(viewModel, text, text.getString("offline.title"), text.getString("offline.subtitle"), wrap(text, body));
        getStyleClass().add("offline-sale");
        // "Pay by card" sits in the action bar, always in view (the side panel may scroll on a small screen).
        Button pay = ScreenFrame.primary(text.getString("offline.pay"), "offline-pay");
        pay.disableProperty().bind(viewModel.totalMoneyProperty().isNull().or(viewModel.busyProperty()));
        pay.visibleProperty().bind(viewModel.stepProperty().isEqualTo(OfflineSaleViewModel.Step.SEATS)
                .or(viewModel.stepProperty().isEqualTo(OfflineSaleViewModel.Step.PAYING)));
        pay.managedProperty().bind(pay.visibleProperty());
        pay.setOnAction(e -> viewModel.payByCard());
        withActions(pay);
        Runnable show = () -> body.getChildren().setAll(switch (viewModel.stepProperty().get()) {
            case SHOWTIMES -> showtimes(viewModel, text);
            case SEATS, PAYING -> seats(viewModel, text);
            case DONE -> done(viewModel, text);
        });
        viewModel.stepProperty().addListener((p, was, now) -> {
            // PAYING keeps the seat screen (its buttons disable); the others rebuild.
            if (!(was == OfflineSaleViewModel.Step.SEATS && now == OfflineSaleViewModel.Step.PAYING)
                    && !(was == OfflineSaleViewModel.Step.PAYING && now == OfflineSaleViewModel.Step.SEATS)) show.run();
        });
        show.run();
    }

    private static Node wrap(ResourceBundle text, StackPane body) {
        Label banner = ScreenFrame.wrapping(new Label(text.getString("offline.banner")));
        banner.setId("offline-banner");
        banner.getStyleClass().add("offline-banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        BorderPane pane = new BorderPane(body);
        pane.setTop(banner);
        BorderPane.setMargin(banner, new javafx.geometry.Insets(0, 0, 16, 0));
        return pane;
    }

    private static Node showtimes(OfflineSaleViewModel viewModel, ResourceBundle text) {
        VBox list = new VBox(16);
        list.setId("offline-showtimes");
        Runnable fill = () -> {
            list.getChildren().clear();
            int i = 0;
            for (Allocation a : viewModel.allocations()) {
                Button b = new Button(viewModel.describe(a));
                b.setId("offline-showtime-" + i++);
                b.getStyleClass().add("showtime-button");
                b.setMaxWidth(Double.MAX_VALUE);
                b.setWrapText(true);
                b.setOnAction(e -> viewModel.choose(a));
                list.getChildren().add(b);
            }
            if (list.getChildren().isEmpty()) {
                Label none = ScreenFrame.wrapping(new Label(text.getString("offline.none")));
                none.getStyleClass().add("instructions");
                list.getChildren().add(none);
            }
        };
        viewModel.allocations().addListener((javafx.collections.ListChangeListener<Allocation>) c -> fill.run());
        fill.run();
        Label pick = ScreenFrame.wrapping(new Label(text.getString("offline.pick")));
        pick.getStyleClass().add("instructions");
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("side-scroll");
        VBox box = new VBox(20, pick, scroll);
        box.setMaxWidth(1100);
        return box;
    }

    private static Node seats(OfflineSaleViewModel viewModel, ResourceBundle text) {
        SeatMapViewModel map = viewModel.seatMapProperty().get();
        BorderPane mapArea = new BorderPane();
        mapArea.getStyleClass().add("seat-map-area");
        if (map != null) {
            SeatMapView view = new SeatMapView(map);
            view.setId("seat-map");
            view.setParty(1);
            mapArea.setCenter(view);
            mapArea.setBottom(new SeatLegendView(map));
        }
        VBox side = new VBox(16);
        side.getStyleClass().add("side-panel");
        side.setMinWidth(320);
        side.setPrefWidth(380);
        Allocation a = viewModel.allocationProperty().get();
        Label what = ScreenFrame.wrapping(new Label(a == null ? "" : viewModel.describe(a)));
        what.getStyleClass().add("side-title");
        VBox lines = new VBox(12);
        lines.setId("offline-lines");
        Runnable fill = () -> {
            lines.getChildren().clear();
            for (OfflineSaleViewModel.Line line : viewModel.lines()) {
                Label seat = new Label(line.label() + "   " + line.price());
                seat.getStyleClass().add("film-meta");
                FlowPane kinds = new FlowPane(8, 8);
                for (TicketType type : line.types()) {
                    ToggleButton b = new ToggleButton(ScreenFrame.translated(text, "type." + type.name(), type.name()));
                    b.setId("offline-type-" + line.seatId() + "-" + type.name());
                    b.setSelected(type == line.type());
                    b.setOnAction(e -> viewModel.setTicketType(line.seatId(), type));
                    kinds.getChildren().add(b);
                }
                lines.getChildren().add(new VBox(6, seat, kinds));
            }
        };
        viewModel.lines().addListener((javafx.collections.ListChangeListener<OfflineSaleViewModel.Line>) c -> fill.run());
        fill.run();
        Label total = new Label();
        total.setId("offline-total");
        total.getStyleClass().add("side-title");
        total.textProperty().bind(Bindings.createStringBinding(() -> viewModel.totalProperty().get().isEmpty() ? ""
                : ScreenFrame.format(text, "offline.total", viewModel.totalProperty().get()), viewModel.totalProperty()));
        Label rule = ScreenFrame.wrapping(new Label());
        rule.setId("offline-card-rule");
        rule.getStyleClass().add("film-meta");
        rule.textProperty().bind(viewModel.limitTextProperty());
        Label problem = ScreenFrame.wrapping(new Label());
        problem.setId("offline-problem");
        problem.getStyleClass().add("error");
        problem.textProperty().bind(viewModel.problemProperty());
        Label terminal = ScreenFrame.wrapping(new Label());
        terminal.setId("offline-terminal-text");
        terminal.getStyleClass().add("instructions");
        terminal.textProperty().bind(viewModel.terminalTextProperty());
        // Empty messages take no room.
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        terminal.managedProperty().bind(terminal.textProperty().isNotEmpty());
        side.getChildren().addAll(what, problem, terminal, total, rule, lines);
        ScrollPane scroll = new ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        return new Columns(mapArea, scroll, 24);
    }

    private static Node done(OfflineSaleViewModel viewModel, ResourceBundle text) {
        OfflineSaleViewModel.Done sale = viewModel.doneProperty().get();
        Label thanks = ScreenFrame.wrapping(new Label(text.getString(sale != null && sale.printed() ? "offline.done" : "offline.done.noprint")));
        thanks.getStyleClass().add("heading");
        Label code = new Label(sale == null ? "" : ScreenFrame.format(text, "offline.code", sale.bookingCode(), sale.total()));
        code.setId("offline-code");
        code.getStyleClass().add("instructions");
        Label note = ScreenFrame.wrapping(new Label(text.getString("offline.done.note")));
        note.getStyleClass().add("film-meta");
        Button finish = ScreenFrame.primary(text.getString("success.done"), "offline-finish");
        finish.setOnAction(e -> viewModel.startOver());
        VBox box = new VBox(24, thanks, code, note, new HBox(finish));
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMaxWidth(1100);
        return box;
    }
}
