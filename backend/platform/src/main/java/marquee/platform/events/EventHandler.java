package marquee.platform.events;

import java.sql.Connection;

/**
 * What a consumer does with one event. It runs inside the transaction that also records the event
 * id as consumed ({@code consumed_events}, written after the handler), so local writes on {@code tx}
 * commit with that record or not at all; calls to other services must be idempotent themselves (keys
 * derived from the event), because a crash before the commit delivers the event again. The
 * transaction has no transaction id while the handler runs; a write on {@code tx} gives it one until
 * the commit, which holds back every seat map and ticket feed on the server (V10 watermarks) — so
 * write on {@code tx} last, after any slow work, or commit slow steps on their own connections.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(Event event, Connection tx) throws Exception;
}
