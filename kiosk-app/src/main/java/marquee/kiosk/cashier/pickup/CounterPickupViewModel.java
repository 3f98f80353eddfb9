package marquee.kiosk.cashier.pickup;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import marquee.kiosk.cashier.CashierContext;
import marquee.kiosk.model.Verification;
import marquee.kiosk.model.VerificationResult;
import marquee.kiosk.pickup.PickupService;

/**
 * Pickup at the counter: a booking code typed in, or a ticket's QR read by the scanner (a
 * keyboard wedge that types the payload and Enter into the same field). Prints the booking's
 * valid tickets; offline, from the till's copy.
 */
public final class CounterPickupViewModel {
    private final CashierContext context;
    private final java.util.function.Supplier<PickupService> pickups;
    private PickupService pickup;
    private final StringProperty input = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper bookingCode = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    /** {@code pickups} makes the service once the cinema is known (after sign-in): its name and time zone go on the tickets. */
    public CounterPickupViewModel(CashierContext context, java.util.function.Supplier<PickupService> pickups) {
        this.context = context;
        this.pickups = pickups;
    }

    /** A booking code is six letters/digits; anything longer is a scanned QR payload. */
    static boolean isBookingCode(String text) {
        return text.matches("[A-Za-z0-9]{4,12}");
    }

    public void find() {
        String typed = input.get() == null ? "" : input.get().strip();
        if (typed.isEmpty() || busy.get()) {
            if (typed.isEmpty()) error.set(context.t("pickup.empty"));
            return;
        }
        busy.set(true);
        error.set("");
        message.set("");
        if (pickup == null) pickup = pickups.get();
        PickupService pickup = this.pickup;
        pickup.setLocale(context.locale());
        context.async().run(() -> {
            String code = typed;
            if (!isBookingCode(typed)) {
                Verification v = context.backend().verify(typed);
                if (v.ticket() == null || v.result() == VerificationResult.FORGED) {
                    return new Found("", PickupService.Outcome.NOT_FOUND, context.t("pickup.qr.unknown"));
                }
                code = v.ticket().ticket().bookingCode();
            }
            code = code.toUpperCase(Locale.ROOT);
            PickupService.Result result = pickup.pickUp(code);
            return new Found(code, result.outcome(), result.message() + (result.fromCache() ? " " + context.t("pickup.offline") : ""));
        }, found -> {
            busy.set(false);
            bookingCode.set(found.code());
            input.set("");
            if (found.outcome() == PickupService.Outcome.PRINTED) {
                message.set(context.t("pickup.printed", found.code(), found.text()));
            } else {
                error.set(context.t("pickup.failed", found.code(), found.text()));
            }
        }, failure -> {
            busy.set(false);
            error.set(context.t("error.refused", failure.getMessage()));
        });
    }

    private record Found(String code, PickupService.Outcome outcome, String text) {}

    public StringProperty inputProperty() { return input; }
    public ReadOnlyStringProperty bookingCodeProperty() { return bookingCode.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public BooleanProperty busyProperty() { return busy; }
}
