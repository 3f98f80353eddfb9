package marquee.platform.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import marquee.platform.BackgroundJobs;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one backend runtime: a relay per service whose schema has an {@code outbox},
 * consumers, and the transport between them — Kafka when {@code MARQUEE_KAFKA_BOOTSTRAP} is set,
 * otherwise calls within this JVM (enough when one process hosts every service: the all-in-one
 * server and the kiosk's embedded backend).
 */
public final class Events implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Events.class);
    static final Duration DEFAULT_RELAY_INTERVAL = Duration.ofMillis(250);

    private final EventTransport transport;
    private final boolean kafka;
    private final Duration relayInterval;
    private final Duration keepPublished;
    private final Duration keepConsumed;
    private final int batchSize;
    private final MeterRegistry meters;
    private final List<OutboxRelay> relays = new CopyOnWriteArrayList<>();
    private final List<DataSource> consumerDatabases = new CopyOnWriteArrayList<>();
    private BackgroundJobs jobs;

    public Events(EventTransport transport, boolean kafka, Duration relayInterval, Duration keepPublished, Duration keepConsumed,
                  int batchSize, MeterRegistry meters) {
        this.transport = transport;
        this.kafka = kafka;
        this.relayInterval = relayInterval;
        this.keepPublished = keepPublished;
        this.keepConsumed = keepConsumed;
        this.batchSize = batchSize;
        this.meters = meters;
    }

    /** Kafka when {@code marquee.kafka.bootstrap} is set, in-process otherwise. */
    public static Events fromConfig(Config config, MeterRegistry meters) {
        String bootstrap = config.get("marquee.kafka.bootstrap", "");
        boolean kafka = !bootstrap.isBlank();
        EventTransport transport = kafka
                ? new KafkaTransport(bootstrap, config.get("marquee.kafka.topic.prefix", "marquee."),
                        config.getInt("marquee.kafka.partitions", 6),
                        config.getDuration("marquee.kafka.send.timeout", Duration.ofSeconds(30)), clientSettings(config))
                : new InProcessTransport();
        if (kafka) log.info("Events go through Kafka at {}", bootstrap);
        return new Events(transport, kafka,
                config.getDuration("marquee.events.relay.interval", DEFAULT_RELAY_INTERVAL),
                config.getDuration("marquee.events.outbox.keep", Duration.ofDays(7)),
                config.getDuration("marquee.events.consumed.keep", Duration.ofDays(30)),
                config.getInt("marquee.events.relay.batch", OutboxRelay.DEFAULT_BATCH), meters);
    }

    /**
     * The Kafka client settings file named by {@code MARQUEE_KAFKA_CLIENT_PROPERTIES} (Kafka's own
     * property names: {@code security.protocol}, {@code ssl.truststore.location}, {@code sasl.jaas.config}…),
     * or none. A file that is named but cannot be read stops the start: events must not silently go
     * to a broker without the security it was meant to have.
     */
    static java.util.Properties clientSettings(Config config) {
        java.util.Properties settings = new java.util.Properties();
        String file = config.get("marquee.kafka.client.properties", "").strip();
        if (file.isEmpty()) return settings;
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file))) {
            settings.load(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(Config.envName("marquee.kafka.client.properties") + ": cannot read " + file, e);
        }
        return settings;
    }

    public boolean throughKafka() {
        return kafka;
    }

    public EventTransport transport() {
        return transport;
    }

    /** Relays this service's outbox (the launcher calls it for every schema that has one). */
    public synchronized OutboxRelay relay(String service, DataSource db) {
        OutboxRelay relay = new OutboxRelay(service, db, transport, batchSize, meters);
        relays.add(relay);
        if (jobs != null) schedule(relay);
        return relay;
    }

    /**
     * Handles events of these types once each under the consumer's name (its Kafka consumer group
     * and its rows in {@code consumed_events}, which the consumer's schema must have).
     */
    public IdempotentConsumer subscribe(String consumer, DataSource db, Set<String> types, EventHandler handler) {
        IdempotentConsumer subscription = new IdempotentConsumer(consumer, types, db, handler, meters);
        transport.subscribe(subscription);
        consumerDatabases.add(db);
        if (meters != null) {
            Gauge.builder("marquee.events.consumer.lag", transport, t -> Math.max(0, t.lag(consumer))).tag("consumer", consumer)
                    .description("Events in the broker this consumer has not handled yet").register(meters);
        }
        return subscription;
    }

    /**
     * Hands events of these types to the listener in this process, however many instances of the
     * service run (each hears every event, from its start on; at most once). For caches to refresh,
     * not for work that must be done once: that is {@link #subscribe}.
     */
    public void broadcast(String name, Set<String> types, java.util.function.Consumer<Event> listener) {
        transport.broadcast(name, types, listener);
    }

    /** Starts relaying (after every service and consumer is in place). */
    public synchronized void start() {
        if (jobs != null) return;
        jobs = new BackgroundJobs("events-relay", Math.max(2, relays.size() + 1));
        relays.forEach(this::schedule);
        jobs.every(Duration.ofHours(1), "Pruning relayed events", this::prune);
    }

    private void schedule(OutboxRelay relay) {
        jobs.every(relayInterval, "Relaying the " + relay.service() + " outbox", relay::drain);
    }

    /** Relays every outbox until empty, now (tests; a shutdown that wants to leave nothing behind). */
    public void drainAll() {
        for (OutboxRelay relay : new ArrayList<>(relays)) relay.drain();
    }

    private void prune() {
        for (OutboxRelay relay : relays) relay.prune(keepPublished);
        for (DataSource db : consumerDatabases) {
            try (var c = db.getConnection(); var delete = c.prepareStatement(
                    "DELETE FROM consumed_events WHERE consumed_at < now() - make_interval(secs => ?)")) {
                delete.setDouble(1, keepConsumed.toSeconds());
                delete.executeUpdate();
            } catch (java.sql.SQLException e) {
                log.warn("Could not prune consumed events", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (jobs != null) jobs.close();
        transport.close();
    }
}
