package marquee.kiosk.cashier.override;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.model.Approval;
import marquee.kiosk.model.OverrideAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's PIN on the spot: asks for one action on one subject, returns the approval token.
 * A wrong PIN keeps the dialog open with a clear message; Esc gives up and nothing happens.
 */
public final class OverrideViewModel {
    private static final Logger log = LoggerFactory.getLogger(OverrideViewModel.class);

    private final CashierContext context;
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper why = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final StringProperty managerLogin = new SimpleStringProperty("");
    private final StringProperty pin = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private OverrideAction action;
    private String subject;
    private CompletableFuture<Approval> pending;

    public OverrideViewModel(CashierContext context) {
        this.context = context;
    }

    /** Opens the dialog; completes with the approval, or with a {@link CancellationException} when the cashier gives up. */
    public CompletableFuture<Approval> request(OverrideAction action, String subject, String why) {
        if (pending != null && !pending.isDone()) pending.completeExceptionally(new CancellationException("replaced"));
        this.action = action;
        this.subject = subject;
        this.pending = new CompletableFuture<>();
        title.set(context.t("override.title." + action.name()));
        this.why.set(why == null ? "" : why);
        error.set("");
        managerLogin.set("");
        pin.set("");
        showing.set(true);
        return pending;
    }

    public void approve() {
        if (busy.get() || !showing.get()) return;
        String login = managerLogin.get().strip();
        String typed = pin.get().strip();
        if (login.isEmpty() || !typed.matches("\\d{4,8}")) {
            error.set(context.t("override.incomplete"));
            return;
        }
        busy.set(true);
        error.set("");
        CompletableFuture<Approval> waiting = pending;
        context.async().run(() -> context.cashier().approveOverride(login, typed, action, subject), approval -> {
            busy.set(false);
            showing.set(false);
            pin.set("");
            log.info("{} of {} approved by manager {}", action, subject, approval.approverId());
            waiting.complete(approval);
        }, failure -> {
            busy.set(false);
            pin.set("");
            error.set(failure instanceof BackendException b && !(failure instanceof marquee.kiosk.backend.BackendUnavailableException)
                    ? context.t("override.refused", b.getMessage())
                    : context.t("error.backend", failure.getMessage()));
        });
    }

    public void cancel() {
        if (!showing.get()) return;
        showing.set(false);
        pin.set("");
        if (pending != null) pending.completeExceptionally(new CancellationException("the cashier gave up"));
    }

    public ReadOnlyBooleanProperty showingProperty() { return showing.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyStringProperty whyProperty() { return why.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public StringProperty managerLoginProperty() { return managerLogin; }
    public StringProperty pinProperty() { return pin; }
    public BooleanProperty busyProperty() { return busy; }
}
