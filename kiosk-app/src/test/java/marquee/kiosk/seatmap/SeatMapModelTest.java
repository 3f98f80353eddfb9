package marquee.kiosk.seatmap;

import static org.assertj.core.api.Assertions.assertThat;

import marquee.kiosk.seatmap.SeatMapModel.Area;
import marquee.kiosk.seatmap.SeatMapModel.ToggleResult;
import org.junit.jupiter.api.Test;

class SeatMapModelTest {
    private final SeatMapModel model = new SeatMapModel(Halls.small(), 4);

    @Test
    void theCentreOfASeatHitsThatSeat() {
        for (SeatInfo s : model.seats()) {
            Area a = model.seatArea(s.id());
            assertThat(model.seatAt(a.centerX(), a.centerY())).as(s.id()).contains(s.id());
        }
    }

    @Test
    void aWideWheelchairSpaceIsHitOnBothOfItsCells() {
        Area cell = model.cell("A1");
        assertThat(model.seatAt(cell.x() + 0.5, cell.centerY())).contains("A1");
        assertThat(model.seatAt(cell.x() + 1.5, cell.centerY())).contains("A1");
    }

    @Test
    void theAisleTheRowLabelsAndTheScreenHitNothing() {
        Area b5 = model.cell("B5");
        assertThat(model.seatAt(b5.x() + b5.width() + 0.5, b5.centerY())).as("aisle").isEmpty();
        SeatMapModel.RowLabel rowB = model.rowLabels().get(1);
        assertThat(model.seatAt(rowB.left().centerX(), rowB.left().centerY())).as("left label").isEmpty();
        assertThat(model.seatAt(rowB.right().centerX(), rowB.right().centerY())).as("right label").isEmpty();
        assertThat(model.seatAt(model.screen().centerX(), model.screen().centerY())).as("screen").isEmpty();
        assertThat(model.seatAt(-1, -1)).isEmpty();
        assertThat(model.seatAt(model.width() + 1, model.height() + 1)).isEmpty();
    }

    @Test
    void rowLabelsSitAtBothEndsOfTheirRow() {
        SeatMapModel.RowLabel rowC = model.rowLabels().get(2);
        assertThat(rowC.label()).isEqualTo("C");
        assertThat(rowC.left().centerY()).isEqualTo(model.cell("C5").centerY());
        assertThat(rowC.left().x() + rowC.left().width()).isLessThanOrEqualTo(model.cell("C1").x());
        assertThat(rowC.right().x()).isGreaterThanOrEqualTo(model.cell("C10").x() + 1);
    }

    @Test
    void theScreenIsAboveTheFirstRow() {
        assertThat(model.screen().y() + model.screen().height()).isLessThan(model.cell("A3").y());
        assertThat(model.screen().width()).isEqualTo(11);
    }

    @Test
    void sofaHalvesAreDrawnJoined() {
        Area c1 = model.seatArea("C1");
        Area c2 = model.seatArea("C2");
        assertThat(c1.x() + c1.width()).isEqualTo(c2.x());
    }

    @Test
    void choosingHalfASofaChoosesBothAndLettingGoReleasesBoth() {
        assertThat(model.toggle("C2")).isEqualTo(ToggleResult.SELECTED);
        assertThat(model.selection()).containsExactly("C2", "C1");
        assertThat(model.toggle("C1")).isEqualTo(ToggleResult.DESELECTED);
        assertThat(model.selection()).isEmpty();
    }

    @Test
    void aSofaWithOneHalfTakenCannotBeChosen() {
        model.applyChange("C1", SeatStatus.SOLD);
        assertThat(model.toggle("C2")).isEqualTo(ToggleResult.NOT_AVAILABLE);
        assertThat(model.selection()).isEmpty();
    }

    @Test
    void noMoreSeatsThanTheOrderAllows() {
        for (String id : new String[] {"B1", "B2", "B3", "B4"}) {
            assertThat(model.toggle(id)).isEqualTo(ToggleResult.SELECTED);
        }
        assertThat(model.toggle("B6")).isEqualTo(ToggleResult.LIMIT_REACHED);
        model.toggle("B4");
        assertThat(model.toggle("C1")).as("a sofa needs two places").isEqualTo(ToggleResult.LIMIT_REACHED);
        assertThat(model.selection()).containsExactly("B1", "B2", "B3");
    }

    @Test
    void blockedSoldAndHeldSeatsCannotBeChosen() {
        SeatMapModel withHouseSeat = new SeatMapModel(Halls.hall400(), 10);
        assertThat(withHouseSeat.status("K13")).isEqualTo(SeatStatus.BLOCKED);
        assertThat(withHouseSeat.toggle("K13")).isEqualTo(ToggleResult.NOT_AVAILABLE);

        model.applyChange("B1", SeatStatus.SOLD);
        model.applyChange("B2", SeatStatus.HELD);
        model.applyChange("B3", SeatStatus.BLOCKED);
        assertThat(model.toggle("B1")).isEqualTo(ToggleResult.NOT_AVAILABLE);
        assertThat(model.toggle("B2")).isEqualTo(ToggleResult.NOT_AVAILABLE);
        assertThat(model.toggle("B3")).isEqualTo(ToggleResult.NOT_AVAILABLE);
        assertThat(model.toggle("X99")).isEqualTo(ToggleResult.UNKNOWN_SEAT);
        assertThat(model.selection()).isEmpty();
    }

    @Test
    void aHeldSeatThatIsReleasedCanBeChosenAgain() {
        model.applyChange("B2", SeatStatus.HELD);
        model.applyChange("B2", SeatStatus.FREE);
        assertThat(model.toggle("B2")).isEqualTo(ToggleResult.SELECTED);
    }

    @Test
    void aChosenSeatTakenBySomeoneElseLeavesTheSelectionAndIsReported() {
        model.toggle("B4");
        model.toggle("B6");
        SeatMapModel.Change change = model.applyChange("B6", SeatStatus.HELD);
        assertThat(change.conflict()).isTrue();
        assertThat(change.removedFromSelection()).containsExactly("B6");
        assertThat(model.selection()).containsExactly("B4");
        assertThat(model.status("B6")).isEqualTo(SeatStatus.HELD);
    }

    @Test
    void aChosenSofaLosesBothHalvesWhenOneIsTaken() {
        model.toggle("C1");
        SeatMapModel.Change change = model.applyChange("C2", SeatStatus.SOLD);
        assertThat(change.removedFromSelection()).containsExactlyInAnyOrder("C1", "C2");
        assertThat(model.selection()).isEmpty();
    }

    @Test
    void changesToOtherSeatsAreNoConflict() {
        model.toggle("B4");
        assertThat(model.applyChange("B5", SeatStatus.SOLD).conflict()).isFalse();
        assertThat(model.applyChange("Z1", SeatStatus.SOLD).conflict()).as("unknown seat ignored").isFalse();
        assertThat(model.selection()).containsExactly("B4");
    }

    @Test
    void theFourHundredSeatHallHasFourHundredSeats() {
        assertThat(new SeatMapModel(Halls.hall400(), 10).seats()).hasSize(400);
        assertThat(new SeatMapModel(Halls.hall5000(), 10).seats()).hasSize(5000);
    }

    @Test
    void ourOwnHoldComingBackOnTheSeatStreamIsNoConflict() {
        model.toggle("B4");
        model.toggle("C1");
        model.setOwnHold(java.util.List.of("B4", "C1", "C2"));
        for (String id : new String[] {"B4", "C1", "C2"}) {
            assertThat(model.applyChange(id, SeatStatus.HELD).conflict()).as(id).isFalse();
        }
        assertThat(model.selection()).containsExactly("B4", "C1", "C2");
        assertThat(model.applyChange("B4", SeatStatus.SOLD).conflict()).as("sold to someone else").isTrue();
    }

    @Test
    void aSnapshotFreesSeatsItDoesNotListAndReportsLostChoices() {
        model.applyChange("B1", SeatStatus.SOLD);
        model.toggle("B2");
        var changes = model.replaceStates(java.util.Map.of("B2", SeatStatus.SOLD));
        assertThat(model.status("B1")).isEqualTo(SeatStatus.FREE);
        assertThat(changes).filteredOn(SeatMapModel.Change::conflict).extracting(SeatMapModel.Change::seatId).containsExactly("B2");
        assertThat(model.selection()).isEmpty();
    }
}
