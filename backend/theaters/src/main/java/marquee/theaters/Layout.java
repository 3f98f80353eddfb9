package marquee.theaters;

import java.util.List;

/**
 * The seat layout of a hall on a grid of seat units, independent of the wire format.
 * A layout that came out of {@link LayoutValidator#validate} is known to be consistent:
 * rows are ordered by {@code y}, seats within a row by {@code x}, and width/depth cover all seats.
 */
public record Layout(List<Row> rows, int width, int depth) {

    public Layout {
        rows = List.copyOf(rows);
    }

    /** Number of seats, blocked ones included. */
    public int seatCount() {
        int count = 0;
        for (Row row : rows) count += row.seats().size();
        return count;
    }

    /** One row: its printed label and its grid line (0 = nearest the screen). */
    public record Row(String label, int y, List<Seat> seats) {
        public Row {
            label = label == null ? "" : label;
            seats = List.copyOf(seats);
        }
    }

    /**
     * One sellable place. {@code category} is null when the caller did not give a known one
     * (the validator rejects that); {@code partnerId} is empty unless the seat is half of a couple sofa.
     */
    public record Seat(String id, String row, int number, int x, int width, Category category,
                       boolean blocked, String partnerId) {
        public Seat {
            id = id == null ? "" : id;
            row = row == null ? "" : row;
            partnerId = partnerId == null ? "" : partnerId;
        }

        /** First grid column right of the seat. */
        public int right() {
            return x + width;
        }

        /** True when the two seats are side by side with no gap between them. */
        public boolean touches(Seat other) {
            return right() == other.x || other.right() == x;
        }

        public Seat withBlocked(boolean value) {
            return new Seat(id, row, number, x, width, category, value, partnerId);
        }
    }

    /** What kind of place a seat is; the names match the shared {@code SeatCategory} contract. */
    public enum Category {
        STANDARD, PREMIUM, WHEELCHAIR, COMPANION, COUPLE
    }
}
