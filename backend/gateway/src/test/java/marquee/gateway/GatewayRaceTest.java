package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.testing.TestBackend;
import marquee.server.DemoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booking core's race, through the gateway: reservations runs as two instances (two gRPC
 * servers on real sockets, one database), the gateway spreads calls over both with
 * {@code list:///}, and many buyers hold and pay for overlapping seats of one showtime over
 * HTTP at once. The database must leave every seat sold at most once.
 */
class GatewayRaceTest {
    private static final Logger log = LoggerFactory.getLogger(GatewayRaceTest.class);
    private static final int BUYERS = 48;
    /** Seats fought over: every buyer wants two neighbours out of these. */
    private static final int POOL = 8;

    private static TestBackend backend;
    private static BackendRuntime secondReservations;
    private static Gateway gateway;
    private static LiveGateway.Client http;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> fast = Map.of("marquee.users.bcrypt.strength", "4", "marquee.demo.data", "true");
        backend = TestBackend.start(fast, ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        ManagedChannel channel = Channels.build("localhost:" + backend.runtime().port());
        try {
            new DemoData(channel).ensure();
        } finally {
            channel.shutdownNow();
        }
        // The second instance of reservations: its own server and port, the same database and keys.
        Map<String, String> settings = new HashMap<>();
        settings.put("marquee.db.url", backend.jdbcUrl());
        settings.put("marquee.db.user", "postgres");
        settings.put("marquee.db.pool.size", "4");
        settings.put("marquee.data.dir", backend.dataDir().toString());
        settings.put("marquee.metrics.port", "0");
        for (String peer : List.of("users", "movies", "theaters", "payments", "tickets")) {
            settings.put("marquee." + peer + ".address", "localhost:" + backend.runtime().port());
        }
        secondReservations = BackendRuntime.start(Config.withOverrides(settings), ServiceModules.load(List.of("reservations")), 0,
                BackendRuntime.StartupListener.NONE);
        gateway = Gateway.start(Config.withOverrides(Map.of(
                "marquee.data.dir", backend.dataDir().toString(),
                "marquee.gateway.port", "0",
                "marquee.gateway.host", "127.0.0.1",
                "marquee.gateway.threads", "64",
                "marquee.gateway.backend", "localhost:" + backend.runtime().port(),
                "marquee.reservations.address", "list:///localhost:" + backend.runtime().port() + ",localhost:" + secondReservations.port())));
        http = new LiveGateway.Client(gateway.port());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (secondReservations != null) secondReservations.close();
        if (backend != null) backend.close();
    }

    @Test
    void buyersRacingOverHttpAtTwoInstancesNeverGetTheSameSeat() throws Exception {
        String showtime = futureShowtime();
        List<String> seats = standardSeats(showtime);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) tokens.add(registerAndLogin(i));

        ExecutorService pool = Executors.newFixedThreadPool(BUYERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) {
            String token = tokens.get(i);
            int first = i % (POOL - 1);
            List<String> wanted = List.of(seats.get(first), seats.get(first + 1));
            results.add(pool.submit(() -> {
                go.await();
                return buy(token, showtime, wanted);
            }));
        }
        go.countDown();
        Map<String, Integer> outcomes = new HashMap<>();
        for (Future<String> result : results) outcomes.merge(result.get(), 1, Integer::sum);
        pool.shutdown();
        log.info("Race outcomes over HTTP: {}", outcomes);

        // Everyone got an answer that is a sale or a clean refusal (409 with a JSON body, checked in buy()).
        assertThat(outcomes.keySet()).allMatch(o -> o.equals("sold") || o.startsWith("409 "));
        assertThat(outcomes.getOrDefault("sold", 0)).as(outcomes.toString()).isBetween(1, POOL / 2);
        assertThat(outcomes.getOrDefault("409 seat taken", 0)).as("losers told the seat is taken: " + outcomes).isPositive();

        // The database: no seat of any showtime in two confirmed bookings, no seat with two live tickets.
        assertThat(backend.count("""
                SELECT count(*) FROM (SELECT b.showtime_id, l.seat_id FROM reservations.booking b
                  JOIN reservations.booking_line l ON l.booking_id = b.id WHERE b.status = 'CONFIRMED'
                 GROUP BY b.showtime_id, l.seat_id HAVING count(*) > 1) twice""")).isZero();
        assertThat(backend.count("""
                SELECT count(*) FROM (SELECT showtime_id, seat_id FROM reservations.seat_claim WHERE status = 'SOLD'
                 GROUP BY showtime_id, seat_id HAVING count(*) > 1) twice""")).isZero();
        assertThat(backend.count("""
                SELECT count(*) FROM (SELECT showtime_id, seat_id FROM tickets.ticket WHERE status <> 'REVOKED'
                 GROUP BY showtime_id, seat_id HAVING count(*) > 1) twice""")).isZero();
        // What was sold is exactly what the buyers were told they bought.
        long soldSeats = backend.count("SELECT count(*) FROM reservations.seat_claim WHERE status = 'SOLD' AND showtime_id = '"
                + showtime + "'");
        assertThat(soldSeats).isEqualTo(2L * outcomes.getOrDefault("sold", 0));
        assertThat(backend.count("SELECT count(*) FROM reservations.booking b JOIN reservations.booking_line l ON l.booking_id = b.id"
                + " WHERE b.status = 'CONFIRMED' AND b.showtime_id = '" + showtime + "'")).isEqualTo(soldSeats);

        // Both instances served holds: the race really ran against two servers.
        assertThat(holdCalls(backend.runtime())).isPositive();
        assertThat(holdCalls(secondReservations)).isPositive();
    }

    /** Hold two seats and pay; returns "sold" or "&lt;status&gt; &lt;reason&gt;" for a refusal. */
    private static String buy(String token, String showtime, List<String> wanted) throws Exception {
        String body = "{\"showtime_id\":\"" + showtime + "\",\"seats\":[{\"seat_id\":\"" + wanted.get(0) + "\"},{\"seat_id\":\""
                + wanted.get(1) + "\"}],\"idempotency_key\":\"" + UUID.randomUUID() + "\"}";
        LiveGateway.Response hold = http.send("POST", "/reservations", body, token);
        if (hold.status() != 201) return refusal(hold);
        LiveGateway.Response charge = http.send("POST", "/payments/charge", "{\"booking_id\":\"" + hold.string("id")
                + "\",\"idempotency_key\":\"" + UUID.randomUUID() + "\",\"payment\":{\"card\":{\"number\":\"4242424242424242\","
                + "\"expiry_month\":12,\"expiry_year\":2031,\"cvc\":\"123\"}}}", token);
        if (charge.status() != 200) return refusal(charge);
        assertThat(charge.string("outcome")).as(charge.toString()).isEqualTo("COMPLETED");
        return "sold";
    }

    private static String refusal(LiveGateway.Response response) {
        RefusalsOverHttpTest.assertError(response, 409);
        assertThat(response.string("error")).isEqualTo("FAILED_PRECONDITION");
        return "409 " + (response.string("message").contains("seat taken") ? "seat taken" : response.string("message"));
    }

    private static String registerAndLogin(int i) throws Exception {
        String email = "racer-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var registered = http.send("POST", "/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"Secret2026pw\",\"display_name\":\"Racer " + i + "\"}", null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        var login = http.send("POST", "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"Secret2026pw\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.string("accessToken");
    }

    /** A scheduled showtime at least an hour away. */
    private static String futureShowtime() throws Exception {
        // A cinema without the "no single empty seat" rule: neighbours' holds must fail only for being taken.
        Struct cinema = http.send("GET", "/cinemas", null, null).json().getFieldsOrThrow("cinemas").getListValue().getValuesList()
                .stream().map(Value::getStructValue)
                .filter(c -> !c.getFieldsOrThrow("salesRules").getStructValue().getFieldsOrThrow("forbidSingleEmptySeat").getBoolValue())
                .findFirst().orElseThrow();
        String date = LocalDate.now(ZoneId.of(cinema.getFieldsOrThrow("timeZone").getStringValue())).toString();
        var showtimes = http.send("GET", "/showtimes?cinema_id=" + cinema.getFieldsOrThrow("id").getStringValue() + "&date=" + date
                + "&days=7", null, null);
        assertThat(showtimes.status()).as(showtimes.toString()).isEqualTo(200);
        for (Value v : showtimes.json().getFieldsOrThrow("showtimes").getListValue().getValuesList()) {
            Struct s = v.getStructValue();
            if (s.getFieldsOrThrow("status").getStringValue().equals("SCHEDULED")
                    && Instant.parse(s.getFieldsOrThrow("startsAt").getStringValue()).isAfter(Instant.now().plusSeconds(3600))) {
                return s.getFieldsOrThrow("id").getStringValue();
            }
        }
        throw new AssertionError("no showtime in the next days");
    }

    /** The first {@value #POOL} standard seats of one row, side by side, from the seat map over HTTP. */
    private static List<String> standardSeats(String showtime) throws Exception {
        var map = http.send("GET", "/showtimes/" + showtime + "/seats", null, null);
        assertThat(map.status()).as(map.toString()).isEqualTo(200);
        List<Value> rows = map.json().getFieldsOrThrow("hall").getStructValue().getFieldsOrThrow("layout").getStructValue()
                .getFieldsOrThrow("rows").getListValue().getValuesList();
        for (Value row : rows) {
            List<String> run = new ArrayList<>();
            for (Value seat : row.getStructValue().getFieldsOrThrow("seats").getListValue().getValuesList()) {
                Struct s = seat.getStructValue();
                if (s.getFieldsOrThrow("category").getStringValue().equals("STANDARD")) run.add(s.getFieldsOrThrow("id").getStringValue());
                else run.clear();
                if (run.size() == POOL) return run;
            }
        }
        throw new AssertionError("no row with " + POOL + " standard seats in a row");
    }

    /** HoldSeats calls this runtime answered, from its own /metrics endpoint. */
    private static double holdCalls(BackendRuntime runtime) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + runtime.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith("marquee_grpc_server_seconds_count{") && line.contains("method=\"HoldSeats\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
