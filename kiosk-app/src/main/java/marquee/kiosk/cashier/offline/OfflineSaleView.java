package marquee.kiosk.cashier.offline;

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
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Journaled;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.seatmap.SeatMapView;
import marquee.kiosk.seatmap.SeatMapViewModel;

/**
 * The offline sale page (F6): a banner with the state and the uploads waiting, the showtimes
 * with seats set aside on the left, the hall in the middle (only those seats selectable), the
 * order with ticket types, cash and — within the floor limit — the card terminal on the right;
 * under the banner, sales the backend could not book (for a manager).
 */
public final class OfflineSaleView extends BorderPane {
    private final TextField tendered;

    public OfflineSaleView(OfflineSaleViewModel model, ResourceBundle text) {
        getStyleClass().addAll("till-sale", "till-offline");

        // ---- banner: state, uploads waiting, receipts for a manager ----
        Label status = Controls.bound("offline-status", model.statusProperty(), "offline-sale-banner");
        status.setMaxWidth(Double.MAX_VALUE);
        Label pending = Controls.bound("offline-pending", model.pendingProperty(), "till-subtitle");
        ListView<Journaled> manager = new ListView<>(model.needingManager());
        manager.setId("offline-manager");
        manager.getStyleClass().add("offline-manager");
        manager.setPrefHeight(90);
        manager.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Journaled j, boolean empty) {
                super.updateItem(j, empty);
                setText(empty || j == null ? null : model.describe(j));
            }
        });
        Button seen = Controls.button(text, "offline.manager.seen", "offline-manager-seen", "secondary-button");
        seen.setOnAction(e -> model.acknowledge(manager.getSelectionModel().getSelectedItem()));
        Button again = Controls.button(text, "offline.manager.again", "offline-manager-again", "secondary-button");
        again.setOnAction(e -> model.uploadAgain(manager.getSelectionModel().getSelectedItem()));
        VBox managerButtons = new VBox(8, seen, again);
        HBox managerRow = new HBox(10, manager, managerButtons);
        HBox.setHgrow(manager, Priority.ALWAYS);
        Label managerTitle = Controls.text(text.getString("offline.manager.title"), "error");
        VBox managerBox = new VBox(6, managerTitle, managerRow);
        managerBox.visibleProperty().bind(Bindings.isNotEmpty(model.needingManager()));
        managerBox.managedProperty().bind(managerBox.visibleProperty());
        VBox top = new VBox(8, status, managerBox);
        top.getStyleClass().add("till-column");
        setTop(top);

        // ---- showtimes with seats set aside ----
        ListView<Allocation> list = new ListView<>(model.allocations());
        list.setId("offline-showtimes");
        list.getStyleClass().add("showtime-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Allocation a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : model.describe(a));
                setWrapText(true);
                setPrefWidth(0);
            }
        });
        list.setOnMouseClicked(e -> model.choose(list.getSelectionModel().getSelectedItem()));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) model.choose(list.getSelectionModel().getSelectedItem());
        });
        list.setPlaceholder(Controls.text(text.getString("offline.showtimes.none"), "till-muted"));
        VBox.setVgrow(list, Priority.ALWAYS);
        pending.setWrapText(true);
        VBox left = new VBox(10, pending, Controls.text(text.getString("offline.showtimes"), "field-label"), list);
        left.getStyleClass().add("till-column");
        left.setPrefWidth(380);
        setLeft(left);

        // ---- the hall ----
        BorderPane map = new BorderPane();
        map.getStyleClass().add("till-map");
        Label pick = Controls.text(text.getString("offline.pick"), "till-muted");
        pick.setWrapText(true);
        map.setCenter(pick);
        Label showTitle = new Label();
        showTitle.setId("offline-showtime");
        showTitle.getStyleClass().add("till-subtitle");
        showTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            Allocation a = model.allocationProperty().get();
            return a == null ? "" : a.movieTitle() + "  ·  " + a.hallName();
        }, model.allocationProperty()));
        map.setTop(showTitle);
        model.seatMapProperty().addListener((p, o, seats) -> SeatMapView.showForPointerIn(map, pick, seats, "offline-seat-map"));
        setCenter(map);

        // ---- order and payment ----
        VBox lines = new VBox(8);
        lines.setId("offline-lines");
        model.lines().addListener((ListChangeListener<OfflineSaleViewModel.Line>) c -> fillLines(lines, model, text));
        Label total = new Label();
        total.setId("offline-total");
        total.getStyleClass().add("till-total");
        total.textProperty().bind(Bindings.createStringBinding(() -> model.totalProperty().get().isEmpty() ? ""
                : text.getString("sale.total") + "  " + model.totalProperty().get(), model.totalProperty()));
        tendered = Controls.field("offline-tendered", text.getString("sale.tendered.prompt"));
        tendered.textProperty().bindBidirectional(model.tenderedProperty());
        tendered.setOnAction(e -> model.payCash());
        Label change = new Label();
        change.setId("offline-change-due");
        change.getStyleClass().add("change-due");
        change.textProperty().bind(Bindings.createStringBinding(() -> {
            var done = model.completedProperty().get();
            if (done != null && !done.changeDue().isEmpty()) return done.changeDue();
            return model.changeDueBinding().get();
        }, model.changeDueBinding(), model.completedProperty()));
        Button cash = Controls.button(text, "offline.pay.cash", "offline-pay-cash", "primary-button");
        cash.setOnAction(e -> model.payCash());
        cash.disableProperty().bind(model.canPay().not());
        tendered.disableProperty().bind(model.canPay().not());
        VBox card = new VBox(6);
        if (model.hasCardTerminal()) {
            Button atTerminal = Controls.button(text, "sale.terminal.pay", "offline-pay-terminal", "card-button");
            atTerminal.setOnAction(e -> model.payAtTerminal());
            atTerminal.disableProperty().bind(model.canPay().not().or(model.cardAllowedProperty().not()));
            card.getChildren().addAll(atTerminal, Controls.bound("offline-terminal-text", model.terminalTextProperty(), "till-muted"));
        }
        Label cardRule = Controls.text(text.getString(model.hasCardTerminal() ? "offline.card.rule" : "offline.card.none"), "till-muted");
        cardRule.setWrapText(true);
        card.getChildren().add(cardRule);
        Button cancel = Controls.button(text, "sale.cancel", "offline-cancel", "secondary-button");
        cancel.setOnAction(e -> model.cancelSale());
        Button next = Controls.button(text, "sale.next", "offline-new-sale", "secondary-button");
        next.setOnAction(e -> model.newSale());
        Label done = Controls.bound("offline-message", model.messageProperty(), "till-ok");
        Label error = Controls.bound("offline-error", model.errorProperty(), "error");
        VBox orderLines = new VBox(12, Controls.text(text.getString("sale.order"), "till-subtitle"), done, error, lines);
        orderLines.getStyleClass().add("till-column");
        javafx.scene.control.ScrollPane order = new javafx.scene.control.ScrollPane(orderLines);
        order.setFitToWidth(true);
        order.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        order.getStyleClass().add("order-scroll");
        // Tendered and change side by side, so the order above keeps the height for its tickets at 1280x800.
        VBox changeBox = new VBox(4, Controls.text(text.getString("sale.change"), "field-label"), change);
        VBox tenderedBox = Controls.labelled(text, "sale.tendered", tendered);
        HBox.setHgrow(tenderedBox, Priority.ALWAYS);
        tenderedBox.setMinWidth(160);
        change.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        changeBox.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox money = new HBox(16, tenderedBox, changeBox);
        VBox pay = new VBox(8, total, money, cash, card, new HBox(10, cancel, next));
        pay.getStyleClass().addAll("till-column", "pay-column");
        BorderPane right = new BorderPane(order);
        right.setBottom(pay);
        right.setPrefWidth(480);
        setRight(right);
        // Portrait (a till screen turned upright): the order goes under the hall, the showtimes get narrower.
        widthProperty().addListener((p, o, w) -> {
            boolean portrait = w.doubleValue() > 0 && w.doubleValue() < 1200;
            if (portrait && getRight() == right) {
                setRight(null);
                VBox.setVgrow(map, Priority.ALWAYS);
                right.setPrefWidth(Region.USE_COMPUTED_SIZE);
                right.setMaxHeight(Region.USE_PREF_SIZE);
                order.setMinHeight(220);
                setCenter(new VBox(8, map, right));
                left.setPrefWidth(300);
            } else if (!portrait && getRight() == null) {
                setCenter(map);
                right.setPrefWidth(480);
                right.setMaxHeight(Double.MAX_VALUE);
                order.setMinHeight(Region.USE_COMPUTED_SIZE);
                setRight(right);
                left.setPrefWidth(380);
            }
        });

        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancelSale();
                e.consume();
            } else if (e.getCode() == KeyCode.F9) {
                model.newSale();
                e.consume();
            }
        });
    }

    private static void fillLines(VBox lines, OfflineSaleViewModel model, ResourceBundle text) {
        lines.getChildren().clear();
        for (OfflineSaleViewModel.Line line : model.lines()) {
            Label seat = new Label(line.label() + "  " + line.price());
            seat.getStyleClass().add("order-seat");
            ToggleGroup group = new ToggleGroup();
            HBox types = new HBox(6);
            types.setAlignment(Pos.CENTER_LEFT);
            for (TicketType type : TicketType.values()) {
                ToggleButton b = new ToggleButton(text.getString("type." + type.name()));
                b.setId("offline-type-" + line.seatId() + "-" + type.name());
                b.getStyleClass().add("type-toggle");
                b.setToggleGroup(group);
                b.setSelected(type == line.type());
                b.setOnAction(e -> {
                    b.setSelected(true);
                    if (type != line.type()) model.setTicketType(line.seatId(), type);
                });
                b.disableProperty().bind(model.busyProperty());
                types.getChildren().add(b);
            }
            lines.getChildren().add(new VBox(4, seat, types));
        }
    }

    public void focus() {
        Controls.focusWhenShown(tendered);
    }
}
