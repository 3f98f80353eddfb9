package marquee.kiosk.purchase;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.work.Async;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional "tickets by e-mail" of a paid purchase: the customer types an address (on-screen
 * keyboard), the kiosk checks its form and asks the backend (NotificationsService) to send the
 * tickets PDF and the receipt there. The kiosk keeps the address only until it is sent or the
 * visit ends; the receipt screen then shows it shortened ("a…@e….org"), because the screen stays
 * readable for the next person in the queue.
 */
public final class EmailTickets {
    private static final Logger log = LoggerFactory.getLogger(EmailTickets.class);
    /** The form the notifications service accepts (it checks strictly again). */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}");
    static final int MAX_LENGTH = 254;

    public enum State { CLOSED, EDITING, SENDING, SENT, INVALID, FAILED }

    private final Supplier<BackendClient> backend;
    private final Async async;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.CLOSED);
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final ReadOnlyStringWrapper sentTo = new ReadOnlyStringWrapper(this, "sentTo", "");
    private String bookingId;

    EmailTickets(Supplier<BackendClient> backend, Async async) {
        this.backend = backend;
        this.async = async;
        address.addListener((property, was, now) -> {
            if (now != null && now.length() > MAX_LENGTH) address.set(now.substring(0, MAX_LENGTH));
            else if (state.get() == State.INVALID || state.get() == State.FAILED) state.set(State.EDITING);
        });
    }

    /** What the e-mail part shows now. */
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    /** The address being typed (the text field edits it too, for a kiosk with a real keyboard). */
    public StringProperty addressProperty() { return address; }
    /** Where the tickets went, shortened for the screen ("a…@e….org"); empty before. */
    public ReadOnlyStringProperty sentToProperty() { return sentTo.getReadOnlyProperty(); }

    /** A new paid booking (or none): everything of the previous one is forgotten. */
    void forBooking(String id) {
        bookingId = id;
        address.set("");
        sentTo.set("");
        state.set(State.CLOSED);
    }

    public void open() {
        if (bookingId != null && state.get() != State.SENDING) state.set(State.EDITING);
    }

    public void close() {
        if (state.get() == State.SENDING) return;
        address.set("");
        state.set(sentTo.get().isEmpty() ? State.CLOSED : State.SENT);
    }

    /** A key of the on-screen keyboard. */
    public void type(String characters) {
        if (state.get() == State.SENDING) return;
        address.set(address.get() + characters.toLowerCase(Locale.ROOT));
    }

    public void backspace() {
        String now = address.get();
        if (!now.isEmpty() && state.get() != State.SENDING) address.set(now.substring(0, now.length() - 1));
    }

    /** Sends the tickets to the typed address; completes with true when the backend took it. */
    public CompletableFuture<Boolean> send() {
        String to = address.get().strip();
        BackendClient client = backend.get();
        if (bookingId == null || client == null || state.get() == State.SENDING) return CompletableFuture.completedFuture(false);
        if (!valid(to)) {
            state.set(State.INVALID);
            return CompletableFuture.completedFuture(false);
        }
        state.set(State.SENDING);
        String booking = bookingId;
        return async.run(() -> client.sendTicketsByEmail(booking, to), sentNow -> {
            if (!booking.equals(bookingId)) return; // the visit ended meanwhile
            sentTo.set(mask(to));
            address.set("");
            state.set(State.SENT);
            log.info("Tickets of booking {} {} by e-mail", booking, sentNow ? "sent" : "to be sent once issued");
        }, failure -> {
            if (!booking.equals(bookingId)) return;
            // The backend's own check of the address (strict RFC 822) refuses what the form let through.
            state.set(failure instanceof RejectedException ? State.INVALID : State.FAILED);
            log.warn("Tickets of booking {} not sent by e-mail: {}", booking, failure.getMessage());
        }).handle((sent, failure) -> failure == null);
    }

    static boolean valid(String address) {
        return address != null && address.length() <= MAX_LENGTH && ADDRESS.matcher(address).matches() && !address.contains("..");
    }

    /** "anna.schmidt@example.org" → "a…@e….org": enough for the customer to recognise, little for the next in the queue. */
    static String mask(String address) {
        int at = address.lastIndexOf('@');
        String domain = address.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        return address.charAt(0) + "…@" + domain.charAt(0) + "…" + domain.substring(dot);
    }
}
