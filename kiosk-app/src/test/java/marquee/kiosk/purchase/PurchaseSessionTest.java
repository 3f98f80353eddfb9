package marquee.kiosk.purchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.SeatStatus;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.work.Async;
import marquee.platform.BackendRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole purchases through the session, against the real embedded backend over in-process gRPC. */
class PurchaseSessionTest {
    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";
    static final String TIMEOUT_CARD = "4000000000000119";

    @TempDir
    static Path dataDir;
    static EmbeddedTestBackend backend;
    static BackendRuntime runtime;
    static GrpcBackendClient grpc;
    static BackendClient kiosk;
    static ShowtimeInfo showtime;
    /** Idempotency keys the session sent to checkout, in order. */
    static final List<String> checkoutKeys = new CopyOnWriteArrayList<>();

    static ExecutorService work;
    static ScheduledExecutorService ticker;
    PurchaseSession session;

    @BeforeAll
    static void startBackend() {
        backend = EmbeddedTestBackend.start(dataDir);
        runtime = backend.runtime();
        grpc = new GrpcBackendClient(runtime.inProcessTarget());
        grpc.signIn("kiosk-riverside-1", "KioskDemo2026");
        kiosk = recordingCheckoutKeys(grpc);
        var cinema = kiosk.cinema();
        LocalDate today = LocalDate.now(ZoneId.of(cinema.timeZone()));
        Instant soon = Instant.now().plus(Duration.ofMinutes(30));
        showtime = java.util.stream.Stream.of(today, today.plusDays(1))
                .flatMap(day -> kiosk.showtimes(cinema.id(), day).stream())
                .filter(s -> s.startsAt().isAfter(soon))
                .findFirst().orElseThrow();
        work = Executors.newCachedThreadPool(daemon("purchase-work"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("purchase-ticker"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The real client, noting the idempotency key of every checkout. */
    private static BackendClient recordingCheckoutKeys(BackendClient real) {
        return (BackendClient) Proxy.newProxyInstance(BackendClient.class.getClassLoader(), new Class<?>[] {BackendClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("checkoutWithCard")) checkoutKeys.add((String) args[5]);
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterAll
    static void stopBackend() {
        if (work != null) work.shutdownNow();
        if (ticker != null) ticker.shutdownNow();
        if (grpc != null) grpc.close();
        if (backend != null) backend.close();
    }

    @BeforeEach
    void newSession() throws Exception {
        // A direct "ui" executor: the test thread plays the JavaFX thread.
        session = new PurchaseSession(kiosk, new Async(work, Runnable::run, ticker), Clock.systemUTC(), Locale.UK);
        session.chooseShowtime(showtime).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void endSession() throws Exception {
        session.cancel().get(10, TimeUnit.SECONDS);
        session.close();
    }

    private List<String> chooseTwoSeats() {
        List<String> seats = kiosk.suggestSeats(showtime.id(), 2);
        assertThat(seats).hasSize(2);
        session.selectSeat(seats.get(0), TicketType.ADULT);
        session.selectSeat(seats.get(1), TicketType.CHILD);
        return seats;
    }

    @Test
    void customerBuysAnAdultAndAChildTicket() throws Exception {
        List<String> seats = chooseTwoSeats();
        assertThat(session.totalTextProperty().get()).isNotBlank();

        var hold = session.placeHold().get(10, TimeUnit.SECONDS);
        assertThat(hold.lines()).extracting(HoldLine::ticketType).containsExactlyInAnyOrder(TicketType.ADULT, TicketType.CHILD);
        assertThat(session.holdProperty().get()).isEqualTo(hold);
        assertThat(session.secondsLeftProperty().get()).isBetween(60, 8 * 60);
        assertThat(session.totalTextProperty().get()).isEqualTo(hold.total().format(Locale.UK));

        var result = session.pay(GOOD_CARD, 12, 2030, "123").get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(session.outcomeProperty().get()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(session.errorProperty().get()).isNull();
        assertThat(session.tickets()).hasSize(2).allSatisfy(ticket -> {
            assertThat(ticket.qrPayload()).isNotBlank();
            assertThat(ticket.filmTitle()).isEqualTo(showtime.movieTitle());
            assertThat(ticket.hallName()).isEqualTo(showtime.hallName());
            assertThat(ticket.startsAt()).isEqualTo(showtime.startsAt());
        });
        assertThat(session.tickets()).extracting(TicketInfo::seatId).containsExactlyInAnyOrderElementsOf(seats);

        assertThat(kiosk.tickets(hold.code())).extracting(TicketInfo::qrPayload)
                .containsExactlyInAnyOrderElementsOf(session.tickets().stream().map(TicketInfo::qrPayload).toList());
        assertThat(kiosk.seatMap(showtime.id()).status(seats.get(0))).isEqualTo(SeatStatus.SOLD);
    }

    @Test
    void declinedCardKeepsTheHoldForAnotherCard() throws Exception {
        chooseTwoSeats();
        var hold = session.placeHold().get(10, TimeUnit.SECONDS);

        var declined = session.pay(DECLINED_CARD, 12, 2030, "123").get(30, TimeUnit.SECONDS);
        assertThat(declined.outcome()).isEqualTo(CheckoutOutcome.DECLINED);
        assertThat(session.outcomeMessageProperty().get()).isNotBlank().doesNotContain("Exception");
        assertThat(session.holdProperty().get()).isNotNull();
        assertThat(kiosk.seatMap(showtime.id()).status(hold.lines().get(0).seatId())).isEqualTo(SeatStatus.HELD);

        var paid = session.pay(GOOD_CARD, 12, 2030, "123").get(30, TimeUnit.SECONDS);
        assertThat(paid.outcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        assertThat(session.tickets()).hasSize(2);
        assertThat(checkoutKeys.get(checkoutKeys.size() - 1)).isNotEqualTo(checkoutKeys.get(checkoutKeys.size() - 2));
    }

    @Test
    void retryAfterGatewayTimeoutReusesTheIdempotencyKey() throws Exception {
        chooseTwoSeats();
        session.placeHold().get(10, TimeUnit.SECONDS);
        int before = checkoutKeys.size();

        assertThatThrownBy(() -> session.pay(TIMEOUT_CARD, 12, 2030, "123").get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BackendUnavailableException.class);
        assertThat(session.errorProperty().get()).isInstanceOf(BackendUnavailableException.class);
        try {
            session.pay(TIMEOUT_CARD, 12, 2030, "123").get(30, TimeUnit.SECONDS);
        } catch (ExecutionException stillUnavailable) {
            assertThat(stillUnavailable).hasCauseInstanceOf(BackendUnavailableException.class);
        }
        assertThat(checkoutKeys.subList(before, checkoutKeys.size())).hasSize(2).containsOnly(checkoutKeys.get(before));
    }

    @Test
    void cancelReleasesTheHold() throws Exception {
        List<String> seats = chooseTwoSeats();
        session.placeHold().get(10, TimeUnit.SECONDS);
        assertThat(kiosk.seatMap(showtime.id()).status(seats.get(0))).isEqualTo(SeatStatus.HELD);

        session.cancel().get(10, TimeUnit.SECONDS);

        assertThat(session.holdProperty().get()).isNull();
        assertThat(session.seats()).isEmpty();
        assertThat(session.secondsLeftProperty().get()).isZero();
        var map = kiosk.seatMap(showtime.id());
        assertThat(seats).allSatisfy(seat -> assertThat(map.status(seat)).isEqualTo(SeatStatus.FREE));
    }

    @Test
    void changingSeatsGivesUpTheOldHold() throws Exception {
        List<String> seats = chooseTwoSeats();
        session.placeHold().get(10, TimeUnit.SECONDS);
        session.selectSeat(seats.get(1), TicketType.ADULT);
        assertThat(session.holdProperty().get()).isNull();
        var hold = session.placeHold().get(10, TimeUnit.SECONDS);
        assertThat(hold.lines()).extracting(HoldLine::ticketType).containsOnly(TicketType.ADULT);
    }
}
