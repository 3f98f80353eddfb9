package marquee.reservations;

import java.util.List;

/** A change of seat state: which seats, their new status (HELD, SOLD, FREE) and why, under the showtime's version. */
record SeatEvent(long version, List<String> seatIds, String status, String reason) {}
