package marquee.platform.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delivery without a broker (all-in-one, the kiosk's embedded backend): the relay's thread hands
 * each event to every consumer of its type in this JVM and the outbox row is marked published only
 * after all of them took it. A consumer that fails stops the batch; the relay retries from that
 * event, and consumers that already had it skip it by id.
 */
public final class InProcessTransport implements EventTransport {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InProcessTransport.class);

    private final List<IdempotentConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private record Listener(String name, java.util.Set<String> types, java.util.function.Consumer<Event> listener) {}

    @Override
    public void publish(List<Event> events) {
        for (Event event : events) {
            for (Listener listener : listeners) {
                if (listener.types().contains(event.type())) notify(listener, event);
            }
            for (IdempotentConsumer consumer : consumers) {
                if (consumer.types().contains(event.type())) consumer.deliver(event);
            }
        }
    }

    private static void notify(Listener listener, Event event) {
        try {
            listener.listener().accept(event);
        } catch (RuntimeException e) {
            log.warn("Listener {} failed on event {} ({})", listener.name(), event.id(), event.type(), e);
        }
    }

    @Override
    public void broadcast(String name, java.util.Set<String> types, java.util.function.Consumer<Event> listener) {
        listeners.add(new Listener(name, java.util.Set.copyOf(types), listener));
    }

    @Override
    public void subscribe(IdempotentConsumer consumer) {
        consumers.add(consumer);
    }

    @Override
    public long lag(String consumerName) {
        return 0; // delivered synchronously: what is not delivered yet is the outbox backlog
    }

    @Override
    public void close() {
        consumers.clear();
        listeners.clear();
    }
}
