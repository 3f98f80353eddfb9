package marquee.kiosk.seatmap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A hall's seat map for one showtime: the layout, the live seat states and the customer's
 * selection, with the geometry the view draws from. Plain Java, so the rules are testable alone.
 *
 * <p>Geometry is in layout units (one seat unit = 1.0): a row-label column on each side of the
 * seat grid and a band for the screen above it. Hit testing uses whole grid cells, so a finger
 * landing between two seats still picks one; aisles and label columns hit nothing.
 */
public final class SeatMapModel {
    /** Width of the row-label column at each end of the rows. */
    static final double LABEL_COLUMN = 1.6;
    /** Height of the band above row 0 where the screen is drawn. */
    static final double SCREEN_BAND = 2.2;
    /** Empty space around a seat inside its cell, so neighbours read as separate seats. */
    static final double SEAT_INSET = 0.09;

    public enum ToggleResult { SELECTED, DESELECTED, NOT_AVAILABLE, LIMIT_REACHED, UNKNOWN_SEAT }

    /** A rectangle in layout units. */
    public record Area(double x, double y, double width, double height) {
        public boolean contains(double px, double py) {
            return px >= x && px < x + width && py >= y && py < y + height;
        }

        public double centerX() {
            return x + width / 2;
        }

        public double centerY() {
            return y + height / 2;
        }
    }

    /** Where a row's label is drawn: at both ends of the row. */
    public record RowLabel(String label, Area left, Area right) {
    }

    /**
     * What a live change did: the seat's new state and the seats it took out of the selection
     * (non-empty means someone else got a seat the customer had chosen).
     */
    public record Change(String seatId, SeatStatus status, Set<String> removedFromSelection) {
        public boolean conflict() {
            return !removedFromSelection.isEmpty();
        }
    }

    private final HallLayout layout;
    private final int maxSeats;
    private final int gridWidth;
    private final int gridDepth;
    private final Map<String, SeatInfo> seats = new LinkedHashMap<>();
    private final Map<Integer, String[]> cellsByRow = new HashMap<>();
    private final Map<String, SeatStatus> states = new HashMap<>();
    private final Set<String> selection = new LinkedHashSet<>();
    /** Seats this kiosk holds for the customer: their HELD events are our own, not someone else's. */
    private final Set<String> ownHold = new HashSet<>();
    private final List<RowLabel> rowLabels = new ArrayList<>();

    public SeatMapModel(HallLayout layout, int maxSeats) {
        if (maxSeats < 1) {
            throw new IllegalArgumentException("maxSeats must be at least 1");
        }
        this.layout = layout;
        this.maxSeats = maxSeats;
        int w = layout.width();
        int d = layout.depth();
        for (SeatInfo s : layout.seats()) {
            w = Math.max(w, s.x() + s.width());
            d = Math.max(d, s.y() + 1);
        }
        for (RowInfo r : layout.rows()) {
            d = Math.max(d, r.y() + 1);
        }
        gridWidth = w;
        gridDepth = d;
        for (SeatInfo s : layout.seats()) {
            seats.put(s.id(), s);
            String[] cells = cellsByRow.computeIfAbsent(s.y(), y -> new String[gridWidth]);
            for (int c = s.x(); c < s.x() + s.width(); c++) {
                cells[c] = s.id();
            }
        }
        for (RowInfo r : layout.rows()) {
            double top = SCREEN_BAND + r.y();
            rowLabels.add(new RowLabel(r.label(), new Area(0, top, LABEL_COLUMN, 1),
                    new Area(LABEL_COLUMN + gridWidth, top, LABEL_COLUMN, 1)));
        }
    }

    public HallLayout layout() {
        return layout;
    }

    public int maxSeats() {
        return maxSeats;
    }

    public Collection<SeatInfo> seats() {
        return seats.values();
    }

    public Optional<SeatInfo> seat(String id) {
        return Optional.ofNullable(seats.get(id));
    }

    // --- geometry -------------------------------------------------------------------------

    /** Width of the whole drawing: label columns and seat grid. */
    public double width() {
        return gridWidth + 2 * LABEL_COLUMN;
    }

    /** Height of the whole drawing: screen band and seat grid. */
    public double height() {
        return SCREEN_BAND + gridDepth;
    }

    /** The screen, across the seat grid at the top. */
    public Area screen() {
        return new Area(LABEL_COLUMN, 0.35, gridWidth, 0.4);
    }

    /** Where the "SCREEN" caption goes, under the screen itself. */
    public Area screenCaption() {
        return new Area(LABEL_COLUMN, 0.85, gridWidth, 0.9);
    }

    public List<RowLabel> rowLabels() {
        return List.copyOf(rowLabels);
    }

    /** The grid cells a seat occupies (what a redraw of that seat must clear). */
    public Area cell(String id) {
        SeatInfo s = require(id);
        return new Area(LABEL_COLUMN + s.x(), SCREEN_BAND + s.y(), s.width(), 1);
    }

    /** The seat as drawn: its cell less the inset, except on the side joined to its sofa partner. */
    public Area seatArea(String id) {
        SeatInfo s = require(id);
        Area cell = cell(id);
        double left = SEAT_INSET;
        double right = SEAT_INSET;
        SeatInfo partner = s.hasPartner() ? seats.get(s.partnerId()) : null;
        if (partner != null && partner.y() == s.y()) {
            if (partner.x() + partner.width() == s.x()) {
                left = 0;
            } else if (s.x() + s.width() == partner.x()) {
                right = 0;
            }
        }
        return new Area(cell.x() + left, cell.y() + SEAT_INSET, cell.width() - left - right,
                cell.height() - 2 * SEAT_INSET);
    }

    /** The seat under a point in layout units, if any; aisles, label columns and the screen hit nothing. */
    public Optional<String> seatAt(double x, double y) {
        double gx = x - LABEL_COLUMN;
        double gy = y - SCREEN_BAND;
        if (gx < 0 || gy < 0 || gx >= gridWidth || gy >= gridDepth) {
            return Optional.empty();
        }
        String[] cells = cellsByRow.get((int) Math.floor(gy));
        return cells == null ? Optional.empty() : Optional.ofNullable(cells[(int) Math.floor(gx)]);
    }

    // --- states and selection -------------------------------------------------------------

    public SeatStatus status(String id) {
        SeatInfo s = require(id);
        return s.blocked() ? SeatStatus.BLOCKED : states.getOrDefault(id, SeatStatus.FREE);
    }

    public boolean isSelected(String id) {
        return selection.contains(id);
    }

    /** The chosen seats, in the order they were chosen. */
    public List<String> selection() {
        return List.copyOf(selection);
    }

    /** The seats that are chosen together with this one: itself, and its sofa partner. */
    public List<String> group(String id) {
        SeatInfo s = require(id);
        if (s.hasPartner() && seats.containsKey(s.partnerId())) {
            return List.of(id, s.partnerId());
        }
        return List.of(id);
    }

    /** Chooses a free seat (with its sofa partner) or lets it go again. */
    public ToggleResult toggle(String id) {
        if (!seats.containsKey(id)) {
            return ToggleResult.UNKNOWN_SEAT;
        }
        List<String> group = group(id);
        if (selection.contains(id)) {
            group.forEach(selection::remove);
            return ToggleResult.DESELECTED;
        }
        if (group.stream().anyMatch(g -> status(g) != SeatStatus.FREE)) {
            return ToggleResult.NOT_AVAILABLE;
        }
        if (selection.size() + group.size() > maxSeats) {
            return ToggleResult.LIMIT_REACHED;
        }
        selection.addAll(group);
        return ToggleResult.SELECTED;
    }

    public void clearSelection() {
        selection.clear();
    }

    /**
     * A live update from reservations. A chosen seat that is no longer free leaves the selection
     * (with its sofa partner) and is reported, never thrown: someone else was simply faster.
     * Unknown seats (a layout change not yet loaded) are ignored.
     */
    public Change applyChange(String id, SeatStatus status) {
        if (!seats.containsKey(id)) {
            return new Change(id, status, Set.of());
        }
        states.put(id, status);
        boolean ours = status == SeatStatus.HELD && ownHold.contains(id);
        if (status(id) == SeatStatus.FREE || !selection.contains(id) || ours) {
            return new Change(id, status(id), Set.of());
        }
        Set<String> removed = new LinkedHashSet<>();
        for (String g : group(id)) {
            if (selection.remove(g)) {
                removed.add(g);
            }
        }
        return new Change(id, status(id), Collections.unmodifiableSet(removed));
    }

    /**
     * The seats of this kiosk's current hold (empty once released or sold). The seat stream
     * reports our own hold as HELD like anyone else's; these seats stay chosen.
     */
    public void setOwnHold(Collection<String> ids) {
        ownHold.clear();
        ownHold.addAll(ids);
    }

    /**
     * The whole showtime's states at once (a snapshot lists only seats that are not free);
     * returns the changes, conflicts included.
     */
    public List<Change> replaceStates(Map<String, SeatStatus> snapshot) {
        List<Change> changes = new ArrayList<>();
        for (String id : seats.keySet()) {
            SeatStatus now = snapshot.getOrDefault(id, SeatStatus.FREE);
            if (states.getOrDefault(id, SeatStatus.FREE) != now) {
                changes.add(applyChange(id, now));
            }
        }
        return changes;
    }

    private SeatInfo require(String id) {
        SeatInfo s = seats.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no seat " + id + " in this hall");
        }
        return s;
    }
}
