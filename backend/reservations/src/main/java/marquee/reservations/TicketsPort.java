package marquee.reservations;

import java.util.List;

/** What checkout and cancellation need from the tickets service (as this service). */
interface TicketsPort {
    /**
     * Issues (or returns the already issued) tickets of a confirmed booking; their ids. The booking
     * travels with the call as sold, so tickets does not ask for it again.
     */
    List<String> issue(BookingRecord booking);

    /** Revokes the tickets of a cancelled booking. */
    void revoke(String bookingId, String reason);
}
