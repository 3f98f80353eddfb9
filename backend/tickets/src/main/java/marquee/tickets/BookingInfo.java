package marquee.tickets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.reservations.v1.BookingStatus;

/** What tickets need to know about a booking; the reservations service is its owner. */
record BookingInfo(UUID id, String code, UUID cinemaId, String userId, BookingStatus status, UUID showtimeId,
                   String movieTitle, String hallName, Instant startsAt, List<Line> lines) {

    /** One sold seat with its price. */
    record Line(String seatId, String row, int number, SeatCategory category, TicketType ticketType,
                long priceMinor, String currency) {}

    boolean confirmed() {
        return status == BookingStatus.BOOKING_CONFIRMED;
    }
}
