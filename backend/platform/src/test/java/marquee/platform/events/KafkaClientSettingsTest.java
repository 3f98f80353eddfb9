package marquee.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MARQUEE_KAFKA_CLIENT_PROPERTIES (TLS/SASL to the cinema's brokers) reaches the Kafka clients,
 * and a named file that cannot be read stops the start instead of falling back to plaintext.
 */
class KafkaClientSettingsTest {

    @Test
    void theSettingsFileIsReadWithKafkasOwnPropertyNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka-client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/marquee/kafka-ca.p12\n");
        var settings = Events.clientSettings(Config.withOverrides(Map.of("marquee.kafka.client.properties", file.toString())));
        assertThat(settings).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/marquee/kafka-ca.p12");
        assertThat(Events.clientSettings(Config.withOverrides(Map.of()))).isEmpty();
    }

    @Test
    void theSettingsReachTheProducer(@TempDir Path dir) throws Exception {
        // A TLS setting the producer must act on: a truststore that does not exist fails its construction.
        Path file = dir.resolve("kafka-client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=" + dir.resolve("missing.p12")
                + "\nssl.truststore.password=changeit\n");
        // (A resolvable address: the producer resolves its bootstrap servers before it builds its TLS context.)
        Config config = Config.withOverrides(Map.of("marquee.kafka.bootstrap", "localhost:9",
                "marquee.kafka.client.properties", file.toString()));
        assertThatThrownBy(() -> Events.fromConfig(config, new SimpleMeterRegistry()))
                .hasStackTraceContaining("missing.p12");
    }

    @Test
    void aNamedFileThatCannotBeReadStopsTheStart(@TempDir Path dir) {
        Config config = Config.withOverrides(Map.of("marquee.kafka.bootstrap", "kafka.example.internal:9093",
                "marquee.kafka.client.properties", dir.resolve("absent.properties").toString()));
        assertThatThrownBy(() -> Events.fromConfig(config, new SimpleMeterRegistry()))
                .hasMessageContaining("MARQUEE_KAFKA_CLIENT_PROPERTIES").hasMessageContaining("absent.properties");
    }
}
