package marquee.kiosk.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatMapEvent;
import marquee.kiosk.model.SeatStatus;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketType;
import marquee.platform.BackendRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk's backend client against the real embedded backend over real gRPC (a TCP port). */
class GrpcBackendClientTest {
    @TempDir
    static Path dataDir;
    static EmbeddedTestBackend backend;
    static BackendRuntime runtime;
    static GrpcBackendClient kiosk;
    static GrpcBackendClient customer;
    static CinemaInfo cinema;
    static ShowtimeInfo showtime;

    @BeforeAll
    static void startBackend() {
        backend = EmbeddedTestBackend.start(dataDir);
        runtime = backend.runtime();
        kiosk = new GrpcBackendClient("localhost:" + runtime.port());
        kiosk.signIn("kiosk-riverside-1", "KioskDemo2026");
        customer = new GrpcBackendClient(runtime.inProcessTarget());
        customer.signInCustomer("customer@marquee.demo", "Customer2026!");
        cinema = kiosk.cinema();
        showtime = firstUpcomingShowtime(kiosk, cinema);
    }

    /** Today's or tomorrow's first showtime that has not started yet. */
    static ShowtimeInfo firstUpcomingShowtime(BackendClient client, CinemaInfo cinema) {
        LocalDate today = LocalDate.now(ZoneId.of(cinema.timeZone()));
        Instant soon = Instant.now().plus(Duration.ofMinutes(30));
        return java.util.stream.Stream.of(today, today.plusDays(1))
                .flatMap(day -> client.showtimes(cinema.id(), day).stream())
                .filter(s -> s.startsAt().isAfter(soon))
                .findFirst().orElseThrow();
    }

    @AfterAll
    static void stopBackend() {
        if (kiosk != null) kiosk.close();
        if (customer != null) customer.close();
        if (backend != null) backend.close();
    }

    @Test
    void signingOutAtTheTillForgetsTheTokenAndThePin() {
        GrpcBackendClient till = new GrpcBackendClient("localhost:" + runtime.port());
        try {
            till.cashier().signInStaff("cash01", "1234");
            till.cashier().currentShift(); // runs as the cashier
            till.cashier().signOut();
            // The next person mistypes their PIN: nothing may run as the one who left.
            assertThatThrownBy(() -> till.cashier().signInStaff("mgr01", "0000")).isInstanceOf(BackendException.class);
            assertThatThrownBy(() -> till.cashier().currentShift()).isInstanceOf(BackendException.class)
                    .hasMessageContaining("Sign in");
            // Nor can a refused token be renewed with the previous person's PIN.
            till.replaceTokenForTest("not-a-token");
            assertThatThrownBy(() -> till.cashier().currentShift()).isInstanceOf(BackendException.class);
            var manager = till.cashier().signInStaff("mgr01", "9876");
            assertThat(manager.login()).isEqualTo("mgr01");
        } finally {
            till.close();
        }
    }

    @Test
    void programmeListsFilmsAndTheirShowtimes() {
        LocalDate day = LocalDate.ofInstant(showtime.startsAt(), ZoneId.of(cinema.timeZone()));
        var films = kiosk.films(cinema.id(), day, 2);
        assertThat(films).isNotEmpty();
        assertThat(films).allSatisfy(film -> {
            assertThat(film.title()).isNotBlank();
            assertThat(film.runtimeMinutes()).isPositive();
        });
        var film = films.stream().filter(f -> f.title().equals(showtime.movieTitle())).findFirst().orElseThrow();
        assertThat(kiosk.showtimes(cinema.id(), film.id(), day))
                .isNotEmpty().allSatisfy(s -> assertThat(s.movieTitle()).isEqualTo(film.title()));
    }

    @Test
    void seatMapHasLayoutPricesAndRules() {
        var map = kiosk.seatMap(showtime.id());
        assertThat(map.hallName()).isEqualTo(showtime.hallName());
        assertThat(map.rows()).isNotEmpty();
        assertThat(map.rows().get(0).seats()).isNotEmpty();
        assertThat(map.salesRules().maxSeatsPerOrder()).isPositive();
        assertThat(map.prices().currency()).hasSize(3);
        assertThat(map.prices().price(SeatCategory.STANDARD, TicketType.ADULT)).isPresent();
        assertThat(map.version()).isNotNegative();
    }

    @Test
    void seatHeldByAnotherClientIsReportedAsTaken() {
        List<String> seats = kiosk.suggestSeats(showtime.id(), 2);
        assertThat(seats).hasSize(2);
        var hold = kiosk.hold(showtime.id(), types(seats), UUID.randomUUID().toString());
        try {
            assertThat(hold.lines()).hasSize(2);
            assertThat(hold.total().amountMinor()).isPositive();
            assertThatThrownBy(() -> customer.hold(showtime.id(), types(seats), UUID.randomUUID().toString()))
                    .isInstanceOfSatisfying(SeatsTakenException.class,
                            taken -> assertThat(taken.seatIds()).containsAnyElementsOf(seats));
        } finally {
            kiosk.release(hold.id());
        }
        assertThat(kiosk.seatMap(showtime.id()).status(seats.get(0))).isEqualTo(SeatStatus.FREE);
    }

    @Test
    void watchSeesAnotherClientsHold() {
        List<SeatMapEvent> events = new CopyOnWriteArrayList<>();
        Map<String, SeatStatus> seen = new ConcurrentHashMap<>();
        try (var watch = kiosk.watchSeatMap(showtime.id(), event -> {
            events.add(event);
            seen.putAll(event.changes());
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            assertThat(events.get(0).snapshot()).isTrue();
            List<String> seats = customer.suggestSeats(showtime.id(), 2);
            var hold = customer.hold(showtime.id(), types(seats), UUID.randomUUID().toString());
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(seen).containsEntry(seats.get(0), SeatStatus.HELD).containsEntry(seats.get(1), SeatStatus.HELD));
                assertThat(events.get(events.size() - 1).version()).isGreaterThan(events.get(0).version());
            } finally {
                customer.release(hold.id());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(seen).containsEntry(seats.get(0), SeatStatus.FREE));
        }
    }

    @Test
    void brokenRulesAreRejectedWithTheServersMessage() {
        assertThatThrownBy(() -> kiosk.hold(showtime.id(), Map.of("NO-SUCH-SEAT", TicketType.ADULT), UUID.randomUUID().toString()))
                .isInstanceOf(RejectedException.class).hasMessageNotContaining("INTERNAL");
    }

    @Test
    void refusedTokenIsRenewedBySigningInAgain() {
        kiosk.replaceTokenForTest("not-a-valid-token");
        assertThat(kiosk.cinema().id()).isEqualTo(cinema.id());
        assertThat(kiosk.seatMap(showtime.id()).rows()).isNotEmpty();
    }

    @Test
    void takenSeatIdsAreParsedFromTheMessage() {
        assertThat(GrpcBackendClient.takenSeats("seat taken: F12, F13")).containsExactly("F12", "F13");
        assertThat(GrpcBackendClient.takenSeats("seat taken")).isEmpty();
    }

    private static Map<String, TicketType> types(List<String> seats) {
        Map<String, TicketType> types = new LinkedHashMap<>();
        seats.forEach(seat -> types.put(seat, TicketType.ADULT));
        return types;
    }
}
