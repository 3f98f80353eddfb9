package marquee.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            // As systemd would start it: /etc/marquee/server.conf (the installation's settings) as environment.
            Map<String, String> settings = Packages.ROOT ? serverConf(Path.of("/etc/marquee/server.conf")) : Map.of();
            Path secrets = Path.of("/etc/marquee/secrets");
            if (Packages.ROOT) {
                assertThat(settings).containsEntry("MARQUEE_DEMO_DATA", "false").containsEntry("MARQUEE_PAYMENTS_CARD_GATEWAY", "none")
                        .containsEntry("MARQUEE_GATEWAY_HOST", "127.0.0.1")
                        .containsEntry("MARQUEE_TLS_CERT", secrets + "/tls/server.pem");
                assertThat(secrets.resolve("first-manager-password")).isNotEmptyFile();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve("tls/ca.key")))).isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve("tls/server.key")))).isEqualTo("rw-r-----");
                assertThat(Files.readAttributes(secrets.resolve("tls/server.key"), PosixFileAttributes.class).group().getName()).isEqualTo("marquee");
            }
            Map<String, String> serverEnv = new java.util.HashMap<>(settings);
            serverEnv.put("MARQUEE_METRICS_PORT", "-1");
            started.add(start(List.of(bin.resolve("marquee-server").toString(), "all", "--port", Integer.toString(grpcPort)), data, log, serverEnv));
            ManagedChannel channel = Packages.ROOT
                    ? Grpc.newChannelBuilderForAddress("localhost", grpcPort,
                            TlsChannelCredentials.newBuilder().trustManager(secrets.resolve("tls/ca.pem").toFile()).build()).build()
                    : ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
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
            // The demo data (on a trial box) or the first manager is there once the log says ready.
            Awaitility.await("Marquee backend ready (log: " + log + ")").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(log).contains("Marquee backend ready") || !started.get(0).isAlive());
            Map<String, String> gatewayEnv = new java.util.HashMap<>(settings);
            gatewayEnv.put("MARQUEE_GATEWAY_BACKEND", "localhost:" + grpcPort);
            started.add(start(List.of(bin.resolve("marquee-gateway").toString(), "--port", Integer.toString(httpPort)), data, gatewayLog, gatewayEnv));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest movies = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/movies")).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> answer = Awaitility.await("GET /movies (log: " + gatewayLog + ")").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> http.send(movies, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            assertThat(answer.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            assertThat(answer.body()).contains("\"movies\"");
            if (Packages.ROOT) {
                // A real installation: the generated first manager signs in, the demo manager does not exist.
                String password = Files.readString(secrets.resolve("first-manager-password")).strip();
                assertThat(login(http, httpPort, "manager@cinema.example", password).statusCode()).as("first manager signs in").isEqualTo(200);
                assertThat(login(http, httpPort, "manager@marquee.demo", "Manager2026!").statusCode()).as("no demo manager").isEqualTo(401);
            }

            for (Process process : started) stop(process);
            String serverLog = Files.readString(log);
            assertThat(serverLog).contains("Marquee backend ready").doesNotContain("Exception in thread");
            if (Packages.ROOT) {
                assertThat(serverLog).contains("Created the first chain manager manager@cinema.example")
                        .doesNotContain("PLAINTEXT", "Demo accounts created", "SIMULATED");
            }
            assertThat(data.resolve("postgres/PG_VERSION")).exists();
            assertThat(data.resolve("keys")).isDirectory();
        } finally {
            for (Process process : started) stop(process);
        }

        if (!Packages.ROOT) return;   // upgrade and removal need dpkg for real
        // Upgrade (the same package again): the administrator's configuration and the data stay.
        Path conf = Path.of("/etc/marquee/server.conf");
        Files.writeString(conf, Files.readString(conf) + "MARQUEE_DB_POOL_SIZE=6\n");
        String caBefore = Files.readString(Path.of("/etc/marquee/secrets/tls/ca.pem"));
        Packages.install("marquee-server", root);
        assertThat(Files.readString(conf)).contains("MARQUEE_DB_POOL_SIZE=6");
        assertThat(Files.readString(Path.of("/etc/marquee/secrets/tls/ca.pem"))).as("the CA survives an upgrade").isEqualTo(caBefore);
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
        // Remove keeps configuration and data; purge deletes them and the system user.
        Packages.remove("marquee-server", false);
        assertThat(Path.of("/opt/marquee-server/bin/marquee-server")).doesNotExist();
        assertThat(conf).exists();
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
        Packages.remove("marquee-server", true);
        assertThat(conf).doesNotExist();
        assertThat(Path.of("/etc/marquee/secrets")).doesNotExist();
        assertThat(data).doesNotExist();
        assertThat(Packages.run(List.of("id", "-u", "marquee"), java.util.Map.of(), 10).exit()).isNotZero();
    }

    @org.junit.jupiter.api.AfterEach
    void leaveTheMachineClean() {
        if (Packages.ROOT && Files.exists(Path.of("/var/lib/dpkg/info/marquee-server.list"))) Packages.remove("marquee-server", true);
    }

    private static HttpResponse<String> login(HttpClient http, int port, String email, String password) throws Exception {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/auth/login")).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** NAME=value lines, as systemd's EnvironmentFile reads them (comments and blank lines skipped). */
    static Map<String, String> serverConf(Path file) throws java.io.IOException {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) continue;
            settings.put(trimmed.substring(0, trimmed.indexOf('=')).strip(), trimmed.substring(trimmed.indexOf('=') + 1).strip());
        }
        return settings;
    }

    /** Starts an installed launcher as the units do: user marquee, data in /var/lib/marquee. */
    private static Process start(List<String> command, Path data, Path log, Map<String, String> environment) throws Exception {
        List<String> full = new ArrayList<>(List.of("env", "MARQUEE_DATA_DIR=" + data));
        environment.forEach((key, value) -> full.add(key + "=" + value));
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
