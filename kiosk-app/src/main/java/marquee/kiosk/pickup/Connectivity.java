package marquee.kiosk.pickup;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the backend answers, and since when it has not: what the "offline since 14:02" banner
 * shows. Thread-safe; listeners are called on the thread that noticed the change (hop to the UI
 * thread yourself).
 */
public final class Connectivity {
    private static final Logger log = LoggerFactory.getLogger(Connectivity.class);

    /** A snapshot: {@code offlineSince} is empty while online. */
    public record State(boolean online, Optional<Instant> offlineSince, String reason) {}

    private final Clock clock;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = new State(true, Optional.empty(), "");

    public Connectivity(Clock clock) {
        this.clock = clock;
    }

    public Connectivity() {
        this(Clock.systemUTC());
    }

    public boolean online() {
        return state.online();
    }

    public Optional<Instant> offlineSince() {
        return state.offlineSince();
    }

    public State state() {
        return state;
    }

    public void addListener(Consumer<State> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<State> listener) {
        listeners.remove(listener);
    }

    /** Keeps the first moment of an outage: later failures do not move "since". */
    public void markOffline(String reason) {
        State next;
        synchronized (this) {
            if (!state.online()) return;
            next = new State(false, Optional.of(clock.instant()), reason == null ? "" : reason);
            state = next;
        }
        log.warn("Backend unreachable ({}); serving pickups from the offline cache", next.reason());
        notifyListeners(next);
    }

    public void markOnline() {
        State next;
        synchronized (this) {
            if (state.online()) return;
            next = new State(true, Optional.empty(), "");
            state = next;
        }
        log.info("Backend reachable again");
        notifyListeners(next);
    }

    private void notifyListeners(State next) {
        for (Consumer<State> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("A connectivity listener failed", e);
            }
        }
    }
}
