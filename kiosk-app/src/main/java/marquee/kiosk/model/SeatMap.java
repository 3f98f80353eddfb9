package marquee.kiosk.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A showtime's hall with the live state of its seats. {@code states} lists only seats that are
 * not free; {@code version} is where seat-map watch events continue from.
 */
public record SeatMap(String showtimeId, String hallName, int width, int depth, List<SeatRow> rows,
               Map<String, SeatStatus> states, long version, SalesRules salesRules, PriceList prices) {
    public SeatStatus status(String seatId) {
        return states.getOrDefault(seatId, SeatStatus.FREE);
    }

    public Optional<SeatInfo> seat(String seatId) {
        return rows.stream().flatMap(row -> row.seats().stream()).filter(s -> s.id().equals(seatId)).findFirst();
    }
}
