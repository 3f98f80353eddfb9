package marquee.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ResourceBundle;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import marquee.kiosk.start.SplashView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/** The splash names what the start-up is doing, and says plainly when the backend cannot be reached. */
class SplashViewTest extends ApplicationTest {
    private SplashView splash;

    @Override
    public void start(Stage stage) {
        splash = new SplashView(ResourceBundle.getBundle("marquee.kiosk.messages"));
        stage.setScene(new Scene(splash, 800, 600));
        stage.show();
    }

    @Test
    void showsTheCurrentStepAndThenAFailureInPlainWords() {
        interact(() -> splash.showStep("Preparing the users database"));
        FxRobot robot = new FxRobot();
        assertThat(robot.lookup(".splash-status").queryAs(Label.class).getText()).startsWith("Preparing the users database");
        interact(() -> splash.showFailure("This kiosk cannot reach the ticket system right now."));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".splash-status").queryAs(Label.class).getText()).contains("cannot reach");
        assertThat(robot.lookup(".splash-progress").query().isVisible()).isFalse();
    }
}
