package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static marquee.reservations.v1.BookingStatus.BOOKING_HELD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketList;
import marquee.tickets.v1.TicketStatus;
import org.junit.jupiter.api.Test;

class IssueTicketsTest {
    private final Fixture fixture = Fixture.shared();

    @Test
    void aConfirmedBookingGetsOneValidSignedTicketPerSeatInSeatOrder() {
        Booking booking = fixture.booking(Fixture.newCinema(), BOOKING_CONFIRMED, "F12", "F10", "E3");

        TicketList issued = fixture.issue(booking);

        assertThat(issued.getTicketsList()).extracting(Ticket::getSeatId).containsExactly("E3", "F10", "F12");
        assertThat(issued.getTicketsList()).allSatisfy(ticket -> {
            assertThat(ticket.getStatus()).isEqualTo(TicketStatus.VALID);
            assertThat(ticket.getBookingCode()).isEqualTo(booking.getCode());
            assertThat(ticket.getShowtimeId()).isEqualTo(booking.getShowtimeId());
            assertThat(ticket.getMovieTitle()).isEqualTo("The Long Matinee");
            assertThat(ticket.getPrice().getAmountMinor()).isEqualTo(1250);
            assertThat(ticket.getQrPayload()).startsWith("MQ1.");
        });
        assertThat(fixture.count("booking_id = '" + booking.getId() + "'")).isEqualTo(3);
    }

    @Test
    void issuingAgainReturnsTheSameTickets() {
        Booking booking = fixture.booking(Fixture.newCinema(), BOOKING_CONFIRMED, "A1", "A2");

        TicketList first = fixture.issue(booking);
        TicketList second = fixture.issue(booking);

        assertThat(second).isEqualTo(first);
        assertThat(fixture.count("booking_id = '" + booking.getId() + "'")).isEqualTo(2);
    }

    @Test
    void tenConcurrentIssuesStillMakeExactlyOneTicketPerSeat() throws Exception {
        Booking booking = fixture.booking(Fixture.newCinema(), BOOKING_CONFIRMED, "C1", "C2", "C3", "C4");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TicketList>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return fixture.issue(booking);
                }));
            }
            go.countDown();
            TicketList first = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<TicketList> result : results) assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("booking_id = '" + booking.getId() + "'")).isEqualTo(4);
        assertThat(fixture.count("showtime_id = '" + booking.getShowtimeId() + "'")).isEqualTo(4);
    }

    @Test
    void aBookingThatIsNotConfirmedGetsNoTickets() {
        Booking held = fixture.booking(Fixture.newCinema(), BOOKING_HELD, "B1");

        assertThatThrownBy(() -> fixture.issue(held)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(fixture.count("booking_id = '" + held.getId() + "'")).isZero();
    }

    @Test
    void theCustomerKioskAndServiceMayIssueButStaffOfAnotherCinemaAndOtherCustomersMayNot() {
        String cinema = Fixture.newCinema();
        String owner = java.util.UUID.randomUUID().toString();
        Booking booking = fixture.booking(cinema, owner, BOOKING_CONFIRMED, "D5");
        IssueTicketsRequest request = IssueTicketsRequest.newBuilder().setBookingId(booking.getId()).build();

        for (String stranger : List.of(fixture.cashier(Fixture.newCinema()), fixture.kiosk(Fixture.newCinema()),
                fixture.customer(java.util.UUID.randomUUID().toString()))) {
            assertThatThrownBy(() -> fixture.tickets(stranger).issueTickets(request)).isInstanceOfSatisfying(
                    StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(fixture.count("booking_id = '" + booking.getId() + "'")).isZero();

        assertThat(fixture.tickets(fixture.customer(owner)).issueTickets(request).getTicketsCount()).isEqualTo(1);
        assertThat(fixture.tickets(fixture.kiosk(cinema)).issueTickets(request).getTicketsCount()).isEqualTo(1);
        assertThat(fixture.tickets(fixture.service()).issueTickets(request).getTicketsCount()).isEqualTo(1);
    }

    @Test
    void ticketsByBookingCodeFollowTheBookingsVisibility() {
        String cinema = Fixture.newCinema();
        String owner = java.util.UUID.randomUUID().toString();
        Booking booking = fixture.booking(cinema, owner, BOOKING_CONFIRMED, "G7", "G8");
        TicketList issued = fixture.issue(booking);
        GetTicketsRequest byCode = GetTicketsRequest.newBuilder().setBookingCode(booking.getCode().toLowerCase()).build();

        assertThat(fixture.tickets(fixture.customer(owner)).getTickets(byCode)).isEqualTo(issued);
        assertThat(fixture.tickets(fixture.kiosk(cinema)).getTickets(byCode)).isEqualTo(issued);
        assertThatThrownBy(() -> fixture.tickets(fixture.customer(java.util.UUID.randomUUID().toString())).getTickets(byCode))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> fixture.tickets(fixture.kiosk(Fixture.newCinema())).getTickets(byCode))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
