package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.ServiceModules;
import marquee.platform.auth.BearerToken;
import marquee.platform.config.Config;
import marquee.platform.testing.TestPostgres;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's "one terminal per service" layout: six JVMs, one service each, each with its own
 * database on an external PostgreSQL (given by URL), finding each other by configured address.
 */
class SeparateProcessesTest {
    private static final List<Process> processes = new ArrayList<>();
    private static final Map<String, Integer> ports = new HashMap<>();
    private static Path dataDir;

    @BeforeAll
    static void startSixProcesses() throws Exception {
        dataDir = Files.createTempDirectory("marquee-split");
        for (String service : ServiceModules.ALL) ports.put(service, freePort());
        Map<String, String> environment = new HashMap<>();
        environment.put("MARQUEE_DATA_DIR", dataDir.toString());
        environment.put("MARQUEE_DB_USER", "postgres");
        environment.put("MARQUEE_DEMO_DATA", "true");
        environment.put("MARQUEE_DB_POOL_SIZE", "3");
        for (String service : ServiceModules.ALL) {
            environment.put(Config.envName("marquee." + service + ".address"), "localhost:" + ports.get(service));
            // Database per service: each gets a database of its own on the external server.
            environment.put(Config.envName("marquee." + service + ".db.url"), TestPostgres.newDatabase());
        }
        for (String service : ServiceModules.ALL) {
            processes.add(launch(environment, service, "--port", ports.get(service).toString()));
        }
        for (String service : ServiceModules.ALL) awaitServing(ports.get(service));
        Process loader = launch(environment, "demo-data");
        assertThat(loader.waitFor(180, TimeUnit.SECONDS)).as("demo data loader finished").isTrue();
        assertThat(loader.exitValue()).as("demo data loader exit code").isZero();
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    @Test
    void demoCustomerLogsInAtUsersAndListsShowtimesAtMovies() {
        ManagedChannel users = channel("users");
        ManagedChannel theaters = channel("theaters");
        ManagedChannel movies = channel("movies");
        try {
            String token = UsersServiceGrpc.newBlockingStub(users).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .login(LoginRequest.newBuilder().setEmail("customer@marquee.demo").setPassword("Customer2026!").build())
                    .getAccessToken();
            var cinemas = TheatersServiceGrpc.newBlockingStub(theaters).listCinemas(ListCinemasRequest.getDefaultInstance())
                    .getCinemasList();
            assertThat(cinemas).hasSize(2);
            var showtimes = MoviesServiceGrpc.newBlockingStub(movies).withCallCredentials(new BearerToken(token))
                    .listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinemas.get(0).getId())
                            .setDate(LocalDate.now(ZoneId.of(DemoData.ZONE)).toString()).setDays(7).build())
                    .getShowtimesList();
            assertThat(showtimes).isNotEmpty();
            assertThat(showtimes).allSatisfy(s -> assertThat(s.getHallName()).isNotBlank());
        } finally {
            users.shutdownNow();
            theaters.shutdownNow();
            movies.shutdownNow();
        }
    }

    @Test
    void eachProcessServesReflectionAndHealth() throws Exception {
        for (String service : ServiceModules.ALL) {
            ManagedChannel channel = channel(service);
            try {
                // health, two reflection versions, the domain service (reservations also serves offline sales)
                assertThat(ReflectionClient.listServices(channel)).hasSize(service.equals("reservations") ? 5 : 4)
                        .contains("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection")
                        .anyMatch(name -> name.equals("marquee." + service + ".v1." + capitalize(service) + "Service"));
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static ManagedChannel channel(String service) {
        return NettyChannelBuilder.forAddress("localhost", ports.get(service)).usePlaintext().build();
    }

    private static Process launch(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        File log = dataDir.resolve(String.join("-", args).replaceAll("[^a-z0-9-]", "") + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        return builder.start();
    }

    private static void awaitServing(int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
