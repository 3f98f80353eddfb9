package marquee.kiosk.cashier;

import java.util.ResourceBundle;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import marquee.kiosk.cashier.login.LoginView;
import marquee.kiosk.cashier.override.OverrideView;
import marquee.kiosk.cashier.pickup.CounterPickupView;
import marquee.kiosk.cashier.sale.SaleView;
import marquee.kiosk.cashier.shift.CashDropView;
import marquee.kiosk.cashier.shift.CloseShiftView;
import marquee.kiosk.cashier.shift.OpenShiftView;
import marquee.kiosk.cashier.shift.ShiftReportView;
import marquee.kiosk.cashier.shift.ShiftView;
import marquee.kiosk.cashier.support.BookingSupportView;

/**
 * The till's window: a header (cinema, station, who, shift, printer), the current screen, and the
 * dialogs over it. F2 sale, F3 pickup, F4 refunds and reprints, F5 shift.
 */
public final class CashierView extends StackPane {
    public CashierView(CashierViewModel model) {
        ResourceBundle text = model.context().text();
        getStyleClass().addAll("kiosk", "till");
        BorderPane frame = new BorderPane();

        Label header = Controls.bound("till-header", model.headerProperty(), "till-header");
        Label printer = Controls.bound("printer-state", model.printerStateProperty(), "till-muted");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        // The who-and-where line and the sign-out button keep their size; a long printer state gives way.
        header.setWrapText(false);
        header.setMinWidth(Region.USE_PREF_SIZE);
        // A portrait till (1080 wide): the who-and-where line wraps instead of pushing the window wider.
        widthProperty().addListener((p, o, w) -> {
            boolean narrow = w.doubleValue() > 0 && w.doubleValue() < 1200;
            header.setWrapText(narrow);
            header.setMinWidth(narrow ? 0 : Region.USE_PREF_SIZE);
            header.setMinHeight(narrow ? Region.USE_PREF_SIZE : Region.USE_COMPUTED_SIZE);
        });
        printer.setWrapText(false);
        printer.setMinHeight(Region.USE_COMPUTED_SIZE);
        printer.setMaxWidth(640);
        Button signOut = Controls.button(text, "signout", "sign-out", "secondary-button");
        signOut.setMinWidth(Region.USE_PREF_SIZE);
        signOut.setOnAction(e -> model.signOut());
        signOut.visibleProperty().bind(model.headerProperty().isNotEmpty());
        // Never the keyboard's target: an Enter meant for a field must not sign the cashier out.
        signOut.setFocusTraversable(false);
        HBox top = new HBox(24, header, gap, printer, signOut);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("top-bar");
        Label offline = Controls.bound("offline-banner", model.offlineBannerProperty(), "offline-banner");
        offline.setMaxWidth(Double.MAX_VALUE);
        offline.visibleProperty().bind(model.offlineBannerProperty().isNotEmpty());
        offline.managedProperty().bind(offline.visibleProperty());
        frame.setTop(new javafx.scene.layout.VBox(top, offline));

        LoginView login = new LoginView(model.login(), text);
        OpenShiftView openShift = new OpenShiftView(model.shift(), text);
        SaleView sale = new SaleView(model.sale(), text);
        CounterPickupView pickup = new CounterPickupView(model.pickup(), text);
        BookingSupportView support = new BookingSupportView(model.support(), text);
        ShiftView shift = new ShiftView(model.shift(), text, model.context()::zone);
        ShiftReportView report = new ShiftReportView(model.shift(), text, model::signOut);
        marquee.kiosk.cashier.offline.OfflineSaleView offlineSale = new marquee.kiosk.cashier.offline.OfflineSaleView(model.offline(), text);

        TabPane desk = new TabPane(tab(text, "tab.sale", "tab-sale", sale), tab(text, "tab.pickup", "tab-pickup", pickup),
                tab(text, "tab.support", "tab-support", support), tab(text, "tab.shift", "tab-shift", shift));
        // Offline sale (F6): only on a till that has offline selling.
        if (model.offline().available()) {
            Tab offlineTab = tab(text, "tab.offline", "tab-offline", offlineSale);
            // How many offline sales wait for upload, on the tab every page of the desk shows.
            Label pendingUploads = Controls.bound("offline-pending-header", model.offline().pendingBadgeProperty(), "offline-pending");
            pendingUploads.visibleProperty().bind(model.offline().pendingBadgeProperty().isNotEmpty());
            pendingUploads.managedProperty().bind(pendingUploads.visibleProperty());
            offlineTab.setGraphic(pendingUploads);
            desk.getTabs().add(offlineTab);
        }
        desk.setId("desk");
        desk.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        desk.getSelectionModel().selectedIndexProperty().addListener((p, o, i) ->
                model.show(CashierViewModel.Desk.values()[i.intValue()]));
        model.deskProperty().addListener((p, o, which) -> {
            desk.getSelectionModel().select(which.ordinal());
            Platform.runLater(() -> {
                switch (which) {
                    case SALE -> sale.focusFilter();
                    case PICKUP -> pickup.focus();
                    case SUPPORT -> support.focus();
                    case OFFLINE -> offlineSale.focus();
                    default -> { }
                }
            });
        });

        Runnable showScreen = () -> {
            Node current = switch (model.screenProperty().get()) {
                case LOGIN -> login;
                case OPEN_SHIFT -> openShift;
                case DESK -> desk;
                case REPORT -> report;
            };
            frame.setCenter(current);
            if (current == login) Platform.runLater(login::focus);
            if (current == desk) sale.focusFilter();
        };
        model.screenProperty().addListener((p, o, n) -> showScreen.run());
        showScreen.run();

        getChildren().addAll(frame, busyMask(model, text), new CashDropView(model.shift(), text), new CloseShiftView(model.shift(), text),
                new OverrideView(model.override(), text));
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            CashierViewModel.Desk target = switch (e.getCode()) {
                case F2 -> CashierViewModel.Desk.SALE;
                case F3 -> CashierViewModel.Desk.PICKUP;
                case F4 -> CashierViewModel.Desk.SUPPORT;
                case F5 -> CashierViewModel.Desk.SHIFT;
                case F6 -> model.offline().available() ? CashierViewModel.Desk.OFFLINE : null;
                default -> null;
            };
            if (target != null && !model.override().showingProperty().get()) {
                model.show(target);
                e.consume();
                return;
            }
            // Alt+D cash drop, Alt+S close the shift: from anywhere on the desk, as the shift page says.
            if (e.isAltDown() && (e.getCode() == KeyCode.S || e.getCode() == KeyCode.D)
                    && model.screenProperty().get() == CashierViewModel.Screen.DESK && !model.override().showingProperty().get()) {
                model.show(CashierViewModel.Desk.SHIFT);
                if (e.getCode() == KeyCode.S) model.shift().showClose();
                else model.shift().showDrop();
                e.consume();
            }
        });
    }

    /**
     * ControlsFX's masker over the desk while the backend works longer than a moment (a slow
     * network, a printer warming up): the cashier sees it is working, and a second click cannot
     * start the same sale twice. Not over the manager's PIN dialog, which has its own state.
     */
    private static org.controlsfx.control.MaskerPane busyMask(CashierViewModel model, ResourceBundle text) {
        org.controlsfx.control.MaskerPane mask = new org.controlsfx.control.MaskerPane();
        mask.setId("busy-mask");
        mask.setText(text.getString("busy.working"));
        mask.setVisible(false);
        javafx.beans.binding.BooleanBinding busy = model.sale().busyProperty().or(model.shift().busyProperty())
                .or(model.support().busyProperty()).or(model.pickup().busyProperty()).or(model.login().busyProperty())
                .or(model.offline().busyProperty())
                .and(model.override().showingProperty().not());
        mask.getProperties().put("busy", busy); // keeps the binding (and its listener) alive with the mask
        javafx.animation.PauseTransition delay = new javafx.animation.PauseTransition(javafx.util.Duration.millis(600));
        delay.setOnFinished(e -> mask.setVisible(busy.get()));
        busy.addListener((p, was, now) -> {
            if (now) delay.playFromStart();
            else {
                delay.stop();
                mask.setVisible(false);
            }
        });
        return mask;
    }

    private static Tab tab(ResourceBundle text, String key, String id, Node content) {
        Tab tab = new Tab(text.getString(key), content);
        tab.setId(id);
        return tab;
    }
}
