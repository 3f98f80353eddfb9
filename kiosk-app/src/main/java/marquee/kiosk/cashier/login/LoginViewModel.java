package marquee.kiosk.cashier.login;

import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.StaffMember;

/** Staff id and PIN; signs the staff member in and finds their cinema. */
public final class LoginViewModel {
    /** Who signed in, and where. */
    public record SignedIn(StaffMember staff, CinemaInfo cinema) {}

    private final CashierContext context;
    private final Consumer<SignedIn> onSignedIn;
    private final StringProperty staffId = new SimpleStringProperty("");
    private final StringProperty pin = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper station = new ReadOnlyStringWrapper("");
    private final StringProperty cinemaName = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty ready = new SimpleBooleanProperty(false);

    public LoginViewModel(CashierContext context, Consumer<SignedIn> onSignedIn) {
        this.context = context;
        this.onSignedIn = onSignedIn;
        station.set(context.t("login.station", context.stationId()));
        cinemaName.set(context.settings().cinemaName());
    }

    public void signIn() {
        if (busy.get()) return;
        if (!ready.get()) {
            error.set(context.t("login.starting"));
            return;
        }
        String id = staffId.get().strip();
        String typed = pin.get().strip();
        if (id.isEmpty() || !typed.matches("\\d{4,8}")) {
            error.set(context.t("login.incomplete"));
            return;
        }
        busy.set(true);
        error.set("");
        context.async().run(() -> {
            StaffMember staff = context.cashier().signInStaff(id, typed);
            return new SignedIn(staff, context.backend().cinema());
        }, signedIn -> {
            busy.set(false);
            pin.set("");
            cinemaName.set(signedIn.cinema().name());
            onSignedIn.accept(signedIn);
        }, failure -> {
            busy.set(false);
            pin.set("");
            error.set(failure instanceof BackendUnavailableException ? context.t("error.backend", failure.getMessage())
                    : failure instanceof RejectedException r && r.getMessage().toLowerCase().contains("lock")
                    ? context.t("login.locked") : context.t("login.refused"));
        });
    }

    /** The backend is reachable: sign-in may go ahead. */
    public void backendReady() {
        ready.set(true);
        if (error.get().equals(context.t("login.starting"))) error.set("");
    }

    public void backendFailed(String why) {
        error.set(context.t("error.backend", why));
    }

    public void clear() {
        staffId.set("");
        pin.set("");
        error.set("");
    }

    public StringProperty staffIdProperty() { return staffId; }
    public StringProperty pinProperty() { return pin; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stationProperty() { return station.getReadOnlyProperty(); }
    public StringProperty cinemaNameProperty() { return cinemaName; }
    public BooleanProperty busyProperty() { return busy; }
    public BooleanProperty readyProperty() { return ready; }
}
