package marquee.kiosk.start;

import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import marquee.kiosk.health.Fault;
import marquee.kiosk.ui.ScreenFrame;

/**
 * The kiosk cannot sell: says why in plain words, where to buy instead, and what a technician
 * needs (device id, error code, since when). It returns to the start screen by itself once the
 * cause is gone.
 */
public final class OutOfOrderView extends VBox {
    public OutOfOrderView(StartViewModel viewModel, ResourceBundle text) {
        String deviceId = viewModel.deviceId();
        getStyleClass().add("out-of-order");
        setAlignment(Pos.CENTER);
        setSpacing(24);
        Label title = ScreenFrame.wrapping(new Label(text.getString("fault.title")));
        title.getStyleClass().add("fault-title");
        title.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        title.setMaxWidth(1100);
        Label reason = ScreenFrame.wrapping(new Label());
        reason.setId("fault-reason");
        reason.getStyleClass().add("instructions");
        reason.setWrapText(true);
        reason.setMaxWidth(1100);
        Label instead = ScreenFrame.wrapping(new Label(text.getString("fault.instead")));
        instead.getStyleClass().add("instructions");
        instead.setWrapText(true);
        instead.setMaxWidth(1100);
        Label technical = new Label();
        technical.setId("fault-technical");
        technical.getStyleClass().add("fault-technical");
        DateTimeFormatter time = DateTimeFormatter.ofPattern(text.getString("format.when"), text.getLocale()).withZone(viewModel.zone());
        reason.textProperty().bind(Bindings.createStringBinding(() -> viewModel.faultProperty().get() == null
                ? "" : text.getString(viewModel.faultProperty().get().reasonKey()), viewModel.faultProperty()));
        technical.textProperty().bind(Bindings.createStringBinding(() -> {
            Fault fault = viewModel.faultProperty().get();
            return fault == null ? "" : ScreenFrame.format(text, "fault.technical", deviceId, fault.code(), time.format(fault.since()));
        }, viewModel.faultProperty()));
        javafx.scene.control.Button pickup = ScreenFrame.primary(text.getString("fault.pickup"), "pickup");
        pickup.visibleProperty().bind(viewModel.pickupAvailableProperty());
        pickup.managedProperty().bind(pickup.visibleProperty());
        pickup.setOnAction(event -> viewModel.openPickup());
        javafx.scene.control.Button offline = ScreenFrame.primary(text.getString("fault.offline"), "offline-sale");
        offline.visibleProperty().bind(viewModel.offlineSaleAvailableProperty());
        offline.managedProperty().bind(offline.visibleProperty());
        offline.setOnAction(event -> viewModel.openOfflineSale());
        getChildren().addAll(title, reason, instead, offline, pickup, technical);
    }
}
