package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.UUID;
import marquee.platform.testing.GrpcAssertions;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.PrintTicketsRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.TicketList;
import marquee.users.v1.Role;
import org.junit.jupiter.api.Test;

/** Printing for the customer: originals once, then only counted duplicates, whichever kiosk asks. */
class PickupPrintTest {
    private final Fixture fixture = Fixture.shared();

    private static PrintTicketsRequest print(String code, String key) {
        return PrintTicketsRequest.newBuilder().setBookingCode(code).setIdempotencyKey(key).build();
    }

    @Test
    void theFirstPrintGivesOriginalsAndEveryLaterPickupACountedDuplicate() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "G7", "G8");
        fixture.issue(booking);
        String kioskId = "kiosk-" + UUID.randomUUID();
        String kiosk = fixture.backend.tokens().token(Role.KIOSK, kioskId, cinema);

        String firstKey = "print-" + UUID.randomUUID();
        TicketList first = fixture.tickets(kiosk).printTickets(print(booking.getCode(), firstKey));
        assertThat(first.getTicketsList()).hasSize(2).allSatisfy(t -> {
            assertThat(t.getDuplicate()).isFalse();
            assertThat(t.getReprintCount()).isZero();
        });
        // The kiosk retries its first print (answer lost): originals again, nothing counted.
        assertThat(fixture.tickets(kiosk).printTickets(print(booking.getCode(), firstKey)).getTicketsList())
                .allSatisfy(t -> assertThat(t.getDuplicate()).isFalse());

        // Someone types the code again at a kiosk: duplicates, counted and recorded.
        String pickupKey = "print-" + UUID.randomUUID();
        TicketList again = fixture.tickets(kiosk).printTickets(print(booking.getCode().toLowerCase(), pickupKey));
        assertThat(again.getTicketsList()).hasSize(2).allSatisfy(t -> {
            assertThat(t.getDuplicate()).isTrue();
            assertThat(t.getReprintCount()).isEqualTo(1);
        });
        assertThat(fixture.tickets(kiosk).printTickets(print(booking.getCode(), pickupKey))).as("a retry counts nothing more")
                .isEqualTo(again);
        assertThat(fixture.tickets(kiosk).printTickets(print(booking.getCode(), "print-" + UUID.randomUUID())).getTicketsList())
                .allSatisfy(t -> assertThat(t.getReprintCount()).isEqualTo(2));
        assertThat(fixture.backend.count("SELECT count(*) FROM tickets.reprint r JOIN tickets.ticket t ON t.id = r.ticket_id"
                + " WHERE t.booking_id = '" + booking.getId() + "' AND r.requested_by = '" + kioskId + "'")).isEqualTo(4);
    }

    @Test
    void anotherCinemasKioskACustomerAndARevokedBookingGetNothing() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "H1");
        fixture.issue(booking);
        String elsewhere = fixture.backend.tokens().token(Role.KIOSK, "kiosk-x", Fixture.newCinema());
        GrpcAssertions.assertFailsWithoutChange(fixture.backend, "tickets", Code.PERMISSION_DENIED, "own cinema",
                () -> fixture.tickets(elsewhere).printTickets(print(booking.getCode(), "print-" + UUID.randomUUID())));
        String customer = fixture.backend.tokens().token(Role.CUSTOMER, UUID.randomUUID().toString(), "");
        GrpcAssertions.assertFailsWithoutChange(fixture.backend, "tickets", Code.PERMISSION_DENIED, "kiosk",
                () -> fixture.tickets(customer).printTickets(print(booking.getCode(), "print-" + UUID.randomUUID())));
        String kiosk = fixture.backend.tokens().token(Role.KIOSK, "kiosk-1", cinema);
        GrpcAssertions.assertFailsWithoutChange(fixture.backend, "tickets", Code.INVALID_ARGUMENT, "idempotency_key",
                () -> fixture.tickets(kiosk).printTickets(print(booking.getCode(), "short")));

        fixture.tickets(fixture.service()).revokeTickets(
                RevokeTicketsRequest.newBuilder().setBookingId(booking.getId()).setReason("refund").build());
        GrpcAssertions.assertFailsWithoutChange(fixture.backend, "tickets", Code.FAILED_PRECONDITION, "never printed",
                () -> fixture.tickets(kiosk).printTickets(print(booking.getCode(), "print-" + UUID.randomUUID())));
    }
}
