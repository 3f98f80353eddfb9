package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.errors.InvalidArgumentException;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import org.junit.jupiter.api.Test;

class SeatRulesTest {
    private static final SalesRules FOUR = SalesRules.newBuilder().setMaxSeatsPerOrder(4).build();
    private static final SalesRules NO_SINGLES = FOUR.toBuilder().setForbidSingleEmptySeat(true).build();

    /** Row A: A1–A6, aisle, A7–A8. Row B: wheelchair B1 (2 wide), companion B2, B3, blocked B4. Row C: sofas C1+C2. */
    private static final SeatLayout LAYOUT = SeatLayout.newBuilder()
            .addRows(Row.newBuilder().setLabel("A").setY(0)
                    .addSeats(seat("A", 1, 0, SeatCategory.STANDARD)).addSeats(seat("A", 2, 1, SeatCategory.STANDARD))
                    .addSeats(seat("A", 3, 2, SeatCategory.STANDARD)).addSeats(seat("A", 4, 3, SeatCategory.STANDARD))
                    .addSeats(seat("A", 5, 4, SeatCategory.STANDARD)).addSeats(seat("A", 6, 5, SeatCategory.STANDARD))
                    .addSeats(seat("A", 7, 7, SeatCategory.STANDARD)).addSeats(seat("A", 8, 8, SeatCategory.STANDARD)))
            .addRows(Row.newBuilder().setLabel("B").setY(1)
                    .addSeats(seat("B", 1, 0, SeatCategory.WHEELCHAIR).toBuilder().setWidth(2))
                    .addSeats(seat("B", 2, 2, SeatCategory.COMPANION)).addSeats(seat("B", 3, 3, SeatCategory.STANDARD))
                    .addSeats(seat("B", 4, 4, SeatCategory.STANDARD).toBuilder().setBlocked(true)))
            .addRows(Row.newBuilder().setLabel("C").setY(2)
                    .addSeats(seat("C", 1, 0, SeatCategory.COUPLE).toBuilder().setPartnerId("C2"))
                    .addSeats(seat("C", 2, 1, SeatCategory.COUPLE).toBuilder().setPartnerId("C1")))
            .build();

    private static Seat seat(String row, int number, int x, SeatCategory category) {
        return Seat.newBuilder().setId(row + number).setRow(row).setNumber(number).setX(x).setWidth(1).setCategory(category).build();
    }

    private static List<SeatRules.Selection> adults(String... ids) {
        return Arrays.stream(ids).map(id -> new SeatRules.Selection(id, TicketType.TICKET_TYPE_UNSPECIFIED)).toList();
    }

    private static SeatRules.Priced price(SalesRules rules, Set<String> occupied, List<SeatRules.Selection> seats) {
        return SeatRules.price(seats, LAYOUT, rules, Fixture.prices(), occupied);
    }

    @Test
    void pricesEachSeatByCategoryAndTicketTypeAndAddsTheFeeOnce() {
        var priced = price(FOUR, Set.of(), List.of(new SeatRules.Selection("A1", TicketType.ADULT),
                new SeatRules.Selection("A2", TicketType.CHILD)));
        assertThat(priced.lines()).extracting(SeatRules.Line::priceMinor).containsExactly(1200L, 800L);
        assertThat(priced.feeMinor()).isEqualTo(50);
        assertThat(priced.totalMinor()).isEqualTo(2050);
        assertThat(priced.currency()).isEqualTo("EUR");
    }

    @Test
    void anUnspecifiedTicketTypeIsAnAdultTicket() {
        assertThat(price(FOUR, Set.of(), adults("A1")).lines().get(0).ticketType()).isEqualTo(TicketType.ADULT);
    }

    @Test
    void aTicketTypeWithoutPriceForTheCategoryIsRefused() {
        assertThatThrownBy(() -> price(FOUR, Set.of(), List.of(new SeatRules.Selection("C1", TicketType.CHILD),
                new SeatRules.Selection("C2", TicketType.ADULT))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no CHILD ticket for COUPLE");
    }

    @Test
    void moreSeatsThanTheCinemaAllowsPerOrderAreRefused() {
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults("A1", "A2", "A3", "A4", "A5")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("at most 4 seats");
    }

    @Test
    void emptyOrRepeatedSelectionsAreRefused() {
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults())).hasMessageContaining("at least one seat");
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults("A1", "A1"))).hasMessageContaining("repeated: A1");
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults(""))).hasMessageContaining("seats[0].seat_id is required");
    }

    @Test
    void unknownAndBlockedSeatsAreNamed() {
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults("Z9"))).hasMessageContaining("no such seat in this hall: Z9");
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults("B4"))).hasMessageContaining("blocked): B4");
    }

    @Test
    void coupleSeatsAreSoldOnlyInPairs() {
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults("C1"))).hasMessageContaining("couple seats are sold in pairs")
                .hasMessageContaining("C1 (with C2)");
        assertThat(price(FOUR, Set.of(), adults("C1", "C2")).lines()).hasSize(2);
    }

    @Test
    void aCompanionSeatNeedsAWheelchairSpaceInTheSameOrder() {
        assertThatThrownBy(() -> price(FOUR, Set.of(), adults("B2"))).hasMessageContaining("companion seats are only sold together");
        assertThat(price(FOUR, Set.of(), adults("B1", "B2")).lines()).hasSize(2);
        assertThat(price(FOUR, Set.of(), adults("B1")).lines()).hasSize(1);
    }

    @Test
    void leavingASingleEmptySeatAtARowEndIsRefusedWhenTheCinemaForbidsIt() {
        assertThatThrownBy(() -> price(NO_SINGLES, Set.of(), adults("A2", "A3")))
                .hasMessageContaining("single empty seat").hasMessageContaining("A1");
        assertThat(price(FOUR, Set.of(), adults("A2", "A3")).lines()).hasSize(2);
    }

    @Test
    void leavingASingleEmptySeatBetweenTakenSeatsIsRefused() {
        assertThatThrownBy(() -> price(NO_SINGLES, Set.of("A3"), adults("A5"))).hasMessageContaining("A4");
        assertThat(price(NO_SINGLES, Set.of("A3"), adults("A4", "A5", "A6")).lines()).hasSize(3);
    }

    @Test
    void anAisleEndsABlockSoTheSeatsBeyondItAreJudgedOnTheirOwn() {
        // A7 A8 form their own block: taking A7 strands A8 at the block's end.
        assertThatThrownBy(() -> price(NO_SINGLES, Set.of(), adults("A7"))).hasMessageContaining("A8");
        // Taking A6 leaves A5 free with A4 free too: no single seat, and A7 beyond the aisle is not a neighbour.
        assertThat(price(NO_SINGLES, Set.of(), adults("A6")).lines()).hasSize(1);
    }

    @Test
    void aGapThatExistedBeforeTheOrderIsNotItsFault() {
        // A2 was already a single gap between A1 and A3; the order touches neither side of it.
        assertThat(price(NO_SINGLES, Set.of("A1", "A3"), adults("A4", "A5", "A6")).lines()).hasSize(3);
    }

    @Test
    void runsSplitAtGapsInX() {
        assertThat(SeatRules.runs(LAYOUT)).extracting(List::size).containsExactly(6, 2, 4, 2);
    }

    @Test
    void theSeatIndexOfALayoutIsBuiltOnceAndFoundByIdentityNotByComparingLayouts() {
        assertThat(SeatRules.seatsById(LAYOUT)).isSameAs(SeatRules.seatsById(LAYOUT)).containsKeys("A1", "A4");
        // An equal copy (another hall with the same seats) gets its own index without a deep comparison.
        SeatLayout copy = LAYOUT.toBuilder().build();
        assertThat(SeatRules.seatsById(copy)).isNotSameAs(SeatRules.seatsById(LAYOUT)).isEqualTo(SeatRules.seatsById(LAYOUT));

        SeatRules.IdentityCache<Object, String> cache = new SeatRules.IdentityCache<>();
        Object key = new Object() {
            @Override
            public boolean equals(Object other) {
                throw new AssertionError("keys are compared by identity");
            }

            @Override
            public int hashCode() {
                throw new AssertionError("keys are hashed by identity");
            }
        };
        assertThat(cache.computeIfAbsent(key, k -> "built")).isEqualTo("built");
        assertThat(cache.computeIfAbsent(key, k -> "again")).isEqualTo("built");
        assertThat(cache.computeIfAbsent(new Object(), k -> "other")).isEqualTo("other");
        assertThat(cache.size()).isBetween(1, 2);
    }
}
