package marquee.platform.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker (KRaft, one node that is broker and controller) in the test JVM, formatted
 * and started from the Maven artifacts on first use (as {@code kafka-storage.sh format} and
 * {@code kafka-server-start.sh} would) and kept for the JVM's life. No Docker, no ZooKeeper.
 */
public final class TestKafka {
    private static KafkaRaftServer server;
    private static String bootstrap;

    private TestKafka() {}

    public static synchronized String bootstrap() {
        if (server != null) return bootstrap;
        try {
            Path dir = Files.createTempDirectory("marquee-kafka");
            int brokerPort = freePort();
            int controllerPort = freePort();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("log.dirs", dir.resolve("data").toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "4");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.partitions", "3");
            Path config = dir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                p.store(out, "Marquee test broker");
            }
            int formatted = kafka.tools.StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()}, new PrintStream(System.out, true));
            if (formatted != 0) throw new IllegalStateException("formatting the Kafka storage failed: " + formatted);
            KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            started.startup();
            server = started;
            bootstrap = "localhost:" + brokerPort;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.shutdown();
                started.awaitShutdown();
            }));
            return bootstrap;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
