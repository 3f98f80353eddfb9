package marquee.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs marquee-server (dpkg -i as root), starts the installed all-in-one launcher and the
 * gateway the way the systemd units do (user marquee, data in /var/lib/marquee), and sees gRPC
 * health SERVING and GET /movies answer; then an upgrade keeps configuration and data, removal
 * keeps them, purge deletes them.
 */
class ServerPackageIT {
    @TempDir Path scratch;

    @Test
    void installStartAnswerUpgradeRemove() throws Exception {
        Path root = Packages.installRoot(scratch);
        Packages.install("marquee-server", root);
        Path data = Packages.ROOT ? Path.of("/var/lib/marquee") : scratch.resolve("var/lib/marquee");
        List<Process> started = new ArrayList<>();
        try {
            if (Packages.ROOT) {
                assertThat(Packages.run(List.of("id", "-u", "marquee"), java.util.Map.of(), 10).exit()).as("system user marquee").isZero();
                assertThat(Files.getOwner(data).getName()).isEqualTo("marquee");
            }
            Path units = root.resolve("lib/systemd/system");
            for (String unit : List.of("marquee-server.service", "marquee-gateway.service", "marquee-users.service", "marquee-tickets.service")) {
                assertThat(Files.readString(units.resolve(unit))).contains("Restart=on-failure", "User=marquee",
                        "MARQUEE_DATA_DIR=/var/lib/marquee", "StandardOutput=journal", "EnvironmentFile=-/etc/marquee/server.conf");
            }
            assertThat(Files.readString(units.resolve("marquee-server.service"))).contains("ExecStart=/opt/marquee-server/bin/marquee-server all");
            assertThat(Files.readString(units.resolve("marquee-tickets.service"))).contains("ExecStart=/opt/marquee-server/bin/marquee-server tickets");

            int grpcPort = Packages.freePort();
            int httpPort = Packages.freePort();
            Path bin = root.resolve("opt/marquee-server/bin");
            Path log = scratch.resolve("server.log");
            Files.createDirectories(data);
            started.add(start(List.of(bin.resolve("marquee-server").toString(), "all", "--port", Integer.toString(grpcPort)), data, log,
                    "MARQUEE_METRICS_PORT", "-1"));
            ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
            try {
                Awaitility.await("gRPC health SERVING (log: " + log + ")").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> {
                            assertThat(started.get(0).isAlive()).as("server running; log:\n" + Files.readString(log)).isTrue();
                            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
                        });
            } finally {
                channel.shutdownNow();
            }
            assertThat(started.get(0).isAlive()).as("server alive; log:\n" + Files.readString(log)).isTrue();

            Path gatewayLog = scratch.resolve("gateway.log");
            started.add(start(List.of(bin.resolve("marquee-gateway").toString(), "--port", Integer.toString(httpPort)), data, gatewayLog,
                    "MARQUEE_GATEWAY_BACKEND", "localhost:" + grpcPort));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest movies = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/movies")).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> answer = Awaitility.await("GET /movies (log: " + gatewayLog + ")").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> http.send(movies, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            assertThat(answer.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            assertThat(answer.body()).contains("\"movies\"");

            for (Process process : started) stop(process);
            String serverLog = Files.readString(log);
            assertThat(serverLog).contains("Marquee backend ready").doesNotContain("Exception in thread");
            assertThat(data.resolve("postgres/PG_VERSION")).exists();
            assertThat(data.resolve("keys")).isDirectory();
        } finally {
            for (Process process : started) stop(process);
        }

        if (!Packages.ROOT) return;   // upgrade and removal need dpkg for real
        // Upgrade (the same package again): the administrator's configuration and the data stay.
        Path conf = Path.of("/etc/marquee/server.conf");
        Files.writeString(conf, Files.readString(conf) + "MARQUEE_DB_POOL_SIZE=6\n");
        Packages.install("marquee-server", root);
        assertThat(Files.readString(conf)).contains("MARQUEE_DB_POOL_SIZE=6");
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
        // Remove keeps configuration and data; purge deletes them and the system user.
        Packages.remove("marquee-server", false);
        assertThat(Path.of("/opt/marquee-server/bin/marquee-server")).doesNotExist();
        assertThat(conf).exists();
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
        Packages.remove("marquee-server", true);
        assertThat(conf).doesNotExist();
        assertThat(data).doesNotExist();
        assertThat(Packages.run(List.of("id", "-u", "marquee"), java.util.Map.of(), 10).exit()).isNotZero();
    }

    @org.junit.jupiter.api.AfterEach
    void leaveTheMachineClean() {
        if (Packages.ROOT && Files.exists(Path.of("/var/lib/dpkg/info/marquee-server.list"))) Packages.remove("marquee-server", true);
    }

    /** Starts an installed launcher as the units do: user marquee, data in /var/lib/marquee. */
    private static Process start(List<String> command, Path data, Path log, String key, String value) throws Exception {
        List<String> full = new ArrayList<>(List.of("env", "MARQUEE_DATA_DIR=" + data, key + "=" + value));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(Packages.asUser("marquee", full)).redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static void stop(Process process) {
        if (!process.isAlive()) return;
        // runuser forwards SIGTERM to the launcher; the JVM's shutdown hook stops PostgreSQL.
        process.children().forEach(ProcessHandle::destroy);
        if (process.children().findAny().isEmpty()) process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
