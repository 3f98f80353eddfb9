package marquee.kiosk.cashier.login;

import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import marquee.kiosk.cashier.Controls;

/** Staff id and PIN; Enter in either field signs in. Shows the cinema and the station. */
public final class LoginView extends StackPane {
    private final TextField staffId;

    public LoginView(LoginViewModel model, ResourceBundle text) {
        getStyleClass().add("till-login");
        var title = Controls.text(text.getString("login.title"), "till-title");
        var cinema = Controls.bound("login-cinema", model.cinemaNameProperty(), "till-subtitle");
        var station = Controls.bound("login-station", model.stationProperty(), "till-muted");
        staffId = Controls.field("staff-id", text.getString("login.staff.prompt"));
        PasswordField pin = Controls.secret("pin", text.getString("login.pin.prompt"));
        staffId.textProperty().bindBidirectional(model.staffIdProperty());
        pin.textProperty().bindBidirectional(model.pinProperty());
        Button signIn = Controls.button(text, "login.submit", "sign-in", "primary-button");
        signIn.setDefaultButton(true);
        signIn.disableProperty().bind(model.busyProperty());
        signIn.setOnAction(e -> model.signIn());
        staffId.setOnAction(e -> pin.requestFocus());
        pin.setOnAction(e -> model.signIn());
        var error = Controls.bound("login-error", model.errorProperty(), "error");
        var hint = Controls.text(text.getString("login.hint"), "till-muted");
        VBox card = new VBox(18, title, cinema, station, Controls.labelled(text, "login.staff", staffId),
                Controls.labelled(text, "login.pin", pin), signIn, error, hint);
        card.getStyleClass().add("till-card");
        card.setMaxWidth(520);
        card.setMaxHeight(USE_PREF_SIZE);
        setAlignment(Pos.CENTER);
        getChildren().add(card);
        sceneProperty().addListener((p, o, scene) -> {
            if (scene != null) javafx.application.Platform.runLater(staffId::requestFocus);
        });
    }

    public void focus() {
        staffId.requestFocus();
    }
}
