package marquee.kiosk.cashier.sale;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;
import marquee.kiosk.payment.PaymentTerminal;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.seatmap.SeatMapView;
import marquee.kiosk.seatmap.SeatMapViewModel;

/**
 * The counter sale in three columns: showtimes (type to filter, Enter takes the first), the live
 * seat map, and the order with ticket types, cash (tendered, Enter pays, change shown big) or card.
 */
public final class SaleView extends BorderPane {
    private final TextField filter;
    private final TextField tendered;

    public SaleView(SaleViewModel model, ResourceBundle text) {
        getStyleClass().add("till-sale");
        // ---- showtimes ----
        filter = Controls.field("showtime-filter", text.getString("sale.filter.prompt"));
        filter.textProperty().bindBidirectional(model.filterProperty());
        ListView<ShowtimeInfo> list = new ListView<>(model.showtimes());
        list.setId("showtimes");
        list.getStyleClass().add("showtime-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ShowtimeInfo s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : model.time(s) + "  " + s.movieTitle() + "\n      " + s.hallName() + " · " + s.format());
            }
        });
        filter.setOnAction(e -> {
            model.chooseFirstMatch();
            list.getSelectionModel().selectFirst();
        });
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN) {
                list.requestFocus();
                list.getSelectionModel().selectFirst();
            }
        });
        list.setOnMouseClicked(e -> model.choose(list.getSelectionModel().getSelectedItem()));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) model.choose(list.getSelectionModel().getSelectedItem());
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox left = new VBox(10, Controls.labelled(text, "sale.filter", filter), list);
        left.getStyleClass().add("till-column");
        left.setPrefWidth(380);
        setLeft(left);

        // ---- seat map ----
        BorderPane map = new BorderPane();
        map.getStyleClass().add("till-map");
        Label pick = Controls.text(text.getString("sale.pick.showtime"), "till-muted");
        map.setCenter(pick);
        Label showTitle = new Label();
        showTitle.setId("sale-showtime");
        showTitle.getStyleClass().add("till-subtitle");
        showTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            ShowtimeInfo s = model.showtimeProperty().get();
            return s == null ? "" : model.time(s) + "  " + s.movieTitle() + "  ·  " + s.hallName();
        }, model.showtimeProperty()));
        map.setTop(showTitle);
        model.seatMapProperty().addListener((p, o, seats) -> SeatMapView.showForPointerIn(map, pick, seats, "seat-map"));
        setCenter(map);

        // ---- order ----
        Button fewer = new Button("−");
        fewer.setId("fewer");
        fewer.setOnAction(e -> model.partyProperty().set(Math.max(1, model.partyProperty().get() - 1)));
        Button more = new Button("+");
        more.setId("more");
        more.setOnAction(e -> model.partyProperty().set(Math.min(10, model.partyProperty().get() + 1)));
        Label party = new Label();
        party.setId("party");
        party.getStyleClass().add("till-amount");
        party.textProperty().bind(model.partyProperty().asString());
        Button best = Controls.button(text, "sale.best", "best-seats", "secondary-button");
        best.setOnAction(e -> model.bestSeats());
        Button hold = Controls.button(text, "sale.hold", "hold-seats", "primary-button");
        hold.setOnAction(e -> model.holdSeats());
        hold.disableProperty().bind(model.busyProperty().or(model.holdProperty().isNotNull()).or(model.seatMapProperty().isNull()));
        best.disableProperty().bind(model.holdProperty().isNotNull().or(model.seatMapProperty().isNull()));
        HBox partyRow = new HBox(8, fewer, party, more, best);
        partyRow.setAlignment(Pos.CENTER_LEFT);

        VBox lines = new VBox(8);
        lines.setId("order-lines");
        model.lines().addListener((ListChangeListener<HoldLine>) c -> fillLines(lines, model, text));
        Label total = new Label();
        total.setId("total");
        total.getStyleClass().add("till-total");
        total.textProperty().bind(Bindings.createStringBinding(() -> model.totalProperty().get().isEmpty() ? ""
                : text.getString("sale.total") + "  " + model.totalProperty().get(), model.totalProperty()));

        tendered = Controls.field("tendered", text.getString("sale.tendered.prompt"));
        tendered.textProperty().bindBidirectional(model.tenderedProperty());
        tendered.setOnAction(e -> model.payCash());
        Label change = new Label();
        change.setId("change-due");
        change.getStyleClass().add("change-due");
        change.textProperty().bind(Bindings.createStringBinding(() -> {
            var done = model.completedProperty().get();
            if (done != null && done.changeDue() != null) return done.changeDue().format(text.getLocale());
            return model.changeDueBinding().get();
        }, model.changeDueBinding(), model.completedProperty()));
        Label changeTitle = Controls.text(text.getString("sale.change"), "field-label");
        Button cash = Controls.button(text, "sale.pay.cash", "pay-cash", "primary-button");
        cash.setOnAction(e -> model.payCash());
        FlowPane cards = new FlowPane(8, 8);
        if (model.hasCardTerminal()) {
            // A real card terminal at this till (issue 16): no test cards.
            Button atTerminal = Controls.button(text, "sale.terminal.pay", "pay-terminal", "card-button");
            atTerminal.setOnAction(e -> model.payAtTerminal());
            atTerminal.disableProperty().bind(model.busyProperty().or(model.holdProperty().isNull()));
            Button abortTerminal = Controls.button(text, "sale.terminal.abort", "abort-terminal", "secondary-button");
            abortTerminal.setOnAction(e -> model.abortAtTerminal());
            abortTerminal.visibleProperty().bind(model.busyProperty());
            cards.getChildren().addAll(atTerminal, abortTerminal, Controls.bound("terminal-text", model.terminalTextProperty(), "till-muted"));
        }
        for (PaymentTerminal.Card card : model.hasCardTerminal() ? java.util.List.<PaymentTerminal.Card>of() : model.testCards()) {
            Button b = new Button(text.getString("card." + card.labelKey().substring("terminal.card.".length())));
            b.setId("card-" + card.last4());
            b.getStyleClass().add("card-button");
            b.setOnAction(e -> model.payCard(card));
            b.disableProperty().bind(model.busyProperty().or(model.holdProperty().isNull()));
            cards.getChildren().add(b);
        }
        cash.disableProperty().bind(model.busyProperty().or(model.holdProperty().isNull()));
        tendered.disableProperty().bind(model.holdProperty().isNull());
        Button cancel = Controls.button(text, "sale.cancel", "cancel-sale", "secondary-button");
        cancel.setOnAction(e -> model.cancelSale());
        Button next = Controls.button(text, "sale.next", "new-sale", "secondary-button");
        next.setOnAction(e -> model.newSale());
        // Messages first: a refusal ("no money was taken") must never be pushed out of sight by a long order.
        VBox orderLines = new VBox(12, Controls.text(text.getString("sale.order"), "till-subtitle"),
                Controls.bound("sale-message", model.messageProperty(), "till-ok"),
                Controls.bound("sale-error", model.errorProperty(), "error"), partyRow, hold, lines,
                Controls.bound("booking-fee", model.feeProperty(), "order-seat"));
        orderLines.getStyleClass().add("till-column");
        // A long order scrolls; the total and the ways to pay stay where they are, with 4 tickets or 10.
        javafx.scene.control.ScrollPane order = new javafx.scene.control.ScrollPane(orderLines);
        order.setFitToWidth(true);
        order.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        order.getStyleClass().add("order-scroll");
        Label countdown = holdCountdown(model, text);
        Label holdUntil = Controls.bound("hold-until", model.holdUntilProperty(), "till-muted");
        // Nothing to show, no room taken: at 1280×800 the empty lines left the order two lines high.
        for (Label line : java.util.List.of(total, countdown, holdUntil)) {
            line.managedProperty().bind(line.textProperty().isNotEmpty());
            line.visibleProperty().bind(line.managedProperty());
        }
        // Tendered and change side by side (as on the offline page), so the order keeps its height at 1280x800.
        VBox changeBox = new VBox(4, changeTitle, change);
        var paying = model.holdProperty().isNotNull().or(model.completedProperty().isNotNull());
        changeBox.managedProperty().bind(paying);
        changeBox.visibleProperty().bind(paying);
        VBox tenderedBox = Controls.labelled(text, "sale.tendered", tendered);
        HBox.setHgrow(tenderedBox, javafx.scene.layout.Priority.ALWAYS);
        tenderedBox.setMinWidth(160);
        change.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        changeBox.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox pay = new VBox(8, total, countdown, holdUntil, new HBox(16, tenderedBox, changeBox), cash,
                Controls.text(text.getString("sale.card"), "field-label"), cards, new HBox(10, cancel, next));
        pay.getStyleClass().addAll("till-column", "pay-column");
        BorderPane right = new BorderPane(order);
        right.setBottom(pay);
        right.setPrefWidth(480);
        setRight(right);

        // Focus follows the sale: after the hold the tendered field, after the sale the filter.
        model.holdProperty().addListener((p, o, h) -> {
            if (h != null && o == null) javafx.application.Platform.runLater(tendered::requestFocus);
        });
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancelSale();
                e.consume();
            } else if (e.getCode() == KeyCode.F8) {
                model.holdSeats();
                e.consume();
            } else if (e.getCode() == KeyCode.F9) {
                model.newSale();
                e.consume();
            }
        });
    }

    private static void fillLines(VBox lines, SaleViewModel model, ResourceBundle text) {
        lines.getChildren().clear();
        for (HoldLine line : model.lines()) {
            Label seat = new Label(line.row() + line.number() + "  " + text.getString("category." + line.category().name())
                    + "  " + line.price().format(text.getLocale()));
            seat.getStyleClass().add("order-seat");
            ToggleGroup group = new ToggleGroup();
            HBox types = new HBox(6);
            for (TicketType type : TicketType.values()) {
                ToggleButton b = new ToggleButton(text.getString("type." + type.name()));
                b.setId("type-" + line.seatId() + "-" + type.name());
                b.getStyleClass().add("type-toggle");
                b.setToggleGroup(group);
                b.setSelected(type == line.ticketType());
                b.setOnAction(e -> {
                    b.setSelected(true);
                    if (type != line.ticketType()) model.setTicketType(line.seatId(), type);
                });
                b.disableProperty().bind(model.busyProperty());
                types.getChildren().add(b);
            }
            lines.getChildren().add(new VBox(4, seat, types));
        }
    }

    public void focusFilter() {
        Controls.focusWhenShown(filter);
    }

    /** "Seats held for 7:43", every second; urgent in the last minute, gone when nothing is held. */
    private static Label holdCountdown(SaleViewModel model, ResourceBundle text) {
        Label label = new Label();
        label.setId("hold-countdown");
        label.getStyleClass().add("till-muted");
        javafx.css.PseudoClass urgent = javafx.css.PseudoClass.getPseudoClass("urgent");
        Runnable tick = () -> {
            var held = model.holdProperty().get();
            if (held == null || held.expiresAt() == null || model.completedProperty().get() != null) {
                label.setText("");
                label.pseudoClassStateChanged(urgent, false);
                return;
            }
            long left = Math.max(0, java.time.Duration.between(java.time.Instant.now(), held.expiresAt()).getSeconds());
            label.setText(java.text.MessageFormat.format(text.getString("sale.hold.countdown"), String.format("%d:%02d", left / 60, left % 60)));
            label.pseudoClassStateChanged(urgent, left <= 60);
        };
        javafx.animation.Timeline timer = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1), e -> tick.run()));
        timer.setCycleCount(javafx.animation.Animation.INDEFINITE);
        model.holdProperty().addListener((p, o, n) -> tick.run());
        model.completedProperty().addListener((p, o, n) -> tick.run());
        label.sceneProperty().addListener((p, o, scene) -> {
            if (scene == null) timer.stop();
            else timer.play();
        });
        tick.run();
        return label;
    }
}
