package marquee.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import marquee.platform.config.Config;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's Kafka over TLS, for real: the broker is configured from the kafka service's
 * own environment in docker-compose.yml (KAFKA_X_Y → x.y, as the apache/kafka image does), with
 * the certificates scripts/make-secrets.sh writes, and a service's events reach it through the
 * client settings file compose names in MARQUEE_KAFKA_CLIENT_PROPERTIES. A client without the
 * installation's client certificate, or without TLS, is turned away. Only the container paths
 * and ports are mapped to this machine.
 */
class ComposeKafkaTlsTest {
    private static Path root;
    private static Path secrets;
    private static KafkaRaftServer broker;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("docker-compose.yml"))) root = root.getParent();
        assertThat(root).as("repository root").isNotNull();
        secrets = Files.createTempDirectory("marquee-kafka-tls").resolve("secrets");
        Process make = new ProcessBuilder("bash", root.resolve("scripts/make-secrets.sh").toString(), "--dir", secrets.toString())
                .redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes());
        assertThat(make.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(output).isZero();

        Map<String, String> env = kafkaEnvironment(Files.readAllLines(root.resolve("docker-compose.yml")));
        assertThat(env).containsEntry("KAFKA_SSL_CLIENT_AUTH", "required");
        assertThat(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("BROKER:SSL").doesNotContain("BROKER:PLAINTEXT");
        // The image's start script demands JKS files when an advertised listener is literally "SSL://".
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).doesNotContain("SSL://");
        port = freePort();
        int controller = freePort();
        Path data = Files.createTempDirectory("marquee-kafka-tls-data");
        Properties p = new Properties();
        env.forEach((name, value) -> p.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value.replace("/etc/kafka/secrets", secrets.resolve("kafka").toString())
                        .replace("/var/lib/kafka/data", data.toString())
                        .replace("://:9092", "://localhost:" + port).replace("kafka:9092", "localhost:" + port)
                        .replace("localhost:9093", "localhost:" + controller)));
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        Path config = data.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "docker-compose.yml's kafka service, on this machine");
        }
        int formatted = kafka.tools.StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()}, new PrintStream(System.out, true));
        assertThat(formatted).isZero();
        broker = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        broker.startup();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    /** The environment of the kafka service in docker-compose.yml (its block's KAFKA_* lines). */
    static Map<String, String> kafkaEnvironment(List<String> compose) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean inKafka = false;
        for (String line : compose) {
            if (line.matches("^  [a-z-]+:\\s*$")) inKafka = line.strip().equals("kafka:");
            String entry = line.strip();
            if (inKafka && entry.startsWith("KAFKA_") && entry.contains(":")) {
                int colon = entry.indexOf(':');
                String value = entry.substring(colon + 1).strip();
                if (value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
                env.put(entry.substring(0, colon), value);
            }
        }
        assertThat(env).as("the kafka service's environment in docker-compose.yml").isNotEmpty();
        return env;
    }

    /** The service's kafka-client.properties with the container's keys directory mapped to where make-secrets wrote it. */
    private static Path clientSettings(String service, String drop) throws IOException {
        Path dir = secrets.resolve(service);
        // (Short admin timeouts, so a refused client gives up in seconds rather than a minute.)
        StringBuilder text = new StringBuilder(drop == null ? "" : "default.api.timeout.ms=4000\nrequest.timeout.ms=3000\n");
        for (String line : Files.readAllLines(dir.resolve("kafka-client.properties"))) {
            if (drop != null && (line.startsWith(drop) || line.startsWith("#"))) continue;
            text.append(line.replace("/var/lib/marquee/keys", dir.toString())).append('\n');
        }
        Path file = Files.createTempFile("kafka-client", ".properties");
        Files.writeString(file, text);
        return file;
    }

    private static Events events(Path clientSettings, String sendTimeout) {
        Map<String, String> settings = new HashMap<>(Map.of("marquee.kafka.bootstrap", "localhost:" + port,
                "marquee.kafka.topic.prefix", "tls" + UUID.randomUUID().toString().substring(0, 6) + ".",
                "marquee.kafka.send.timeout", sendTimeout));
        if (clientSettings != null) settings.put("marquee.kafka.client.properties", clientSettings.toString());
        return Events.fromConfig(Config.withOverrides(settings), new SimpleMeterRegistry());
    }

    private static Event event() {
        return new Event(UUID.randomUUID(), EventTypes.SHOWTIME_CANCELLED, UUID.randomUUID().toString(), "movies", Instant.now(),
                new byte[] {1, 2, 3});
    }

    @Test
    void aServiceWithItsClientSettingsPublishesOverMutualTls() throws Exception {
        assertThat(Files.readString(root.resolve("docker-compose.yml")))
                .contains("MARQUEE_KAFKA_CLIENT_PROPERTIES: \"${MARQUEE_KAFKA_CLIENT_PROPERTIES:-/var/lib/marquee/keys/kafka-client.properties}\"")
                .contains("./deploy/secrets/kafka:/etc/kafka/secrets:ro");
        assertThat(Files.readString(secrets.resolve("payments/kafka-client.properties"))).contains("security.protocol=SSL");
        for (String service : List.of("reservations", "notifications")) {
            try (Events events = events(clientSettings(service, null), "PT60S")) {
                events.transport().publish(List.of(event()));
            }
        }
    }

    @Test
    void aClientWithoutTheInstallationsCertificateOrWithoutTlsIsRefused() throws Exception {
        try (Events noCertificate = events(clientSettings("payments", "ssl.keystore."), "PT5S")) {
            assertThatThrownBy(() -> noCertificate.transport().publish(List.of(event()))).isNotNull();
        }
        try (Events plaintext = events(clientSettings("payments", "s"), "PT5S")) { // security.* and ssl.* dropped: plaintext
            assertThatThrownBy(() -> plaintext.transport().publish(List.of(event()))).isNotNull();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
