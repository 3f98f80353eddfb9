package marquee.kiosk.nav;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import marquee.kiosk.work.Async;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the customer is in the kiosk and what is true for every screen: which screen shows, the
 * language and contrast, whether the kiosk is busy, the notice to read, the idle timer and whether
 * the kiosk is out of order.
 *
 * <p>It calls no screen. Screens' view-models ask it to {@link #show} another screen; what each
 * of them forgets when a customer leaves, they register with {@link #onVisitEnd}. Properties
 * change on the UI thread only; call the methods there.
 */
public final class Navigator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Navigator.class);

    private final Async async;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration idleGrace;
    private final Locale defaultLanguage;

    private final ReadOnlyObjectWrapper<Screen> screen = new ReadOnlyObjectWrapper<>(this, "screen", Screen.ATTRACT);
    private final ObjectProperty<Locale> language = new SimpleObjectProperty<>(this, "language");
    private final BooleanProperty highContrast = new SimpleBooleanProperty(this, "highContrast");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper stillThere = new ReadOnlyBooleanWrapper(this, "stillThere");
    private final ReadOnlyIntegerWrapper stillThereSeconds = new ReadOnlyIntegerWrapper(this, "stillThereSeconds");
    private final ReadOnlyBooleanWrapper outOfOrder = new ReadOnlyBooleanWrapper(this, "outOfOrder");
    private final List<Runnable> visitEnds = new ArrayList<>();
    private final List<Runnable> idleWhileBusy = new ArrayList<>();
    private Consumer<RuntimeException> backendLost = failure -> { };
    private Instant lastActivity;
    /** The last touch, click or key, busy or not: how long the customer has been away while the kiosk waits. */
    private Instant lastTouch;
    private ScheduledFuture<?> idleTick;
    private boolean closed;

    public Navigator(Async async, Clock clock, Duration idleTimeout, Duration idleGrace, Locale defaultLanguage) {
        this.async = Objects.requireNonNull(async);
        this.clock = Objects.requireNonNull(clock);
        this.idleTimeout = Objects.requireNonNull(idleTimeout);
        this.idleGrace = Objects.requireNonNull(idleGrace);
        this.defaultLanguage = Objects.requireNonNull(defaultLanguage);
        this.language.set(defaultLanguage);
        this.lastActivity = clock.instant();
        this.lastTouch = lastActivity;
    }

    // --- state ---------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Screen> screenProperty() { return screen.getReadOnlyProperty(); }
    public Screen screen() { return screen.get(); }
    public ObjectProperty<Locale> languageProperty() { return language; }
    public Locale language() { return language.get(); }
    public BooleanProperty highContrastProperty() { return highContrast; }
    public ReadOnlyObjectProperty<Notice> noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** True while the "are you still there?" question is up. */
    public ReadOnlyBooleanProperty stillThereProperty() { return stillThere.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty stillThereSecondsProperty() { return stillThereSeconds.getReadOnlyProperty(); }
    /** True while the kiosk cannot sell (the out-of-order screen is where a customer ends up). */
    public ReadOnlyBooleanProperty outOfOrderProperty() { return outOfOrder.getReadOnlyProperty(); }

    // --- moving on -----------------------------------------------------------------------------

    public void show(Screen next) {
        screen.set(Objects.requireNonNull(next));
    }

    public void say(String key, Object... args) {
        notice.set(Notice.of(key, args));
    }

    public void clearNotice() {
        notice.set(null);
    }

    public void setBusy(boolean on) {
        busy.set(on);
    }

    /** Registers what a screen forgets when a customer leaves (start over, idle, out of order). */
    public void onVisitEnd(Runnable forget) {
        visitEnds.add(Objects.requireNonNull(forget));
    }

    /**
     * Registers what happens when nobody touched the kiosk for the idle time plus the grace while it
     * is busy on a customer's screen (a payment waiting at a card terminal the customer walked away
     * from). Called on every idle check past that point; the handler decides whether to act once.
     */
    public void onIdleWhileBusy(Runnable handler) {
        idleWhileBusy.add(Objects.requireNonNull(handler));
    }

    /** Who takes the kiosk out of order when a screen finds the backend gone (the device health). */
    public void onBackendLost(Consumer<RuntimeException> handler) {
        backendLost = Objects.requireNonNull(handler);
    }

    /** A screen's backend call found the backend unreachable. */
    public void backendLost(RuntimeException failure) {
        backendLost.accept(failure);
    }

    /** The customer's visit ends: every screen forgets its choices (an unpaid hold is released). */
    public void endVisit() {
        stillThere.set(false);
        visitEnds.forEach(Runnable::run);
    }

    /** Back to the start: forgets the customer's choices; the next customer starts as the kiosk is set up. */
    public void startOver() {
        endVisit();
        notice.set(null);
        language.set(defaultLanguage);
        highContrast.set(false);
        screen.set(outOfOrder.get() ? Screen.OUT_OF_ORDER : Screen.ATTRACT);
    }

    /** The kiosk cannot sell: whoever is at it loses the purchase, and the out-of-order screen shows. */
    public void outOfOrder() {
        // A customer buying from the seats set aside for an outage goes on while the backend stays away.
        if (outOfOrder.get() && screen.get() == Screen.OFFLINE_SALE) return;
        endVisit();
        outOfOrder.set(true);
        screen.set(Screen.OUT_OF_ORDER);
    }

    /** The kiosk can sell again: the out-of-order screen gives way to the start screen. */
    public void backInService() {
        outOfOrder.set(false);
        if (screen.get() == Screen.OUT_OF_ORDER) screen.set(Screen.ATTRACT);
    }

    /** True while nobody is in the middle of a purchase (start or out-of-order screen). */
    public boolean idleScreen() {
        return screen.get() == Screen.ATTRACT || screen.get() == Screen.OUT_OF_ORDER;
    }

    // --- idle ----------------------------------------------------------------------------------

    /** Starts the idle timer. */
    public void start() {
        if (idleTick == null) idleTick = async.everyOnUi(Duration.ofMillis(250), Duration.ofMillis(250), this::checkIdle);
    }

    /** Any touch, click or key: the customer is still here. */
    public void touched() {
        lastActivity = clock.instant();
        lastTouch = lastActivity;
        if (stillThere.get()) stillThere.set(false);
    }

    /** Asks "still there?" after the idle timeout, and starts over when the question goes unanswered. */
    void checkIdle() {
        if (closed) return;
        Screen now = screen.get();
        if (idleScreen() || busy.get()) {
            if (busy.get() && !idleScreen()
                    && Duration.between(lastTouch, clock.instant()).compareTo(idleTimeout.plus(idleGrace)) >= 0) {
                idleWhileBusy.forEach(Runnable::run);
            }
            lastActivity = clock.instant();
            if (idleScreen()) lastTouch = lastActivity;
            return;
        }
        Duration quiet = Duration.between(lastActivity, clock.instant());
        if (now == Screen.SUCCESS) {
            // Nothing is lost by leaving the success screen: no question, just back to the start.
            if (quiet.compareTo(idleTimeout) >= 0) startOver();
            return;
        }
        Duration left = idleTimeout.plus(idleGrace).minus(quiet);
        if (left.isNegative() || left.isZero()) {
            log.info("Nobody answered \"still there?\" on the {} screen; starting over", now);
            startOver();
        } else if (quiet.compareTo(idleTimeout) >= 0) {
            stillThere.set(true);
            stillThereSeconds.set((int) Math.ceil(left.toMillis() / 1000.0));
        }
    }

    @Override
    public void close() {
        closed = true;
        if (idleTick != null) idleTick.cancel(false);
        endVisit();
    }
}
