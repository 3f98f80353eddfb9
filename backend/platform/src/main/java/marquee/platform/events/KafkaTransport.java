package marquee.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka as the broker: one topic per event type ({@code <prefix><type>}, e.g.
 * {@code marquee.showtime.cancelled}), the record key is the event's key (booking, showtime or hall
 * id) so one thing's events of a type land in one partition in order; the value is the protobuf
 * payload; id, type, source service and time travel as headers. The producer is idempotent with
 * {@code acks=all}; {@link #publish} returns only when the broker has every record.
 *
 * <p>Each consumer is a consumer group ({@code <prefix><consumer>}, e.g. {@code marquee.reservations.showtimes}) on its own thread; offsets are
 * committed after the events before them were handled, so a restarted consumer resumes where it
 * left off and at most re-reads what it had not committed yet (and skips those by id).
 */
public final class KafkaTransport implements EventTransport {
    private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);
    static final String ID = "marquee-event-id";
    static final String TYPE = "marquee-event-type";
    static final String SOURCE = "marquee-event-source";
    static final String OCCURRED = "marquee-event-occurred-at";

    private final String bootstrap;
    private final String prefix;
    private final int partitions;
    private final Duration sendTimeout;
    private final KafkaProducer<String, byte[]> producer;
    private final Properties clientSettings;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final List<ConsumerLoop> loops = new CopyOnWriteArrayList<>();
    private final List<BroadcastLoop> broadcasts = new CopyOnWriteArrayList<>();

    public KafkaTransport(String bootstrap, String prefix, int partitions, Duration sendTimeout) {
        this(bootstrap, prefix, partitions, sendTimeout, new Properties());
    }

    /**
     * {@code clientSettings}: the cinema's connection settings for its brokers (TLS, SASL — e.g.
     * {@code security.protocol=SSL}, truststore and keystore), given to the producer, every consumer
     * and the admin client. Marquee's own settings (acks, idempotence, offsets) are applied after
     * them, so a settings file cannot weaken the delivery guarantees.
     */
    public KafkaTransport(String bootstrap, String prefix, int partitions, Duration sendTimeout, Properties clientSettings) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.partitions = partitions;
        this.sendTimeout = sendTimeout;
        this.clientSettings = clientSettings;
        String protocol = clientSettings.getProperty("security.protocol", "PLAINTEXT");
        if (protocol.equalsIgnoreCase("PLAINTEXT") && !loopbackOnly(bootstrap)) {
            log.warn("Events go to Kafka at {} in PLAINTEXT: set security.protocol (SSL or SASL_SSL) in MARQUEE_KAFKA_CLIENT_PROPERTIES"
                    + " for brokers on another machine", bootstrap);
        }
        Properties p = withClientSettings();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int requestTimeout = (int) Math.min(sendTimeout.toMillis() / 2, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(sendTimeout.toMillis(), requestTimeout + 5L));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "marquee-relay-" + UUID.randomUUID().toString().substring(0, 8));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private Properties withClientSettings() {
        Properties p = new Properties();
        p.putAll(clientSettings);
        return p;
    }

    private static boolean loopbackOnly(String bootstrap) {
        for (String server : bootstrap.split(",")) {
            String host = server.strip().replaceFirst(":\\d+$", "");
            if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) return false;
        }
        return true;
    }

    /** The topic of an event type. */
    public String topic(String type) {
        return prefix + type;
    }

    /** Creates the topics that do not exist yet (partitions as configured, replication as the broker's default). */
    public void ensureTopics(Iterable<String> types) {
        List<NewTopic> missing = new ArrayList<>();
        for (String type : types) {
            if (!knownTopics.contains(topic(type))) missing.add(new NewTopic(topic(type), Optional.of(partitions), Optional.empty()));
        }
        if (missing.isEmpty()) return;
        Properties p = withClientSettings();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created Kafka topic {} ({} partitions)", entry.getKey(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
                }
                knownTopics.add(entry.getKey());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer in time", e);
        }
    }

    @Override
    public void publish(List<Event> events) {
        ensureTopics(events.stream().map(Event::type).distinct().toList());
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (Event event : events) {
            List<Header> headers = List.of(
                    new RecordHeader(ID, event.id().toString().getBytes(StandardCharsets.UTF_8)),
                    new RecordHeader(TYPE, event.type().getBytes(StandardCharsets.UTF_8)),
                    new RecordHeader(SOURCE, event.source().getBytes(StandardCharsets.UTF_8)),
                    new RecordHeader(OCCURRED, event.occurredAt().toString().getBytes(StandardCharsets.UTF_8)));
            sent.add(producer.send(new ProducerRecord<>(topic(event.type()), null, event.occurredAt().toEpochMilli(), event.key(),
                    event.payload(), headers)));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> future : sent) future.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the events", e.getCause() == null ? e : e.getCause());
        }
    }

    @Override
    public void subscribe(IdempotentConsumer consumer) {
        ensureTopics(consumer.types());
        ConsumerLoop loop = new ConsumerLoop(consumer);
        loops.add(loop);
        loop.thread.start();
    }

    @Override
    public long lag(String consumerName) {
        long lag = 0;
        boolean known = false;
        for (ConsumerLoop loop : loops) {
            if (loop.consumer.name().equals(consumerName)) {
                lag += loop.lag;
                known = true;
            }
        }
        return known ? lag : -1;
    }

    @Override
    public void broadcast(String name, Set<String> types, java.util.function.Consumer<Event> listener) {
        ensureTopics(types);
        BroadcastLoop loop = new BroadcastLoop(name, types, listener);
        broadcasts.add(loop);
        loop.thread.start();
    }

    @Override
    public void close() {
        // Work in progress first (a stopping consumer is cut off between two steps), listeners after.
        for (ConsumerLoop loop : loops) loop.stop();
        for (BroadcastLoop loop : broadcasts) loop.stop();
        producer.close(Duration.ofSeconds(5));
    }

    static Event toEvent(ConsumerRecord<String, byte[]> record) {
        return new Event(UUID.fromString(header(record, ID)), header(record, TYPE), record.key(), header(record, SOURCE),
                Instant.parse(header(record, OCCURRED)), record.value());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) throw new IllegalArgumentException("record " + record.topic() + "@" + record.offset() + " has no " + name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One consumer group member on its own thread. */
    private final class ConsumerLoop implements Runnable {
        private final IdempotentConsumer consumer;
        private final KafkaConsumer<String, byte[]> kafka;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long lag;

        ConsumerLoop(IdempotentConsumer consumer) {
            this.consumer = consumer;
            Properties p = withClientSettings();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + consumer.name());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "marquee-" + consumer.name() + "-" + UUID.randomUUID().toString().substring(0, 8));
            this.kafka = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            this.thread = new Thread(this, "events-" + consumer.name());
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                kafka.subscribe(consumer.types().stream().map(KafkaTransport.this::topic).toList());
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                    boolean failed = false;
                    for (TopicPartition partition : records.partitions()) {
                        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                        for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                            try {
                                consumer.deliver(toEvent(record));
                                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                            } catch (RuntimeException e) {
                                // Not past this record: it comes again after the pause, and so does the rest.
                                log.warn("Consumer {} failed on {}@{}; retrying", consumer.name(), partition, record.offset(), e);
                                kafka.seek(partition, record.offset());
                                failed = true;
                                break;
                            }
                        }
                        if (!done.isEmpty()) kafka.commitSync(done);
                    }
                    measureLag();
                    if (failed) Thread.sleep(1000);
                }
            } catch (WakeupException e) {
                if (running) log.warn("Consumer {} woken unexpectedly", consumer.name(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("Consumer {} stopped", consumer.name(), e);
            } finally {
                Thread.interrupted(); // the stop's interrupt was for the handler; closing must not be cut short
                kafka.close(Duration.ofSeconds(5));
            }
        }

        private void measureLag() {
            long total = 0;
            for (TopicPartition partition : kafka.assignment()) {
                total += kafka.currentLag(partition).orElse(0);
            }
            lag = total;
        }

        void stop() {
            running = false;
            kafka.wakeup();
            // A handler in the middle of its work is cut off: its transaction rolls back, the offset
            // stays, and whoever consumes next handles the event again (at least once).
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A listener of its own in every process: a consumer group per instance (a random suffix) that
     * starts at the end of each topic and commits nothing, so the broker keeps no offsets for it
     * and forgets the group once the instance is gone.
     */
    private final class BroadcastLoop implements Runnable {
        private final String name;
        private final Set<String> types;
        private final java.util.function.Consumer<Event> listener;
        private final KafkaConsumer<String, byte[]> kafka;
        private final Thread thread;
        private volatile boolean running = true;

        BroadcastLoop(String name, Set<String> types, java.util.function.Consumer<Event> listener) {
            this.name = name;
            this.types = Set.copyOf(types);
            this.listener = listener;
            String instance = UUID.randomUUID().toString().substring(0, 8);
            Properties p = withClientSettings();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + name + "-" + instance);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "marquee-" + name + "-" + instance);
            this.kafka = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            this.thread = new Thread(this, "events-" + name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                kafka.subscribe(types.stream().map(KafkaTransport.this::topic).toList());
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                        try {
                            listener.accept(toEvent(record));
                        } catch (RuntimeException e) {
                            log.warn("Listener {} failed on {}@{}", name, record.topic(), record.offset(), e);
                        }
                    }
                }
            } catch (WakeupException e) {
                if (running) log.warn("Listener {} woken unexpectedly", name, e);
            } catch (RuntimeException e) {
                log.error("Listener {} stopped", name, e);
            } finally {
                kafka.close(Duration.ofSeconds(5));
            }
        }

        void stop() {
            running = false;
            kafka.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
