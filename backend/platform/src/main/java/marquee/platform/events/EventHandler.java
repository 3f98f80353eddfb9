package marquee.platform.events;

import java.sql.Connection;

/**
 * What a consumer does with one event. It runs inside the transaction that also records the event
 * id as consumed ({@code consumed_events}), so local writes on {@code tx} commit with that record or
 * not at all; calls to other services must be idempotent themselves (keys derived from the event),
 * because a crash before the commit delivers the event again.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(Event event, Connection tx) throws Exception;
}
