package marquee.kiosk.seatmap;

import java.util.List;

/**
 * A hall's seats on a grid, as the seat map needs it. Built by the backend client from the
 * theaters contract; gaps (aisles, stairs) are grid cells without a seat.
 *
 * @param width grid width in seat units (the screen spans it)
 * @param depth grid depth in rows, empty cross-aisle rows included
 */
public record HallLayout(int width, int depth, List<RowInfo> rows, List<SeatInfo> seats) {
    public HallLayout {
        rows = List.copyOf(rows);
        seats = List.copyOf(seats);
    }
}
