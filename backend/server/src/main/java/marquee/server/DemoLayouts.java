package marquee.server;

import java.util.ArrayList;
import java.util.List;
import marquee.common.v1.SeatCategory;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;

/** Seat layouts of the demo halls, shaped like real auditoriums: blocks, aisles, accessible places, sofas. */
final class DemoLayouts {
    private DemoLayouts() {}

    /**
     * A large hall: 20 rows of 22 in three blocks (4 | 14 | 4) with two aisles and a cross aisle;
     * wheelchair spaces with companion seats in row A, premium centre rows, sofas in the back row,
     * two house seats blocked. 440 seats.
     */
    static SeatLayout grand() {
        List<Row> rows = new ArrayList<>();
        int[] blockStarts = {0, 5, 20};
        int[] blockWidths = {4, 14, 4};
        int y = 0;
        for (int r = 0; r < 20; r++) {
            String label = String.valueOf((char) ('A' + r));
            if (r == 10) y++; // cross aisle
            Row.Builder row = Row.newBuilder().setLabel(label).setY(y);
            int number = 1;
            for (int block = 0; block < 3; block++) {
                for (int i = 0; i < blockWidths[block]; i++) {
                    int x = blockStarts[block] + i;
                    SeatCategory category = SeatCategory.STANDARD;
                    String partner = "";
                    if (r == 0 && block != 1) {
                        // Outer blocks of row A: wheelchair space, companion, wheelchair space, companion.
                        boolean wheelchair = (block == 0) == (i % 2 == 0);
                        category = wheelchair ? SeatCategory.WHEELCHAIR : SeatCategory.COMPANION;
                    } else if (r == 19) {
                        category = SeatCategory.COUPLE;
                        partner = label + (i % 2 == 0 ? number + 1 : number - 1);
                    } else if (block == 1 && r >= 7 && r <= 12) {
                        category = SeatCategory.PREMIUM;
                    }
                    boolean blocked = r == 12 && block == 1 && (i == 0 || i == 13);
                    row.addSeats(seat(label, number, x, category, partner, blocked));
                    number++;
                }
            }
            rows.add(row.build());
            y++;
        }
        return SeatLayout.newBuilder().addAllRows(rows).setWidth(24).setDepth(y).build();
    }

    /**
     * A rectangular hall with a centre aisle: {@code rowCount} rows of {@code perSide} seats on
     * each side; the front row's outer places are for wheelchairs with companions, the back row
     * is sofas when {@code sofas}.
     */
    static SeatLayout classic(int rowCount, int perSide, boolean sofas) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            String label = String.valueOf((char) ('A' + r));
            Row.Builder row = Row.newBuilder().setLabel(label).setY(r);
            int number = 1;
            for (int side = 0; side < 2; side++) {
                for (int i = 0; i < perSide; i++) {
                    int x = side * (perSide + 1) + i;
                    SeatCategory category = SeatCategory.STANDARD;
                    String partner = "";
                    boolean outer = (side == 0 && i < 2) || (side == 1 && i >= perSide - 2);
                    if (r == 0 && outer) {
                        boolean wheelchair = side == 0 ? i == 0 : i == perSide - 1;
                        category = wheelchair ? SeatCategory.WHEELCHAIR : SeatCategory.COMPANION;
                    } else if (sofas && r == rowCount - 1 && perSide % 2 == 0) {
                        category = SeatCategory.COUPLE;
                        partner = label + (i % 2 == 0 ? number + 1 : number - 1);
                    }
                    row.addSeats(seat(label, number, x, category, partner, false));
                    number++;
                }
            }
            rows.add(row.build());
        }
        return SeatLayout.newBuilder().addAllRows(rows).setWidth(perSide * 2 + 1).setDepth(rowCount).build();
    }

    private static Seat seat(String row, int number, int x, SeatCategory category, String partner, boolean blocked) {
        return Seat.newBuilder().setId(row + number).setRow(row).setNumber(number).setX(x).setWidth(1)
                .setCategory(category).setPartnerId(partner).setBlocked(blocked).build();
    }
}
