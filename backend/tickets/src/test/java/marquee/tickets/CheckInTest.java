package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.platform.auth.Ed25519Keys;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.GetVerificationKeyRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.Verification;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;
import org.junit.jupiter.api.Test;

class CheckInTest {
    private final Fixture fixture = Fixture.shared();

    private static VerifyTicketRequest scan(String qr) {
        return VerifyTicketRequest.newBuilder().setQrPayload(qr).build();
    }

    private Ticket oneTicket(String cinema) {
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "H4");
        return fixture.issue(booking).getTickets(0);
    }

    @Test
    void aTicketIsAdmittedOnceAndTheSecondScanSaysWhenItWasUsed() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);
        String door = fixture.cashier(cinema);

        Verification first = fixture.tickets(door).checkIn(scan(ticket.getQrPayload()));
        Verification second = fixture.tickets(door).checkIn(scan(ticket.getQrPayload()));

        assertThat(first.getResult()).isEqualTo(VerificationResult.ACCEPTED);
        assertThat(first.getTicket().getStatus()).isEqualTo(TicketStatus.USED);
        assertThat(second.getResult()).isEqualTo(VerificationResult.ALREADY_USED);
        assertThat(second.getUsedAt()).isEqualTo(first.getTicket().getUsedAt());
        assertThat(second.getMessage()).startsWith("Already used at ");
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'USED'")).isEqualTo(1);
    }

    @Test
    void verifyingDoesNotUseTheTicket() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);

        for (int i = 0; i < 2; i++) {
            Verification verified = fixture.tickets(fixture.cashier(cinema)).verifyTicket(scan(ticket.getQrPayload()));
            assertThat(verified.getResult()).isEqualTo(VerificationResult.ACCEPTED);
            assertThat(verified.getTicket().getStatus()).isEqualTo(TicketStatus.VALID);
        }
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);
    }

    @Test
    void twoDoorsScanningAtOnceAdmitExactlyOnce() throws Exception {
        String cinema = Fixture.newCinema();
        for (int round = 0; round < 5; round++) {
            Ticket ticket = oneTicket(cinema);
            ExecutorService doors = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<VerificationResult>> results = new ArrayList<>();
            try {
                for (int door = 0; door < 2; door++) {
                    results.add(doors.submit(() -> {
                        go.await();
                        return fixture.tickets(fixture.cashier(cinema)).checkIn(scan(ticket.getQrPayload())).getResult();
                    }));
                }
                go.countDown();
                List<VerificationResult> outcomes = new ArrayList<>();
                for (Future<VerificationResult> result : results) outcomes.add(result.get(30, TimeUnit.SECONDS));
                assertThat(outcomes).containsExactlyInAnyOrder(VerificationResult.ACCEPTED, VerificationResult.ALREADY_USED);
            } finally {
                doors.shutdownNow();
            }
        }
    }

    @Test
    void aCodeWithAnotherSeatWrittenIntoItIsForged() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);
        String[] parts = ticket.getQrPayload().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.ISO_8859_1).replace("H4", "H5");
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.ISO_8859_1));

        Verification result = fixture.tickets(fixture.cashier(cinema)).checkIn(scan(String.join(".", parts)));

        assertThat(result.getResult()).isEqualTo(VerificationResult.FORGED);
        assertThat(result.hasTicket()).isFalse();
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);
    }

    @Test
    void aCodeSignedWithAnotherKeyIsForgedEvenForARealTicket() throws Exception {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);
        QrCodec stranger = new QrCodec(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        String fake = stranger.sign(new QrCodec.Claims(UUID.fromString(ticket.getId()), UUID.fromString(ticket.getShowtimeId()),
                ticket.getSeatId(), ticket.getBookingCode(), ticket.getStartsAt().getSeconds()));

        assertThat(fixture.tickets(fixture.cashier(cinema)).checkIn(scan(fake)).getResult()).isEqualTo(VerificationResult.FORGED);
        assertThat(fixture.tickets(fixture.cashier(cinema)).checkIn(scan("not a ticket")).getResult())
                .isEqualTo(VerificationResult.FORGED);
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);
    }

    @Test
    void aRevokedTicketIsRefusedAtTheDoor() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "J1", "J2");
        List<Ticket> tickets = fixture.issue(booking).getTicketsList();
        RevokeTicketsRequest revoke = RevokeTicketsRequest.newBuilder().setBookingId(booking.getId()).setReason("refund").build();

        var revoked = fixture.tickets(fixture.cashier(cinema)).revokeTickets(revoke);
        var again = fixture.tickets(fixture.service()).revokeTickets(revoke);

        assertThat(revoked.getTicketsList()).extracting(Ticket::getStatus).containsOnly(TicketStatus.REVOKED);
        assertThat(again).isEqualTo(revoked);
        for (Ticket ticket : tickets) {
            assertThat(fixture.tickets(fixture.cashier(cinema)).checkIn(scan(ticket.getQrPayload())).getResult())
                    .isEqualTo(VerificationResult.REVOKED_TICKET);
        }
        // A late issue must not bring the cancelled booking's tickets back.
        assertThatThrownBy(() -> fixture.issue(booking)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(fixture.count("booking_id = '" + booking.getId() + "' AND status = 'REVOKED'")).isEqualTo(2);
    }

    @Test
    void aTicketForAnotherShowtimeIsTheWrongShow() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);

        Verification result = fixture.tickets(fixture.cashier(cinema)).checkIn(VerifyTicketRequest.newBuilder()
                .setQrPayload(ticket.getQrPayload()).setShowtimeId(UUID.randomUUID().toString()).build());
        Verification right = fixture.tickets(fixture.cashier(cinema)).checkIn(VerifyTicketRequest.newBuilder()
                .setQrPayload(ticket.getQrPayload()).setShowtimeId(ticket.getShowtimeId()).build());

        assertThat(result.getResult()).isEqualTo(VerificationResult.WRONG_SHOW);
        assertThat(right.getResult()).isEqualTo(VerificationResult.ACCEPTED);
    }

    @Test
    void doorsOfAnotherCinemaAndCustomersMayNotScan() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);

        for (String caller : List.of(fixture.cashier(Fixture.newCinema()), fixture.customer(UUID.randomUUID().toString()))) {
            assertThatThrownBy(() -> fixture.tickets(caller).checkIn(scan(ticket.getQrPayload())))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);
    }

    @Test
    void aKioskMayVerifyATicketButNeverUseItUp() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);
        String kiosk = fixture.kiosk(cinema);

        assertThat(fixture.tickets(kiosk).verifyTicket(scan(ticket.getQrPayload())).getResult()).isEqualTo(VerificationResult.ACCEPTED);
        for (String caller : List.of(kiosk, fixture.service("tickets"), fixture.service("reservations"))) {
            assertThatThrownBy(() -> fixture.tickets(caller).checkIn(scan(ticket.getQrPayload())))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);
    }

    @Test
    void onlyReservationsMayRevokeTicketsOnItsOwnBehalf() {
        String cinema = Fixture.newCinema();
        Ticket ticket = oneTicket(cinema);
        for (String service : List.of("payments", "tickets", "movies")) {
            assertThatThrownBy(() -> fixture.tickets(fixture.service(service)).revokeTickets(
                    marquee.tickets.v1.RevokeTicketsRequest.newBuilder().setBookingId(ticket.getBookingId()).setReason("stolen pod").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);
        fixture.tickets(fixture.service("reservations")).revokeTickets(marquee.tickets.v1.RevokeTicketsRequest.newBuilder()
                .setBookingId(ticket.getBookingId()).setReason("cancelled").build());
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'REVOKED'")).isEqualTo(1);
    }

    @Test
    void anyoneCanFetchTheKeyThatVerifiesCodesOffline() {
        Ticket ticket = oneTicket(Fixture.newCinema());

        var key = fixture.tickets(null).getVerificationKey(GetVerificationKeyRequest.getDefaultInstance());

        assertThat(key.getAlgorithm()).isEqualTo("Ed25519");
        assertThat(QrCodec.verify(ticket.getQrPayload(), Ed25519Keys.publicFromBase64(key.getPublicKeyBase64())))
                .map(QrCodec.Claims::ticketId).contains(UUID.fromString(ticket.getId()));
    }
}
