package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.TicketSyncPage;
import marquee.tickets.v1.VerifyTicketRequest;
import org.junit.jupiter.api.Test;

class TicketSyncTest {
    private final Fixture fixture = Fixture.shared();

    private TicketSyncPage page(String cinema, String cursor, int limit) {
        return fixture.tickets(fixture.kiosk(cinema)).listTicketsForSync(ListTicketsForSyncRequest.newBuilder()
                .setCinemaId(cinema).setCursor(cursor).setLimit(limit).build());
    }

    @Test
    void aKioskStartsWithEverythingThenGetsOnlyNewChangesIncludingRevocationsAndCheckIns() {
        String cinema = Fixture.newCinema();
        Booking first = fixture.booking(cinema, BOOKING_CONFIRMED, "A1", "A2");
        fixture.issue(first);
        fixture.issue(fixture.booking(Fixture.newCinema(), BOOKING_CONFIRMED, "A1"));

        TicketSyncPage start = page(cinema, "", 0);
        assertThat(start.getTicketsList()).extracting(Ticket::getSeatId).containsExactlyInAnyOrder("A1", "A2");
        assertThat(start.getHasMore()).isFalse();
        assertThat(page(cinema, start.getNextCursor(), 0).getTicketsList()).isEmpty();
        assertThat(page(cinema, start.getNextCursor(), 0).getNextCursor()).isEqualTo(start.getNextCursor());

        Booking second = fixture.booking(cinema, BOOKING_CONFIRMED, "B1");
        List<Ticket> secondTickets = fixture.issue(second).getTicketsList();
        TicketSyncPage issued = page(cinema, start.getNextCursor(), 0);
        assertThat(issued.getTicketsList()).extracting(Ticket::getId).containsExactly(secondTickets.get(0).getId());

        fixture.tickets(fixture.cashier(cinema)).revokeTickets(RevokeTicketsRequest.newBuilder()
                .setBookingId(first.getId()).setReason("refund").build());
        TicketSyncPage revoked = page(cinema, issued.getNextCursor(), 0);
        assertThat(revoked.getTicketsList()).extracting(Ticket::getSeatId).containsExactlyInAnyOrder("A1", "A2");
        assertThat(revoked.getTicketsList()).extracting(Ticket::getStatus).containsOnly(TicketStatus.REVOKED);
        assertThat(revoked.getTicketsList()).extracting(Ticket::getQrPayload).containsOnly("");

        fixture.tickets(fixture.cashier(cinema)).checkIn(VerifyTicketRequest.newBuilder()
                .setQrPayload(secondTickets.get(0).getQrPayload()).build());
        TicketSyncPage used = page(cinema, revoked.getNextCursor(), 0);
        assertThat(used.getTicketsList()).extracting(Ticket::getStatus).containsExactly(TicketStatus.USED);
    }

    @Test
    void pagesHonourTheLimitAndSayWhenMoreIsWaiting() {
        String cinema = Fixture.newCinema();
        fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "C1", "C2", "C3", "C4", "C5"));

        List<String> seen = new ArrayList<>();
        String cursor = "";
        List<Boolean> hasMore = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TicketSyncPage page = page(cinema, cursor, 2);
            assertThat(page.getTicketsCount()).isLessThanOrEqualTo(2);
            page.getTicketsList().forEach(t -> seen.add(t.getSeatId()));
            hasMore.add(page.getHasMore());
            cursor = page.getNextCursor();
        }

        assertThat(seen).containsExactlyInAnyOrder("C1", "C2", "C3", "C4", "C5");
        assertThat(hasMore).containsExactly(true, true, false);
    }

    @Test
    void staffOfAnotherCinemaAndCustomersMayNotReadTheFeed() {
        String cinema = Fixture.newCinema();
        ListTicketsForSyncRequest request = ListTicketsForSyncRequest.newBuilder().setCinemaId(cinema).build();

        for (String caller : List.of(fixture.cashier(Fixture.newCinema()), fixture.kiosk(Fixture.newCinema()),
                fixture.customer(java.util.UUID.randomUUID().toString()))) {
            assertThatThrownBy(() -> fixture.tickets(caller).listTicketsForSync(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(fixture.tickets(fixture.service()).listTicketsForSync(request).getTicketsList()).isEmpty();
    }
}
