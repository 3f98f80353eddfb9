package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.util.UUID;
import marquee.platform.testing.GrpcAssertions;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.ReprintTicketsRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketList;
import marquee.users.v1.Role;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Reprints: duplicates with a count, each recorded with who asked and who approved; never a revoked ticket. */
class ReprintTest {
    private final Fixture fixture = Fixture.shared();

    private static ReprintTicketsRequest.Builder byCode(String code) {
        return ReprintTicketsRequest.newBuilder().setBookingCode(code).setReason("printer jammed")
                .setIdempotencyKey("reprint-" + UUID.randomUUID());
    }

    private String approval(String managerId, String cinema, String action, String subject, String cashierId) {
        return fixture.backend.tokens().approval(managerId, cinema, action, subject, cashierId, Duration.ofMinutes(2));
    }

    private void refusedWithoutChange(Code code, String message, ThrowingCallable call) {
        GrpcAssertions.assertFailsWithoutChange(fixture.backend, "tickets", code, message, call);
    }

    @Test
    void aCashierReprintsWithAManagersApprovalAndEachReprintIsRecorded() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "F11", "F12");
        fixture.issue(booking);
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.backend.tokens().token(Role.CASHIER, cashierId, cinema);
        String managerId = UUID.randomUUID().toString();

        refusedWithoutChange(Code.PERMISSION_DENIED, "a reprint needs a manager's approval",
                () -> fixture.tickets(cashier).reprintTickets(byCode(booking.getCode()).build()));
        refusedWithoutChange(Code.PERMISSION_DENIED, "is for REFUND, not REPRINT", () -> fixture.tickets(cashier).reprintTickets(
                byCode(booking.getCode()).setApprovalToken(approval(managerId, cinema, "REFUND", booking.getCode(), cashierId)).build()));
        refusedWithoutChange(Code.PERMISSION_DENIED, "for another booking", () -> fixture.tickets(cashier).reprintTickets(
                byCode(booking.getCode()).setApprovalToken(approval(managerId, cinema, "REPRINT", "OTHER1", cashierId)).build()));
        String expired = fixture.backend.tokens().approval(managerId, cinema, "REPRINT", booking.getCode(), cashierId,
                Duration.ofSeconds(-10));
        refusedWithoutChange(Code.PERMISSION_DENIED, "expired",
                () -> fixture.tickets(cashier).reprintTickets(byCode(booking.getCode()).setApprovalToken(expired).build()));

        ReprintTicketsRequest request = byCode(booking.getCode().toLowerCase())
                .setApprovalToken(approval(managerId, cinema, "REPRINT", booking.getCode(), cashierId)).build();
        TicketList first = fixture.tickets(cashier).reprintTickets(request);

        assertThat(first.getTicketsList()).hasSize(2).allSatisfy(t -> {
            assertThat(t.getDuplicate()).isTrue();
            assertThat(t.getReprintCount()).isEqualTo(1);
            assertThat(t.getQrPayload()).isNotEmpty();
        });
        // A retry with the same key counts nothing more.
        assertThat(fixture.tickets(cashier).reprintTickets(request)).isEqualTo(first);
        assertThat(fixture.backend.count("SELECT count(*) FROM tickets.reprint r JOIN tickets.ticket t ON t.id = r.ticket_id"
                + " WHERE t.booking_id = '" + booking.getId() + "' AND r.requested_by = '" + cashierId + "' AND r.approved_by = '"
                + managerId + "' AND r.reason = 'printer jammed'")).isEqualTo(2);

        // A manager reprints one of them without an approval; the count goes on.
        String manager2 = UUID.randomUUID().toString();
        Ticket one = first.getTickets(0);
        TicketList second = fixture.tickets(fixture.backend.tokens().token(Role.MANAGER, manager2, cinema)).reprintTickets(
                ReprintTicketsRequest.newBuilder().addTicketIds(one.getId()).setReason("torn").setIdempotencyKey("reprint-" + UUID.randomUUID())
                        .build());
        assertThat(second.getTicketsList()).singleElement().satisfies(t -> {
            assertThat(t.getId()).isEqualTo(one.getId());
            assertThat(t.getDuplicate()).isTrue();
            assertThat(t.getReprintCount()).isEqualTo(2);
        });
        assertThat(fixture.backend.count("SELECT count(*) FROM tickets.reprint WHERE ticket_id = '" + one.getId()
                + "' AND reprint_number = 2 AND approved_by = '" + manager2 + "'")).isEqualTo(1);
    }

    @Test
    void revokedTicketsAreNeverReprinted() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "G1");
        fixture.issue(booking);
        fixture.tickets(fixture.service()).revokeTickets(RevokeTicketsRequest.newBuilder().setBookingId(booking.getId())
                .setReason("refunded").build());
        String manager = fixture.backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema);
        refusedWithoutChange(Code.FAILED_PRECONDITION, "never printed again",
                () -> fixture.tickets(manager).reprintTickets(byCode(booking.getCode()).build()));
    }

    @Test
    void onlyBoxOfficeStaffOfTheCinemaReprint() {
        String cinema = Fixture.newCinema();
        String userId = UUID.randomUUID().toString();
        Booking booking = fixture.booking(cinema, userId, BOOKING_CONFIRMED, "H1");
        fixture.issue(booking);
        refusedWithoutChange(Code.PERMISSION_DENIED, "CASHIER or MANAGER",
                () -> fixture.tickets(fixture.customer(userId)).reprintTickets(byCode(booking.getCode()).build()));
        refusedWithoutChange(Code.PERMISSION_DENIED, "CASHIER or MANAGER",
                () -> fixture.tickets(fixture.kiosk(cinema)).reprintTickets(byCode(booking.getCode()).build()));
        String elsewhere = fixture.backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), Fixture.newCinema());
        refusedWithoutChange(Code.PERMISSION_DENIED, "your own cinema",
                () -> fixture.tickets(elsewhere).reprintTickets(byCode(booking.getCode()).build()));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "J1");
        Ticket ticket = fixture.issue(booking).getTickets(0);
        String manager = fixture.backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinema);
        refusedWithoutChange(Code.INVALID_ARGUMENT, "either booking_code or ticket_ids",
                () -> fixture.tickets(manager).reprintTickets(byCode("").build()));
        refusedWithoutChange(Code.INVALID_ARGUMENT, "either booking_code or ticket_ids",
                () -> fixture.tickets(manager).reprintTickets(byCode(booking.getCode()).addTicketIds(ticket.getId()).build()));
        refusedWithoutChange(Code.INVALID_ARGUMENT, "reason",
                () -> fixture.tickets(manager).reprintTickets(byCode(booking.getCode()).setReason(" ").build()));
        refusedWithoutChange(Code.INVALID_ARGUMENT, "idempotency_key",
                () -> fixture.tickets(manager).reprintTickets(byCode(booking.getCode()).setIdempotencyKey("k").build()));
        refusedWithoutChange(Code.INVALID_ARGUMENT, "booking_code",
                () -> fixture.tickets(manager).reprintTickets(byCode("AB'; --").build()));
        refusedWithoutChange(Code.NOT_FOUND, "no tickets with code",
                () -> fixture.tickets(manager).reprintTickets(byCode("ZZZZZZ9").build()));
        refusedWithoutChange(Code.INVALID_ARGUMENT, "ticket_ids", () -> fixture.tickets(manager).reprintTickets(
                byCode("").addTicketIds("nope").build()));
        refusedWithoutChange(Code.NOT_FOUND, "no ticket", () -> fixture.tickets(manager).reprintTickets(
                byCode("").addTicketIds(UUID.randomUUID().toString()).build()));
    }
}
