package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import marquee.common.v1.SeatCategory;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import org.junit.jupiter.api.Test;

class SeatSuggesterTest {
    private static final SalesRules FREE = SalesRules.newBuilder().setMaxSeatsPerOrder(10).build();

    /** Rows A–D (y 0–3), each 3 seats, an aisle, 6 seats; row C also has a sofa on the far right. */
    private static final SeatLayout LAYOUT = layout();

    private static SeatLayout layout() {
        SeatLayout.Builder layout = SeatLayout.newBuilder().setWidth(14);
        String[] labels = {"A", "B", "C", "D"};
        for (int y = 0; y < labels.length; y++) {
            Row.Builder row = Row.newBuilder().setLabel(labels[y]).setY(y);
            for (int n = 1; n <= 3; n++) row.addSeats(seat(labels[y], n, n - 1, SeatCategory.STANDARD));
            for (int n = 4; n <= 9; n++) row.addSeats(seat(labels[y], n, n, SeatCategory.STANDARD));
            if (labels[y].equals("C")) {
                row.addSeats(seat("C", 10, 11, SeatCategory.COUPLE).toBuilder().setPartnerId("C11"));
                row.addSeats(seat("C", 11, 12, SeatCategory.COUPLE).toBuilder().setPartnerId("C10"));
            }
            layout.addRows(row);
        }
        return layout.build();
    }

    private static Seat seat(String row, int number, int x, SeatCategory category) {
        return Seat.newBuilder().setId(row + number).setRow(row).setNumber(number).setX(x).setWidth(1).setCategory(category).build();
    }

    @Test
    void aGroupGetsTheCentreOfTheRowTwoThirdsBack() {
        // Row C is y=2 of 0–3; the hall's centre is x=7, between C6 (x=6) and C7 (x=7).
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of(), 2, SeatCategory.SEAT_CATEGORY_UNSPECIFIED))
                .containsExactly("C6", "C7");
    }

    @Test
    void takenSeatsPushTheGroupAside() {
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of("C6", "C7"), 2, SeatCategory.SEAT_CATEGORY_UNSPECIFIED))
                .hasSize(2).doesNotContain("C6", "C7");
    }

    @Test
    void aBlockNeverSpansAnAisle() {
        // Six seats fit only right of the aisle: C4–C9.
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of(), 6, SeatCategory.SEAT_CATEGORY_UNSPECIFIED))
                .containsExactly("C4", "C5", "C6", "C7", "C8", "C9");
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of(), 7, SeatCategory.SEAT_CATEGORY_UNSPECIFIED)).isEmpty();
    }

    @Test
    void coupleSeatsAreSuggestedAsWholeSofas() {
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of(), 2, SeatCategory.COUPLE)).containsExactly("C10", "C11");
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of(), 1, SeatCategory.COUPLE)).isEmpty();
    }

    @Test
    void withTheSingleSeatRuleNoSuggestionStrandsASeat() {
        SalesRules strict = FREE.toBuilder().setForbidSingleEmptySeat(true).build();
        // With C4 taken, the central C6+C7 would strand C5; the next best block that strands nothing is C5+C6.
        assertThat(SeatSuggester.suggest(LAYOUT, FREE, Set.of("C4"), 2, SeatCategory.SEAT_CATEGORY_UNSPECIFIED))
                .containsExactly("C6", "C7");
        assertThat(SeatSuggester.suggest(LAYOUT, strict, Set.of("C4"), 2, SeatCategory.SEAT_CATEGORY_UNSPECIFIED))
                .containsExactly("C5", "C6");
    }
}
