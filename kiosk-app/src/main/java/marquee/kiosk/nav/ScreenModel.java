package marquee.kiosk.nav;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every screen's view-model offers the frame around its screen (back, start over, the
 * contrast switch, the notice, busy) — the part of the navigator a view may see. A view binds to
 * its own view-model, which extends this; it never gets the navigator.
 */
public abstract class ScreenModel {
    private static final Logger log = LoggerFactory.getLogger(ScreenModel.class);

    protected final Navigator nav;

    protected ScreenModel(Navigator nav) {
        this.nav = nav;
    }

    /** One step back from this model's current screen. */
    public abstract void back();

    public void startOver() {
        nav.startOver();
    }

    /** True when leaving now gives something up (held seats), so the frame asks first. */
    public boolean asksBeforeStartOver() {
        return false;
    }

    public BooleanProperty highContrastProperty() {
        return nav.highContrastProperty();
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return nav.noticeProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return nav.busyProperty();
    }

    /** A failed backend call, as the customer reads it: out of order when unreachable, else the reason. */
    protected void failed(RuntimeException failure) {
        if (failure instanceof BackendUnavailableException) {
            nav.backendLost(failure);
        } else if (failure instanceof RejectedException || failure instanceof BackendException) {
            nav.say("error.rejected", failure.getMessage());
        } else {
            log.warn("Unexpected failure on the {} screen", nav.screen(), failure);
            nav.say("error.unexpected");
        }
    }
}
