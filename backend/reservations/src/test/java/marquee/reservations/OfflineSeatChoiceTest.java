package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.movies.v1.PriceList;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import org.junit.jupiter.api.Test;

/**
 * Which seats an offline allocation sets aside: together where possible, across rows when it is
 * larger than a row, and never leaving a single empty seat where the cinema forbids it.
 */
class OfflineSeatChoiceTest {

    @Test
    void aBlockThatWouldStrandASeatIsNotChosenWhenTheCinemaForbidsIt() {
        // One row of five: any four together strand the fifth seat.
        Venue.Show show = show(1, 5, true);
        List<String> chosen = OfflineAllocations.choose(show, Set.of(), 4);
        Set<String> taken = new HashSet<>(chosen);
        SeatRules.checkNoSingleEmptySeat(show.hall().getLayout(), Set.of(), taken); // throws if a seat is stranded
        assertThat(chosen).hasSizeLessThan(4).isNotEmpty();

        // Without the rule the four are set aside.
        assertThat(OfflineAllocations.choose(show(1, 5, false), Set.of(), 4)).hasSize(4);
    }

    @Test
    void anAllocationLargerThanARowSpansRowsAndAvoidsTakenSeats() {
        Venue.Show show = show(3, 6, false);
        List<String> chosen = OfflineAllocations.choose(show, Set.of("B3"), 10);
        assertThat(chosen).hasSize(10).doesNotHaveDuplicates().doesNotContain("B3");
    }

    @Test
    void aNearlySoldOutShowtimeGetsWhatIsLeft() {
        Venue.Show show = show(1, 6, false);
        assertThat(OfflineAllocations.choose(show, Set.of("A1", "A2", "A3", "A4"), 4)).containsExactlyInAnyOrder("A5", "A6");
        assertThat(OfflineAllocations.choose(show, Set.of("A1", "A2", "A3", "A4", "A5", "A6"), 4)).isEmpty();
    }

    private static Venue.Show show(int rows, int perRow, boolean noSingleSeat) {
        SeatLayout.Builder layout = SeatLayout.newBuilder().setWidth(perRow).setDepth(rows);
        for (int r = 0; r < rows; r++) {
            String label = String.valueOf((char) ('A' + r));
            Row.Builder row = Row.newBuilder().setLabel(label).setY(r);
            for (int n = 1; n <= perRow; n++) {
                row.addSeats(Seat.newBuilder().setId(label + n).setRow(label).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
            }
            layout.addRows(row);
        }
        return new Venue.Show(UUID.randomUUID(), UUID.randomUUID(), "Film", "Hall", Instant.now().plusSeconds(7200), true,
                Hall.newBuilder().setLayout(layout).build(),
                SalesRules.newBuilder().setMaxSeatsPerOrder(10).setForbidSingleEmptySeat(noSingleSeat).build(),
                PriceList.getDefaultInstance());
    }
}
