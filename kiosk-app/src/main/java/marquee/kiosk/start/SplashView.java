package marquee.kiosk.start;

import java.util.ResourceBundle;
import javafx.beans.property.DoubleProperty;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/** Shown while the backend starts, so the window is never blank or frozen. */
public final class SplashView extends VBox {
    private final ProgressBar progress = new ProgressBar();
    private final Label status = new Label();

    public SplashView(ResourceBundle text) {
        getStyleClass().add("splash");
        Label title = new Label(text.getString("app.title"));
        title.getStyleClass().add("splash-title");
        status.setText(text.getString("splash.starting"));
        status.getStyleClass().add("splash-status");
        progress.getStyleClass().add("splash-progress");
        getChildren().addAll(title, progress, status);
    }

    public DoubleProperty progressProperty() {
        return progress.progressProperty();
    }

    /** What the start-up is doing now, in plain words. */
    public void showStep(String message) {
        if (message != null && !message.isBlank()) status.setText(message + " …");
    }

    public void showFailure(String message) {
        progress.progressProperty().unbind();
        progress.setVisible(false);
        status.setText(message);
        status.getStyleClass().add("error");
    }
}
