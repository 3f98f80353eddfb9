package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketSyncPage;
import org.junit.jupiter.api.Test;

class SyncUnderLoadTest {
    private static final int WRITERS = 3;
    private static final int BOOKINGS_EACH = 8;
    private final Fixture fixture = Fixture.shared();

    @Test
    void aKioskPollingWhileTicketsAreIssuedConcurrentlyMissesNone() throws Exception {
        String cinema = Fixture.newCinema();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<String> seen = new HashSet<>();
        Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < BOOKINGS_EACH; b++) {
                        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "R1", "R2");
                        fixture.issue(booking).getTicketsList().forEach(t -> issued.add(t.getId()));
                    }
                    return null;
                }));
            }
            Future<String> reader = pool.submit(() -> {
                String cursor = "";
                while (true) {
                    boolean last = !writing.get();
                    TicketSyncPage page = fixture.tickets(fixture.kiosk(cinema)).listTicketsForSync(
                            ListTicketsForSyncRequest.newBuilder().setCinemaId(cinema).setCursor(cursor).setLimit(3).build());
                    page.getTicketsList().stream().map(Ticket::getId).forEach(seen::add);
                    cursor = page.getNextCursor();
                    // After the writers finished, one more full pass must bring everything.
                    if (last && !page.getHasMore()) return cursor;
                }
            });
            for (Future<?> writer : writers) writer.get(120, TimeUnit.SECONDS);
            writing.set(false);
            reader.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(issued).hasSize(WRITERS * BOOKINGS_EACH * 2);
        assertThat(seen).isEqualTo(issued);
    }
}
