package marquee.reservations;

import java.util.Map;

/** A showtime's layout, rules and prices with the state of every seat that is not free. */
record SeatMapView(Venue.Show show, Map<String, SeatState> states, long version) {
    enum SeatState { HELD, SOLD, BLOCKED }
}
