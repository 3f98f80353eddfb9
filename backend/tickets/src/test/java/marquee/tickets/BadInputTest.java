package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.function.Function;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.TicketsServiceGrpc.TicketsServiceBlockingStub;
import marquee.tickets.v1.VerifyTicketRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every RPC refuses malformed requests and anonymous callers without changing any ticket. */
class BadInputTest {
    private final Fixture fixture = Fixture.shared();
    private String cinema;
    private String qr;

    @BeforeEach
    void someTicketsExist() {
        cinema = Fixture.newCinema();
        qr = fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "K1")).getTickets(0).getQrPayload();
    }

    private void refused(String token, Status.Code code, Function<TicketsServiceBlockingStub, Object> call) {
        String before = fixture.backend.snapshot("tickets");
        assertThatThrownBy(() -> call.apply(fixture.tickets(token))).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
        assertThat(fixture.backend.snapshot("tickets")).isEqualTo(before);
    }

    @Test
    void issuingWithAnEmptyMalformedOrUnknownBookingIdIsRefused() {
        String staff = fixture.cashier(cinema);
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.issueTickets(IssueTicketsRequest.getDefaultInstance()));
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.issueTickets(IssueTicketsRequest.newBuilder().setBookingId("abc").build()));
        refused(staff, Status.Code.NOT_FOUND, s -> s.issueTickets(IssueTicketsRequest.newBuilder()
                .setBookingId(UUID.randomUUID().toString()).build()));
    }

    @Test
    void lookingUpAnEmptyMalformedOrUnknownBookingCodeIsRefused() {
        String staff = fixture.cashier(cinema);
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.getTickets(GetTicketsRequest.getDefaultInstance()));
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.getTickets(GetTicketsRequest.newBuilder().setBookingCode("AB'; --").build()));
        refused(staff, Status.Code.NOT_FOUND, s -> s.getTickets(GetTicketsRequest.newBuilder().setBookingCode("ZZZZZZ").build()));
    }

    @Test
    void scanningAnEmptyPayloadOrAMalformedShowtimeIsRefused() {
        String door = fixture.cashier(cinema); // door staff: a kiosk may not check in at all
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.checkIn(VerifyTicketRequest.getDefaultInstance()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.verifyTicket(VerifyTicketRequest.newBuilder().setQrPayload("  ").build()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr)
                .setShowtimeId("tonight").build()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.checkIn(VerifyTicketRequest.newBuilder().setQrPayload("x".repeat(5000)).build()));
    }

    @Test
    void revokingWithAMalformedOrUnknownBookingIdOrAnOverlongReasonIsRefused() {
        String staff = fixture.cashier(cinema);
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.revokeTickets(RevokeTicketsRequest.getDefaultInstance()));
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.revokeTickets(RevokeTicketsRequest.newBuilder().setBookingId("1").build()));
        refused(staff, Status.Code.INVALID_ARGUMENT, s -> s.revokeTickets(RevokeTicketsRequest.newBuilder()
                .setBookingId(UUID.randomUUID().toString()).setReason("r".repeat(501)).build()));
        refused(staff, Status.Code.NOT_FOUND, s -> s.revokeTickets(RevokeTicketsRequest.newBuilder()
                .setBookingId(UUID.randomUUID().toString()).build()));
    }

    @Test
    void syncingWithAMalformedCinemaCursorOrLimitIsRefused() {
        String door = fixture.kiosk(cinema);
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.listTicketsForSync(ListTicketsForSyncRequest.getDefaultInstance()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.listTicketsForSync(sync().setCursor("yesterday").build()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.listTicketsForSync(sync().setCursor("-5").build()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.listTicketsForSync(sync().setLimit(1001).build()));
        refused(door, Status.Code.INVALID_ARGUMENT, s -> s.listTicketsForSync(sync().setLimit(-1).build()));
    }

    @Test
    void everyRpcButTheVerificationKeyNeedsASignedInCaller() {
        String booking = UUID.randomUUID().toString();
        refused(null, Status.Code.UNAUTHENTICATED, s -> s.issueTickets(IssueTicketsRequest.newBuilder().setBookingId(booking).build()));
        refused(null, Status.Code.UNAUTHENTICATED, s -> s.getTickets(GetTicketsRequest.newBuilder().setBookingCode("ABCDEF").build()));
        refused(null, Status.Code.UNAUTHENTICATED, s -> s.verifyTicket(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()));
        refused(null, Status.Code.UNAUTHENTICATED, s -> s.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()));
        refused(null, Status.Code.UNAUTHENTICATED, s -> s.revokeTickets(RevokeTicketsRequest.newBuilder().setBookingId(booking).build()));
        refused(null, Status.Code.UNAUTHENTICATED, s -> s.listTicketsForSync(sync().build()));
    }

    private ListTicketsForSyncRequest.Builder sync() {
        return ListTicketsForSyncRequest.newBuilder().setCinemaId(cinema);
    }
}
