package marquee.platform.events;

import java.util.List;

/** Moves relayed events to consumers: Kafka, or calls within this JVM. */
public interface EventTransport extends AutoCloseable {
    /** Delivers the events in order; returns only when all are durably handed over, throws otherwise. */
    void publish(List<Event> events);

    /** Starts delivering events of these types to the consumer. */
    void subscribe(IdempotentConsumer consumer);

    /**
     * Delivers events of these types, from now on, to this listener in this process, whatever other
     * instances of the service receive: for what every instance must hear, such as a cache to
     * refresh. At most once and without a record of what was handled; a listener that throws is
     * logged and not asked again for that event.
     */
    void broadcast(String name, java.util.Set<String> types, java.util.function.Consumer<Event> listener);

    /** Events not yet handled by the consumer, as far as the transport knows (-1 when it cannot tell). */
    default long lag(String consumerName) {
        return -1;
    }

    @Override
    void close();
}
