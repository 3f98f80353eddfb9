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
    private final List<IdempotentConsumer> consumers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<Event> events) {
        for (Event event : events) {
            for (IdempotentConsumer consumer : consumers) {
                if (consumer.types().contains(event.type())) consumer.deliver(event);
            }
        }
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
    }
}
