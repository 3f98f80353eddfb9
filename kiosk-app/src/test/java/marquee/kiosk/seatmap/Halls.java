package marquee.kiosk.seatmap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hall layouts for tests, built as the backend client would from the theaters contract. */
final class Halls {
    private Halls() {
    }

    /**
     * Three rows, ten seats each with an aisle at grid column 5 (seats 1–5 left, 6–10 right).
     * Row A: A1 is a wheelchair space two units wide, A2 a companion seat. Row C: C1+C2 a sofa.
     */
    static HallLayout small() {
        List<SeatInfo> seats = new ArrayList<>();
        List<RowInfo> rows = new ArrayList<>();
        String[] labels = {"A", "B", "C"};
        for (int y = 0; y < 3; y++) {
            String row = labels[y];
            rows.add(new RowInfo(row, y));
            int number = 1;
            for (int x = 0; x < 11; x++) {
                if (x == 5) {
                    continue;
                }
                if (y == 0 && x == 0) {
                    seats.add(new SeatInfo("A1", "A", number++, 0, 0, 2, SeatCategory.WHEELCHAIR, false, ""));
                    x = 1;
                } else if (y == 0 && x == 2) {
                    seats.add(SeatInfo.of(row, number++, x, y, SeatCategory.COMPANION));
                } else if (y == 2 && x <= 1) {
                    int n = number++;
                    seats.add(new SeatInfo("C" + n, "C", n, x, y, 1, SeatCategory.COUPLE, false, "C" + (n == 1 ? 2 : 1)));
                } else {
                    seats.add(SeatInfo.of(row, number++, x, y, SeatCategory.STANDARD));
                }
            }
        }
        return new HallLayout(11, 3, rows, seats);
    }

    /**
     * A 400-seat hall: 28 units wide (6 | aisle | 14 | aisle | 6), rows A–P with a cross aisle
     * after row F; wheelchair spaces and companions in row A, premium rows in the middle block,
     * sofas in the last row, two house seats blocked.
     */
    static HallLayout hall400() {
        List<SeatInfo> seats = new ArrayList<>();
        List<RowInfo> rows = new ArrayList<>();
        int y = 0;
        for (char c = 'A'; c <= 'P'; c++, y++) {
            if (c == 'G') {
                y++; // cross aisle
            }
            String row = String.valueOf(c);
            rows.add(new RowInfo(row, y));
            int number = 1;
            for (int x = 0; x < 28; x++) {
                if (x == 6 || x == 21) {
                    continue;
                }
                boolean middle = x > 6 && x < 21;
                if (c == 'A' && (x == 0 || x == 26)) {
                    seats.add(new SeatInfo(row + number, row, number, x, y, 2, SeatCategory.WHEELCHAIR, false, ""));
                    number++;
                    x++;
                } else if (c == 'A' && (x == 2 || x == 25)) {
                    seats.add(SeatInfo.of(row, number++, x, y, SeatCategory.COMPANION));
                } else if (c == 'B' && (x == 0 || x == 27)) {
                    continue;
                } else if (c == 'P') {
                    if (middle) {
                        int n = number++;
                        int partner = (x - 7) % 2 == 0 ? n + 1 : n - 1;
                        seats.add(new SeatInfo(row + n, row, n, x, y, 1, SeatCategory.COUPLE, false, row + partner));
                    }
                } else {
                    SeatCategory category = middle && c >= 'J' && c <= 'M' ? SeatCategory.PREMIUM : SeatCategory.STANDARD;
                    boolean houseSeat = c == 'K' && (x == 13 || x == 14);
                    seats.add(new SeatInfo(row + number, row, number, x, y, 1, category, houseSeat, ""));
                    number++;
                }
            }
        }
        return new HallLayout(28, y, rows, seats);
    }

    /** Sold, held and chosen seats spread over the 400-seat hall, the same every run. */
    static Map<String, SeatStatus> hall400States() {
        Map<String, SeatStatus> states = new LinkedHashMap<>();
        for (String id : List.of("H10", "H11", "H12", "H13", "J8", "J9", "K3", "K4", "K5", "L15", "L16", "E7", "E8", "E9",
                "O1", "O2", "P5", "P6", "A4", "N20", "N21", "N22")) {
            states.put(id, SeatStatus.SOLD);
        }
        for (String id : List.of("F10", "F11", "M12", "M13", "C3")) {
            states.put(id, SeatStatus.HELD);
        }
        return states;
    }

    /** 5,000 seats: 50 rows of 100, with two aisles. */
    static HallLayout hall5000() {
        List<SeatInfo> seats = new ArrayList<>();
        List<RowInfo> rows = new ArrayList<>();
        for (int y = 0; y < 50; y++) {
            String row = y < 26 ? String.valueOf((char) ('A' + y)) : "A" + (char) ('A' + y - 26);
            rows.add(new RowInfo(row, y));
            int number = 1;
            for (int x = 0; x < 104; x++) {
                if (x == 25 || x == 26 || x == 77 || x == 78) {
                    continue;
                }
                seats.add(SeatInfo.of(row, number++, x, y, SeatCategory.STANDARD));
            }
        }
        return new HallLayout(104, 50, rows, seats);
    }
}
