package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.UUID;
import marquee.platform.testing.GrpcAssertions;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketList;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: reservations sends the sold booking with IssueTickets, so tickets issues without
 * calling reservations back — and believes such a booking only from reservations itself.
 */
class BookingSnapshotTest {
    private final Fixture fixture = Fixture.shared();

    /** A confirmed booking the (fake) reservations service does not know: only the snapshot has it. */
    private Booking unknownToReservations(String cinemaId, String... seats) {
        return fixture.booking(cinemaId, BOOKING_CONFIRMED, seats).toBuilder().setId(UUID.randomUUID().toString()).build();
    }

    private static IssueTicketsRequest withSnapshot(Booking booking) {
        return IssueTicketsRequest.newBuilder().setBookingId(booking.getId()).setBooking(booking).build();
    }

    @Test
    void reservationsIssuesFromTheBookingItSendsWithoutBeingAskedBack() {
        Booking booking = unknownToReservations(Fixture.newCinema(), "B2", "B1");

        TicketList issued = fixture.tickets(fixture.service("reservations")).issueTickets(withSnapshot(booking));

        assertThat(issued.getTicketsList()).extracting(Ticket::getSeatId).containsExactly("B1", "B2");
        assertThat(issued.getTicketsList()).allSatisfy(t -> assertThat(t.getBookingCode()).isEqualTo(booking.getCode()));
        // Again: the same tickets, still one per seat.
        assertThat(fixture.tickets(fixture.service("reservations")).issueTickets(withSnapshot(booking))).isEqualTo(issued);
        assertThat(fixture.count("booking_id = '" + booking.getId() + "'")).isEqualTo(2);
    }

    @Test
    void aBookingSentByAnyoneButReservationsIsRefused() {
        String cinema = Fixture.newCinema();
        Booking booking = unknownToReservations(cinema, "C1");
        for (String token : new String[] {fixture.cashier(cinema), fixture.kiosk(cinema), fixture.customer(booking.getUserId()),
                fixture.service("payments")}) {
            GrpcAssertions.assertFails(Code.PERMISSION_DENIED, "only the reservations service may send the booking",
                    () -> fixture.tickets(token).issueTickets(withSnapshot(booking)));
        }
        assertThat(fixture.count("booking_id = '" + booking.getId() + "'")).isZero();
    }

    @Test
    void aSnapshotStillNeedsAConfirmedBookingAndItsOwnId() {
        String cinema = Fixture.newCinema();
        Booking held = unknownToReservations(cinema, "D1").toBuilder()
                .setStatus(marquee.reservations.v1.BookingStatus.BOOKING_HELD).build();
        GrpcAssertions.assertFails(Code.FAILED_PRECONDITION, "confirmed",
                () -> fixture.tickets(fixture.service("reservations")).issueTickets(withSnapshot(held)));
        Booking other = unknownToReservations(cinema, "D2");
        GrpcAssertions.assertFails(Code.INVALID_ARGUMENT, "booking.id",
                () -> fixture.tickets(fixture.service("reservations")).issueTickets(withSnapshot(other).toBuilder()
                        .setBookingId(UUID.randomUUID().toString()).build()));
    }
}
