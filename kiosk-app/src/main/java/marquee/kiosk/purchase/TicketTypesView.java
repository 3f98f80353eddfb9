package marquee.kiosk.purchase;

import java.util.Locale;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.ui.Columns;
import marquee.kiosk.ui.ScreenFrame;

/**
 * A ticket type for each held seat (only the types this showtime sells for the seat's
 * category), the price summary the server computed, and how long the seats stay held.
 */
public final class TicketTypesView extends ScreenFrame {
    public TicketTypesView(CheckoutViewModel viewModel, ResourceBundle text) {
        this(viewModel, text, new VBox(14), new VBox(10));
    }

    private TicketTypesView(CheckoutViewModel viewModel, ResourceBundle text, VBox lines, VBox summary) {
        super(viewModel, text, text.getString("tickets.title"), layout(lines, summary));
        getStyleClass().add("ticket-types");
        PurchaseSession session = viewModel.sessionProperty().get();
        var pay = primary(text.getString("tickets.pay"), "to-payment");
        pay.setOnAction(event -> viewModel.continueToPayment());
        withActions(countdown(session, text), pay);
        if (session == null) return;
        pay.disableProperty().bind(session.holdProperty().isNull().or(session.busyProperty()));
        Runnable fill = () -> {
            Hold hold = session.holdProperty().get();
            SeatMap map = session.seatMapProperty().get();
            if (hold == null || map == null) return;
            lines.getChildren().setAll(hold.lines().stream().map(line -> lineRow(viewModel, text, map, line)).toList());
            summary.getChildren().setAll(summary(text, hold));
        };
        session.holdProperty().addListener((property, old, hold) -> fill.run());
        fill.run();
    }

    private static Columns layout(VBox lines, VBox summary) {
        ScrollPane scroll = new ScrollPane(lines);
        scroll.setFitToWidth(true);
        scroll.setPannable(true);
        scroll.getStyleClass().add("ticket-lines");
        summary.getStyleClass().add("price-summary");
        summary.setMinWidth(300);
        return new Columns(scroll, summary, 32);
    }

    private static Node lineRow(CheckoutViewModel viewModel, ResourceBundle text, SeatMap map, HoldLine line) {
        Label seat = ScreenFrame.wrapping(new Label(ScreenFrame.format(text, "tickets.seat", line.row(), line.number())));
        seat.getStyleClass().add("ticket-seat");
        Label category = ScreenFrame.wrapping(new Label(text.getString("category." + line.category().name())));
        category.getStyleClass().add("film-meta");
        HBox where = new HBox(16, seat, category);
        where.setAlignment(Pos.BASELINE_LEFT);
        // The types wrap onto a second row rather than hide behind a sideways scroll bar.
        javafx.scene.layout.TilePane types = new javafx.scene.layout.TilePane(10, 10);
        types.getStyleClass().add("ticket-type-buttons");
        types.setPrefColumns(4);
        ToggleGroup group = new ToggleGroup();
        Locale locale = text.getLocale();
        for (TicketType type : TicketType.values()) {
            var price = map.prices().price(line.category(), type);
            if (price.isEmpty()) continue;
            ToggleButton button = new ToggleButton(text.getString("type." + type.name()) + "\n" + price.get().format(locale));
            button.setId("type-" + line.seatId() + "-" + type.name());
            button.getStyleClass().add("type-button");
            button.setToggleGroup(group);
            button.setSelected(type == line.ticketType());
            button.setMaxWidth(Double.MAX_VALUE);
            button.setOnAction(event -> {
                button.setSelected(true);
                viewModel.changeTicketType(line.seatId(), type);
            });
            types.getChildren().add(button);
        }
        VBox row = new VBox(12, where, types);
        row.getStyleClass().add("ticket-line");
        return row;
    }

    private static java.util.List<Node> summary(ResourceBundle text, Hold hold) {
        Locale locale = text.getLocale();
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(8);
        int r = 0;
        for (HoldLine line : hold.lines()) {
            grid.addRow(r++, ScreenFrame.wrapping(new Label(ScreenFrame.format(text, "tickets.summary.line", line.row(), line.number(),
                    text.getString("type." + line.ticketType().name())))), amount(line.price().format(locale)));
        }
        grid.addRow(r++, ScreenFrame.wrapping(new Label(text.getString("tickets.fee"))), amount(hold.bookingFee().format(locale)));
        Label total = new Label(text.getString("tickets.total"));
        total.getStyleClass().add("total");
        Label sum = amount(hold.total().format(locale));
        sum.setId("total");
        sum.getStyleClass().add("total");
        grid.addRow(r, total, sum);
        Label heading = new Label(text.getString("tickets.summary"));
        heading.getStyleClass().add("side-title");
        return java.util.List.of(heading, grid);
    }

    private static Label amount(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("amount");
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    /** "Your seats are held for 7:43", turning urgent in the last minute. */
    static Node countdown(PurchaseSession session, ResourceBundle text) {
        Label label = new Label();
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.setId("countdown");
        label.getStyleClass().add("countdown");
        if (session == null) return label;
        label.textProperty().bind(Bindings.createStringBinding(() -> {
            int left = session.secondsLeftProperty().get();
            return left <= 0 ? "" : ScreenFrame.format(text, "tickets.countdown", String.format("%d:%02d", left / 60, left % 60));
        }, session.secondsLeftProperty()));
        session.secondsLeftProperty().addListener((property, old, left) ->
                label.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("urgent"), left.intValue() > 0 && left.intValue() <= 60));
        return label;
    }
}
