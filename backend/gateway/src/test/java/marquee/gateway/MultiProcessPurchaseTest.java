package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.testing.TestPostgres;
import marquee.server.DemoData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kiosk's purchase over HTTP against the microservices deployment: seven JVMs — the six
 * services, each with a database of its own on a real PostgreSQL, and the gateway — finding each
 * other by configured addresses, as {@code scripts/run-services.sh} starts them.
 */
class MultiProcessPurchaseTest {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MultiProcessPurchaseTest.class);
    private static final List<Process> processes = new ArrayList<>();
    private static final Map<String, Integer> ports = new HashMap<>();
    private static Path dataDir;
    private static LiveGateway.Client http;

    @BeforeAll
    static void startSevenProcesses() throws Exception {
        long started = System.currentTimeMillis();
        dataDir = Files.createTempDirectory("marquee-e2e");
        for (String service : ServiceModules.ALL) ports.put(service, freePort());
        int gatewayPort = freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("MARQUEE_DATA_DIR", dataDir.toString());
        environment.put("MARQUEE_DB_USER", "postgres");
        environment.put("MARQUEE_DEMO_DATA", "true");
        environment.put("MARQUEE_DB_POOL_SIZE", "3");
        environment.put("MARQUEE_METRICS_PORT", "0");
        environment.put("MARQUEE_USERS_BCRYPT_STRENGTH", "6");
        for (String service : ServiceModules.ALL) {
            environment.put(Config.envName("marquee." + service + ".address"), "localhost:" + ports.get(service));
            environment.put(Config.envName("marquee." + service + ".db.url"), TestPostgres.newDatabase());
        }
        for (String service : ServiceModules.ALL) {
            processes.add(launch(environment, "marquee.server.Main", service, "--port", ports.get(service).toString()));
        }
        for (String service : ServiceModules.ALL) awaitServing(ports.get(service));
        log.info("Six service processes SERVING after {} ms", System.currentTimeMillis() - started);
        // The seventh process: the gateway, reaching each service at its own address (it starts
        // while the demo programme loads).
        processes.add(launch(environment, Main.class.getName(), "--port", Integer.toString(gatewayPort)));
        http = new LiveGateway.Client(gatewayPort);
        // The demo programme, loaded through the public APIs of the separate processes.
        ManagedChannel users = Channels.build("localhost:" + ports.get("users"));
        ManagedChannel theaters = Channels.build("localhost:" + ports.get("theaters"));
        ManagedChannel movies = Channels.build("localhost:" + ports.get("movies"));
        try {
            new DemoData(users, theaters, movies).ensure();
        } finally {
            users.shutdownNow();
            theaters.shutdownNow();
            movies.shutdownNow();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> http.send("GET", "/openapi.json", null, null).status() == 200);
        log.info("Seven processes up and demo programme loaded after {} ms (logs in {})", System.currentTimeMillis() - started, dataDir);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    @Test
    void registerLoginBrowseHoldPayAndGetTicketsOverHttp() throws Exception {
        String email = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var registered = http.send("POST", "/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"Secret2026pw\",\"display_name\":\"Web Buyer\"}", null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        var login = http.send("POST", "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"Secret2026pw\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.string("accessToken");

        var cinemas = http.send("GET", "/cinemas", null, null);
        assertThat(cinemas.status()).as(cinemas.toString()).isEqualTo(200);
        Struct cinema = cinemas.json().getFieldsOrThrow("cinemas").getListValue().getValues(0).getStructValue();
        String cinemaId = cinema.getFieldsOrThrow("id").getStringValue();
        String date = LocalDate.now(ZoneId.of(cinema.getFieldsOrThrow("timeZone").getStringValue())).toString();
        var movies = http.send("GET", "/movies?cinema_id=" + cinemaId + "&date=" + date, null, null);
        assertThat(movies.status()).as(movies.toString()).isEqualTo(200);
        assertThat(movies.json().getFieldsOrThrow("movies").getListValue().getValuesList()).isNotEmpty();

        var showtimes = http.send("GET", "/showtimes?cinema_id=" + cinemaId + "&date=" + date + "&days=7", null, null);
        assertThat(showtimes.status()).as(showtimes.toString()).isEqualTo(200);
        String showtime = null;
        for (Value v : showtimes.json().getFieldsOrThrow("showtimes").getListValue().getValuesList()) {
            Struct s = v.getStructValue();
            if (s.getFieldsOrThrow("status").getStringValue().equals("SCHEDULED")
                    && Instant.parse(s.getFieldsOrThrow("startsAt").getStringValue()).isAfter(Instant.now().plusSeconds(3600))) {
                showtime = s.getFieldsOrThrow("id").getStringValue();
                break;
            }
        }
        assertThat(showtime).as("a showtime in the next days").isNotNull();

        // Seat map (reservations asks movies and theaters), then the best two seats.
        var seatMap = http.send("GET", "/showtimes/" + showtime + "/seats", null, null);
        assertThat(seatMap.status()).as(seatMap.toString()).isEqualTo(200);
        assertThat(seatMap.json().getFieldsOrThrow("hall").getStructValue().getFieldsOrThrow("layout").getStructValue()
                .getFieldsOrThrow("rows").getListValue().getValuesList()).isNotEmpty();
        var suggestion = http.send("POST", "/showtimes/" + showtime + "/suggestions", "{\"count\":2}", token);
        assertThat(suggestion.status()).as(suggestion.toString()).isEqualTo(200);
        List<Value> seats = suggestion.json().getFieldsOrThrow("seatIds").getListValue().getValuesList();
        assertThat(seats).hasSize(2);

        var hold = http.send("POST", "/reservations", "{\"showtime_id\":\"" + showtime + "\",\"seats\":[{\"seat_id\":\""
                + seats.get(0).getStringValue() + "\"},{\"seat_id\":\"" + seats.get(1).getStringValue() + "\"}],\"idempotency_key\":\""
                + UUID.randomUUID() + "\"}", token);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        assertThat(hold.string("status")).isEqualTo("BOOKING_HELD");

        // Checkout: reservations → payments (→ reservations for the amount) → tickets, all separate processes.
        var charge = http.send("POST", "/payments/charge", "{\"booking_id\":\"" + hold.string("id") + "\",\"idempotency_key\":\""
                + UUID.randomUUID() + "\",\"payment\":{\"card\":{\"number\":\"4242424242424242\",\"expiry_month\":12,"
                + "\"expiry_year\":2031,\"cvc\":\"123\"}}}", token);
        assertThat(charge.status()).as(charge.toString()).isEqualTo(200);
        assertThat(charge.string("outcome")).isEqualTo("COMPLETED");
        assertThat(charge.body()).doesNotContain("4242424242424242");

        String code = hold.string("code");
        var booking = http.send("GET", "/bookings/" + code, null, token);
        assertThat(booking.status()).as(booking.toString()).isEqualTo(200);
        assertThat(booking.string("status")).isEqualTo("BOOKING_CONFIRMED");
        var tickets = http.send("GET", "/bookings/" + code + "/tickets", null, token);
        assertThat(tickets.status()).as(tickets.toString()).isEqualTo(200);
        List<Value> issued = tickets.json().getFieldsOrThrow("tickets").getListValue().getValuesList();
        assertThat(issued).hasSize(2);
        assertThat(issued).extracting(t -> t.getStructValue().getFieldsOrThrow("seatId").getStringValue())
                .containsExactlyInAnyOrder(seats.get(0).getStringValue(), seats.get(1).getStringValue());
        assertThat(issued).allSatisfy(t -> assertThat(t.getStructValue().getFieldsOrThrow("qrPayload").getStringValue()).startsWith("MQ1."));

        // The same seats again: a clean 409 from the reservations process, relayed as JSON.
        var again = http.send("POST", "/reservations", "{\"showtime_id\":\"" + showtime + "\",\"seats\":[{\"seat_id\":\""
                + seats.get(0).getStringValue() + "\"}],\"idempotency_key\":\"" + UUID.randomUUID() + "\"}", token);
        RefusalsOverHttpTest.assertError(again, 409);
        assertThat(again.string("message")).contains("seat taken");
    }

    private static Process launch(Map<String, String> environment, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        String name = (mainClass.endsWith("gateway.Main") ? "gateway" : args[0]).replaceAll("[^a-z0-9-]", "");
        File log = dataDir.resolve(name + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        return builder.start();
    }

    private static void awaitServing(int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
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
