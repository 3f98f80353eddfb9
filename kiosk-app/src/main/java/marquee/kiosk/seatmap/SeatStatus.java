package marquee.kiosk.seatmap;

/** A seat's live state for one showtime, as reservations reports it. */
public enum SeatStatus {
    FREE, HELD, SOLD, BLOCKED
}
