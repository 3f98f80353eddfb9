package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.common.v1.TicketType;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.RefundRequest;
import marquee.platform.BackendRuntime;
import marquee.platform.auth.BearerToken;
import marquee.platform.auth.ServiceSecret;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.testing.TestPostgres;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.CheckoutResult;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.tickets.v1.VerifyTicketRequest;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.ServiceLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege between services and for kiosks, on the all-in-one backend over a real socket
 * and a real PostgreSQL: each service signs in with its own secret and gets only its own grants,
 * so a stolen tickets or payments identity cannot refund; a kiosk sells but never cancels,
 * refunds or checks in its own sales.
 */
class LeastPrivilegeTest {
    static Path dataDir;
    static BackendRuntime backend;
    static ManagedChannel channel;
    static String kiosk;
    static CheckoutResult sale;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("marquee-least-privilege");
        backend = Backends.startAllInOne(Config.withOverrides(Map.of(
                "marquee.data.dir", dataDir.toString(), "marquee.port", "0", "marquee.metrics.port", "-1",
                "marquee.db.url", TestPostgres.newDatabase(), "marquee.db.user", "postgres",
                "marquee.demo.data", "true")), BackendRuntime.StartupListener.NONE);
        channel = Channels.build("localhost:" + backend.port());
        kiosk = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).deviceLogin(DeviceLoginRequest
                .newBuilder().setDeviceId(DemoData.KIOSK_DEVICE).setDeviceSecret(DemoData.KIOSK_SECRET).build()).getAccessToken();
        sale = buyAsKiosk();
    }

    @AfterAll
    static void stop() {
        if (channel != null) channel.shutdownNow();
        if (backend != null) backend.close();
    }

    static <S extends io.grpc.stub.AbstractStub<S>> S as(S stub, String token) {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS).withCallCredentials(new BearerToken(token));
    }

    static CheckoutResult buyAsKiosk() {
        var cinema = TheatersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList().stream()
                .filter(c -> c.getName().equals("Marquee Riverside")).findFirst().orElseThrow();
        LocalDate today = LocalDate.now(ZoneId.of(cinema.getTimeZone()));
        var showtime = as(MoviesServiceGrpc.newBlockingStub(channel), kiosk).listShowtimes(ListShowtimesRequest.newBuilder()
                        .setCinemaId(cinema.getId()).setDate(today.toString()).setDays(3).build()).getShowtimesList().stream()
                .filter(s -> Instant.ofEpochSecond(s.getStartsAt().getSeconds()).isAfter(Instant.now().plusSeconds(1800)))
                .findFirst().orElseThrow();
        var reservations = as(ReservationsServiceGrpc.newBlockingStub(channel), kiosk);
        var seats = reservations.suggestSeats(SuggestSeatsRequest.newBuilder().setShowtimeId(showtime.getId()).setCount(2).build())
                .getSeatIdsList();
        var hold = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId()).setIdempotencyKey(UUID.randomUUID().toString());
        seats.forEach(seat -> hold.addSeats(SeatSelection.newBuilder().setSeatId(seat).setTicketType(TicketType.ADULT)));
        var booking = reservations.holdSeats(hold.build());
        CheckoutResult result = as(ReservationsServiceGrpc.newBlockingStub(channel), kiosk).checkout(CheckoutRequest.newBuilder()
                .setBookingId(booking.getId()).setIdempotencyKey(UUID.randomUUID().toString())
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                        .setExpiryMonth(12).setExpiryYear(2030).setCvc("123"))).build());
        assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        return result;
    }

    static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    static String serviceLogin(String name, String secret) {
        return UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).serviceLogin(ServiceLoginRequest
                .newBuilder().setServiceName(name).setServiceSecret(secret).build()).getAccessToken();
    }

    static String secretOf(String service) {
        return ServiceSecret.load(backend.config(), service);
    }

    static Status.Code refund(String token, long amountMinor) {
        return code(() -> as(PaymentsServiceGrpc.newBlockingStub(channel), token).refund(RefundRequest.newBuilder()
                .setPaymentId(sale.getPaymentId()).setAmountMinor(amountMinor).setReason("least privilege test")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()));
    }

    @Test
    void aKioskCannotCancelRefundOrCheckInItsOwnSale() {
        assertThat(code(() -> as(ReservationsServiceGrpc.newBlockingStub(channel), kiosk).cancelBooking(CancelBookingRequest
                .newBuilder().setBookingId(sale.getBooking().getId()).setReason("kiosk wants its money").build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refund(kiosk, 0)).isEqualTo(Status.Code.PERMISSION_DENIED);
        var tickets = as(TicketsServiceGrpc.newBlockingStub(channel), kiosk)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(sale.getBooking().getCode()).build()).getTicketsList();
        String qr = tickets.get(0).getQrPayload();
        assertThat(code(() -> as(TicketsServiceGrpc.newBlockingStub(channel), kiosk)
                .checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        // Still sold, still paid, tickets still valid: the kiosk can verify one, nothing more.
        var after = as(TicketsServiceGrpc.newBlockingStub(channel), kiosk)
                .verifyTicket(VerifyTicketRequest.newBuilder().setQrPayload(qr).build());
        assertThat(after.getResult().name()).isEqualTo("ACCEPTED");
    }

    @Test
    void eachServiceSignsInWithItsOwnSecretOnly() {
        assertThat(secretOf("tickets")).isNotEqualTo(secretOf("reservations")).isNotEqualTo(secretOf("payments"));
        assertThat(code(() -> serviceLogin("reservations", secretOf("tickets")))).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> serviceLogin("reservations", secretOf("payments")))).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> serviceLogin("tickets", secretOf("tickets")))).isEqualTo(Status.Code.OK);
    }

    @Test
    void onlyTheReservationsServiceMayRefundOnItsOwnBehalf() {
        for (String service : new String[] {"tickets", "payments", "movies", "theaters", "users"}) {
            assertThat(refund(serviceLogin(service, secretOf(service)), 1)).as(service).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
        assertThat(refund(serviceLogin("reservations", secretOf("reservations")), 1)).isEqualTo(Status.Code.OK);
    }
}
