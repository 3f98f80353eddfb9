package marquee.theaters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import marquee.platform.errors.InvalidArgumentException;
import marquee.theaters.Layout.Category;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LayoutValidatorTest {

    // ------------------------------------------------------------------------ builders

    static Layout.Seat seat(String row, int number, int x, int width, Category category, String partner) {
        return new Layout.Seat(row + number, row, number, x, width, category, false, partner);
    }

    static Layout.Seat standard(String row, int number, int x) {
        return seat(row, number, x, 1, Category.STANDARD, "");
    }

    static Layout.Seat of(String row, int number, int x, Category category) {
        return seat(row, number, x, 1, category, "");
    }

    static Layout.Seat couple(String row, int number, int x, String partner) {
        return seat(row, number, x, 1, Category.COUPLE, partner);
    }

    static Layout.Row row(String label, int y, Layout.Seat... seats) {
        return new Layout.Row(label, y, List.of(seats));
    }

    static Layout layout(Layout.Row... rows) {
        return new Layout(List.of(rows), 0, 0);
    }

    static List<String> problems(Layout layout) {
        return LayoutValidator.problems(layout);
    }

    static Layout.Row plainRow(String label, int y) {
        return row(label, y, standard(label, 1, 0), standard(label, 2, 1));
    }

    // --------------------------------------------------------------------- valid layouts

    @Test
    void validLayoutIsReturnedWithRowsByYSeatsByXAndComputedSize() {
        Layout input = layout(
                row("B", 3, standard("B", 2, 5), standard("B", 1, 0)),
                row("A", 0, standard("A", 1, 2), standard("A", 2, 3)));

        Layout valid = LayoutValidator.validate(input);

        assertThat(valid.rows()).extracting(Layout.Row::label).containsExactly("A", "B");
        assertThat(valid.rows().get(1).seats()).extracting(Layout.Seat::id).containsExactly("B1", "B2");
        assertThat(valid.width()).isEqualTo(6);
        assertThat(valid.depth()).isEqualTo(4);
        assertThat(valid.seatCount()).isEqualTo(4);
    }

    @Test
    void givenWidthAndDepthAreKeptWhenTheyCoverAllSeats() {
        Layout input = new Layout(List.of(plainRow("A", 0)), 20, 12);

        Layout valid = LayoutValidator.validate(input);

        assertThat(valid.width()).isEqualTo(20);
        assertThat(valid.depth()).isEqualTo(12);
    }

    @Test
    void touchingSeatsGapsAndEmptyGridLinesAreAccepted() {
        Layout input = layout(
                row("A", 0, standard("A", 1, 0), standard("A", 2, 1), standard("A", 3, 5)),
                row("C", 4, seat("C", 1, 0, 3, Category.PREMIUM, ""), standard("C", 2, 3)));

        assertThat(problems(input)).isEmpty();
    }

    @Test
    void exactlyFiveThousandSeatsAreAccepted() {
        List<Layout.Row> rows = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
            String label = TheatersTestSupport.rowLabel(r);
            List<Layout.Seat> seats = new ArrayList<>();
            for (int n = 1; n <= 100; n++) seats.add(standard(label, n, n - 1));
            rows.add(new Layout.Row(label, r, seats));
        }

        Layout valid = LayoutValidator.validate(new Layout(rows, 0, 0));

        assertThat(valid.seatCount()).isEqualTo(5_000);
        assertThat(valid.width()).isEqualTo(100);
        assertThat(valid.depth()).isEqualTo(50);
    }

    // ------------------------------------------------------------------------ seat count

    @Nested
    class SeatCount {
        @Test
        void layoutWithoutRowsIsRejected() {
            assertThat(problems(layout())).containsExactly("layout has no seats; a hall needs 1 to 5000 seats");
        }

        @Test
        void moreThanFiveThousandSeatsAreRejected() {
            List<Layout.Seat> seats = new ArrayList<>();
            for (int n = 1; n <= 5_001; n++) seats.add(standard("A", n, n - 1));

            assertThat(problems(new Layout(List.of(new Layout.Row("A", 0, seats)), 0, 0)))
                    .containsExactly("layout has 5001 seats; a hall may have at most 5000");
        }
    }

    // ------------------------------------------------------------------------------ rows

    @Nested
    class Rows {
        @Test
        void blankRowLabelIsRejected() {
            Layout input = layout(plainRow("A", 0), row(" ", 1, standard(" ", 1, 0)));

            assertThat(problems(input)).contains("row #2: label is required");
        }

        @Test
        void rowLabelLongerThanFourCharactersIsRejected() {
            assertThat(problems(layout(plainRow("ABCDE", 0))))
                    .contains("row ABCDE: label must have at most 4 characters");
        }

        @Test
        void rowLabelWithPunctuationOrSpacesIsRejected() {
            assertThat(problems(layout(plainRow("A-1", 0)))).contains("row A-1: label may only contain letters and digits");
            assertThat(problems(layout(plainRow("A 1", 0)))).contains("row A 1: label may only contain letters and digits");
        }

        @Test
        void duplicateRowLabelIsRejected() {
            Layout input = layout(row("A", 0, standard("A", 1, 0)), row("A", 1, standard("A", 2, 0)));

            assertThat(problems(input)).containsExactly("row A: label is used by more than one row");
        }

        @Test
        void duplicateRowYIsRejected() {
            assertThat(problems(layout(plainRow("A", 3), plainRow("B", 3))))
                    .containsExactly("row B: y 3 is also used by row A");
        }

        @Test
        void negativeRowYIsRejected() {
            assertThat(problems(layout(plainRow("A", -1)))).containsExactly("row A: y must be 0 or more, got -1");
        }

        @Test
        void rowYBeyondTheLargestGridIsRejected() {
            assertThat(problems(layout(plainRow("A", 1_000)))).containsExactly("row A: y must be less than 1000, got 1000");
        }

        @Test
        void rowWithoutSeatsIsRejected() {
            assertThat(problems(layout(plainRow("A", 0), row("B", 1))))
                    .containsExactly("row B: has no seats (aisles are grid lines without a row)");
        }
    }

    // ----------------------------------------------------------------------------- seats

    @Nested
    class Seats {
        @Test
        void seatWithoutIdIsRejected() {
            Layout.Seat noId = new Layout.Seat("", "A", 2, 1, 1, Category.STANDARD, false, "");

            assertThat(problems(layout(row("A", 0, standard("A", 1, 0), noId))))
                    .containsExactly("row A, seat #2: id is required");
        }

        @Test
        void duplicateSeatIdAcrossRowsIsRejected() {
            // Row "A1" seat 1 and row "A" seat 11 would both be "A11".
            Layout input = layout(row("A", 0, standard("A", 11, 0)), row("A1", 1, standard("A1", 1, 0)));

            assertThat(problems(input)).containsExactly("seat A11: id is used by more than one seat");
        }

        @Test
        void seatIdOtherThanRowLabelPlusNumberIsRejected() {
            Layout.Seat wrongId = new Layout.Seat("F7", "F", 12, 0, 1, Category.STANDARD, false, "");

            assertThat(problems(layout(row("F", 0, wrongId))))
                    .containsExactly("seat F7: id must be the row label followed by the number, i.e. \"F12\"");
        }

        @Test
        void seatRowOtherThanEnclosingRowIsRejected() {
            Layout.Seat wrongRow = new Layout.Seat("F12", "G", 12, 0, 1, Category.STANDARD, false, "");

            assertThat(problems(layout(row("F", 0, wrongRow))))
                    .containsExactly("seat F12: row is \"G\" but the seat is listed in row F");
        }

        @Test
        void seatNumberBelowOneIsRejected() {
            assertThat(problems(layout(row("A", 0, standard("A", 0, 0)))))
                    .containsExactly("seat A0: number must be between 1 and 9999, got 0");
        }

        @Test
        void duplicateSeatNumberInRowIsRejected() {
            Layout.Seat second = new Layout.Seat("A3", "A", 2, 1, 1, Category.STANDARD, false, "");

            assertThat(problems(layout(row("A", 0, standard("A", 2, 0), second))))
                    .contains("row A: seat number 2 is used more than once");
        }

        @Test
        void negativeXIsRejected() {
            assertThat(problems(layout(row("A", 0, standard("A", 1, -1)))))
                    .containsExactly("seat A1: x must be 0 or more, got -1");
        }

        @Test
        void seatWidthOutsideOneToFourIsRejected() {
            assertThat(problems(layout(row("A", 0, seat("A", 1, 0, 0, Category.STANDARD, "")))))
                    .containsExactly("seat A1: width must be between 1 and 4, got 0");
            assertThat(problems(layout(row("A", 0, seat("A", 1, 0, 5, Category.STANDARD, "")))))
                    .containsExactly("seat A1: width must be between 1 and 4, got 5");
        }

        @Test
        void seatBeyondTheLargestGridIsRejected() {
            assertThat(problems(layout(row("A", 0, standard("A", 1, 999), standard("A", 2, 1_000)))))
                    .containsExactly("seat A2: lies beyond the largest grid width of 1000");
        }

        @Test
        void overlappingSeatsAreRejected() {
            Layout input = layout(row("A", 0, standard("A", 1, 0), standard("A", 2, 0)));

            assertThat(problems(input)).containsExactly("row A: seats A1 and A2 overlap");
        }

        @Test
        void wideSeatOverlappingALaterSeatIsRejected() {
            Layout input = layout(row("A", 0,
                    seat("A", 1, 0, 3, Category.WHEELCHAIR, ""), standard("A", 2, 3), standard("A", 3, 2)));

            assertThat(problems(input)).containsExactly("row A: seats A1 and A3 overlap");
        }

        @Test
        void seatsInDifferentRowsMayShareX() {
            assertThat(problems(layout(plainRow("A", 0), plainRow("B", 1)))).isEmpty();
        }

        @Test
        void seatWithoutCategoryIsRejected() {
            assertThat(problems(layout(row("A", 0, of("A", 1, 0, null)))))
                    .containsExactly("seat A1: category must be STANDARD, PREMIUM, WHEELCHAIR, COMPANION or COUPLE");
        }
    }

    // ---------------------------------------------------------------------- couple seats

    @Nested
    class CoupleSeats {
        @Test
        void adjacentCouplePointingAtEachOtherIsAccepted() {
            assertThat(problems(layout(row("A", 0, couple("A", 1, 0, "A2"), couple("A", 2, 1, "A1"))))).isEmpty();
        }

        @Test
        void coupleSeatWithoutPartnerIsRejected() {
            assertThat(problems(layout(row("F", 0, couple("F", 12, 0, "")))))
                    .containsExactly("seat F12: couple seat without partner");
        }

        @Test
        void coupleSeatCannotBeItsOwnPartner() {
            assertThat(problems(layout(row("A", 0, couple("A", 1, 0, "A1")))))
                    .containsExactly("seat A1: couple seat cannot be its own partner");
        }

        @Test
        void couplePartnerMustBeASeatOfTheHall() {
            assertThat(problems(layout(row("A", 0, couple("A", 1, 0, "A9")))))
                    .containsExactly("seat A1: partner A9 is not a seat of this hall");
        }

        @Test
        void couplePartnerMustBeInTheSameRow() {
            Layout input = layout(row("A", 0, couple("A", 1, 0, "B1")), row("B", 1, couple("B", 1, 0, "A1")));

            assertThat(problems(input)).containsExactly(
                    "seat A1: partner B1 is not in the same row", "seat B1: partner A1 is not in the same row");
        }

        @Test
        void couplePartnerMustBeACoupleSeat() {
            Layout input = layout(row("A", 0, couple("A", 1, 0, "A2"), standard("A", 2, 1)));

            assertThat(problems(input)).containsExactly("seat A1: partner A2 is not a couple seat");
        }

        @Test
        void couplePartnerMustPointBack() {
            Layout input = layout(row("A", 0,
                    couple("A", 1, 0, "A2"), couple("A", 2, 1, "A3"), couple("A", 3, 2, "A2")));

            assertThat(problems(input)).containsExactly(
                    "seat A1: partner A2 does not point back to it (its partner_id is \"A3\")");
        }

        @Test
        void coupleSeatsWithAGapBetweenThemAreRejected() {
            Layout input = layout(row("A", 0, couple("A", 1, 0, "A2"), couple("A", 2, 2, "A1")));

            assertThat(problems(input)).containsExactly(
                    "seat A1: partner A2 is not directly next to it", "seat A2: partner A1 is not directly next to it");
        }

        @Test
        void nonCoupleSeatWithPartnerIsRejected() {
            Layout input = layout(row("A", 0, seat("A", 1, 0, 1, Category.STANDARD, "A2"), standard("A", 2, 1)));

            assertThat(problems(input)).containsExactly(
                    "seat A1: only couple seats have a partner (partner_id must be empty for STANDARD)");
        }
    }

    // ------------------------------------------------------------ wheelchair / companion

    @Nested
    class CompanionSeats {
        @Test
        void companionSeatOnEitherSideOfAWideWheelchairSpaceIsAccepted() {
            Layout input = layout(row("A", 0,
                    of("A", 1, 0, Category.COMPANION),
                    seat("A", 2, 1, 2, Category.WHEELCHAIR, ""),
                    of("A", 3, 3, Category.COMPANION)));

            assertThat(problems(input)).isEmpty();
        }

        @Test
        void companionSeatAwayFromAnyWheelchairSpaceIsRejected() {
            Layout input = layout(row("A", 0,
                    of("A", 1, 0, Category.WHEELCHAIR), standard("A", 2, 1), of("A", 3, 2, Category.COMPANION)));

            assertThat(problems(input))
                    .containsExactly("seat A3: companion seat must be directly next to a wheelchair space");
        }

        @Test
        void wheelchairSpaceInAnotherRowDoesNotCountForACompanionSeat() {
            Layout input = layout(row("A", 0, of("A", 1, 0, Category.WHEELCHAIR)),
                    row("B", 1, of("B", 1, 1, Category.COMPANION)));

            assertThat(problems(input))
                    .containsExactly("seat B1: companion seat must be directly next to a wheelchair space");
        }

        @Test
        void wheelchairSpaceWithoutCompanionIsAccepted() {
            assertThat(problems(layout(row("A", 0, seat("A", 1, 0, 2, Category.WHEELCHAIR, ""))))).isEmpty();
        }
    }

    // ------------------------------------------------------------------------ grid size

    @Nested
    class GridSize {
        @Test
        void widthSmallerThanTheSeatsNeedIsRejected() {
            Layout input = new Layout(List.of(row("A", 0, standard("A", 1, 0), standard("A", 2, 4))), 4, 0);

            assertThat(problems(input)).containsExactly("layout width 4 is smaller than the seats need (5)");
        }

        @Test
        void depthSmallerThanTheRowsNeedIsRejected() {
            Layout input = new Layout(List.of(plainRow("A", 0), plainRow("B", 5)), 0, 5);

            assertThat(problems(input)).containsExactly("layout depth 5 is smaller than the seats need (6)");
        }

        @Test
        void negativeOrHugeSizeIsRejected() {
            assertThat(problems(new Layout(List.of(plainRow("A", 0)), -1, 0)))
                    .containsExactly("layout width must be between 1 and 1000 (or 0 to compute it), got -1");
            assertThat(problems(new Layout(List.of(plainRow("A", 0)), 0, 1_001)))
                    .containsExactly("layout depth must be between 1 and 1000 (or 0 to compute it), got 1001");
        }
    }

    // ----------------------------------------------------------------------- reporting

    @Test
    void validateThrowsInvalidArgumentNamingTheFirstProblemAndCountingTheRest() {
        Layout input = layout(row("F", 0, couple("F", 12, 0, ""), of("F", 13, 1, null), standard("F", 14, 1)));

        assertThatThrownBy(() -> LayoutValidator.validate(input))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("seat F13: category must be STANDARD, PREMIUM, WHEELCHAIR, COMPANION or COUPLE"
                        + " (and 2 more problems)");
    }

    @Test
    void veryLongIdsAreAbbreviatedInMessages() {
        String longId = "X".repeat(10_000);
        Layout.Seat seat = new Layout.Seat(longId, "A", 1, 0, 1, Category.STANDARD, false, "");

        assertThat(problems(layout(row("A", 0, seat))))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .hasSizeLessThan(120)
                .startsWith("seat XXXXXXXXXXXXXXXXXXXX…: id must be");
    }

    @Test
    void onlyTheFirstHundredProblemsAreListed() {
        List<Layout.Seat> seats = new ArrayList<>();
        for (int n = 1; n <= 300; n++) seats.add(of("A", n, n - 1, null));

        assertThat(problems(new Layout(List.of(new Layout.Row("A", 0, seats)), 0, 0))).hasSize(100);
    }
}
