package marquee.theaters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import marquee.platform.errors.InvalidArgumentException;

/**
 * Checks a hall's seat layout. A pure function: no database, no clock, no caller.
 * Every problem names the seat or row it is about, e.g. {@code "seat F12: couple seat without partner"}.
 */
public final class LayoutValidator {
    /** Most seats a hall may have. */
    public static final int MAX_SEATS = 5_000;
    /** Longest row label, e.g. "AA". */
    public static final int MAX_LABEL_LENGTH = 4;
    /** Highest seat number printed on a seat. */
    public static final int MAX_SEAT_NUMBER = 9_999;
    /** Widest seat (a wheelchair space may take several units). */
    public static final int MAX_SEAT_WIDTH = 4;
    /** Largest grid in either direction, in seat units / grid lines. */
    public static final int MAX_GRID = 1_000;
    /** At most this many problems are listed; the rest are only counted. */
    static final int MAX_LISTED_PROBLEMS = 100;

    private static final String CATEGORIES = "STANDARD, PREMIUM, WHEELCHAIR, COMPANION or COUPLE";

    private LayoutValidator() {}

    /**
     * Returns the layout in canonical form (rows by y, seats by x, width and depth filled in when
     * they were 0), or throws {@link InvalidArgumentException} naming the first problem found.
     */
    public static Layout validate(Layout layout) {
        Problems problems = check(layout);
        if (problems.total > 0) {
            String first = problems.listed.get(0);
            int more = problems.total - 1;
            throw new InvalidArgumentException(more == 0 ? first
                    : first + " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")");
        }
        return canonical(layout);
    }

    /** Every problem of the layout (up to {@value #MAX_LISTED_PROBLEMS}); empty when it is valid. */
    public static List<String> problems(Layout layout) {
        return List.copyOf(check(layout).listed);
    }

    private static Problems check(Layout layout) {
        Problems problems = new Problems();
        int seatCount = layout.seatCount();
        if (seatCount == 0) {
            problems.add("layout has no seats; a hall needs 1 to " + MAX_SEATS + " seats");
            return problems;
        }
        if (seatCount > MAX_SEATS) {
            problems.add("layout has " + seatCount + " seats; a hall may have at most " + MAX_SEATS);
            return problems;
        }
        if (layout.rows().size() > MAX_GRID) {
            problems.add("layout has " + layout.rows().size() + " rows; a hall may have at most " + MAX_GRID);
            return problems;
        }

        List<Layout.Row> rows = layout.rows();
        Map<String, Integer> rowByLabel = new HashMap<>();
        Map<Integer, String> labelByY = new HashMap<>();
        // Seat id -> index of the enclosing row, for the first seat with that id.
        Map<String, Located> seatsById = new HashMap<>();
        int neededWidth = 0;
        int neededDepth = 0;

        for (int r = 0; r < rows.size(); r++) {
            Layout.Row row = rows.get(r);
            String rowName = rowName(row, r);
            boolean labelOk = checkLabel(row, rowName, problems);
            if (labelOk && rowByLabel.putIfAbsent(row.label(), r) != null) {
                problems.add(rowName + ": label is used by more than one row");
            }
            if (row.y() < 0) {
                problems.add(rowName + ": y must be 0 or more, got " + row.y());
            } else if (row.y() >= MAX_GRID) {
                problems.add(rowName + ": y must be less than " + MAX_GRID + ", got " + row.y());
            } else {
                String other = labelByY.putIfAbsent(row.y(), row.label());
                if (other != null) {
                    problems.add(rowName + ": y " + row.y() + " is also used by row " + abbreviate(other));
                }
                neededDepth = Math.max(neededDepth, row.y() + 1);
            }
            if (row.seats().isEmpty()) {
                problems.add(rowName + ": has no seats (aisles are grid lines without a row)");
                continue;
            }

            Set<Integer> numbers = new HashSet<>();
            List<Layout.Seat> placed = new ArrayList<>();
            for (int s = 0; s < row.seats().size(); s++) {
                Layout.Seat seat = row.seats().get(s);
                String seatName = seat.id().isBlank() ? rowName + ", seat #" + (s + 1) : "seat " + abbreviate(seat.id());
                if (seat.id().isBlank()) {
                    problems.add(seatName + ": id is required");
                } else if (seatsById.putIfAbsent(seat.id(), new Located(seat, r)) != null) {
                    problems.add(seatName + ": id is used by more than one seat");
                }
                if (!seat.row().equals(row.label())) {
                    problems.add(seatName + ": row is \"" + abbreviate(seat.row()) + "\" but the seat is listed in "
                            + rowName);
                }
                if (seat.number() < 1 || seat.number() > MAX_SEAT_NUMBER) {
                    problems.add(seatName + ": number must be between 1 and " + MAX_SEAT_NUMBER + ", got " + seat.number());
                } else {
                    if (!numbers.add(seat.number())) {
                        problems.add(rowName + ": seat number " + seat.number() + " is used more than once");
                    }
                    String expectedId = row.label() + seat.number();
                    if (labelOk && !seat.id().isBlank() && !seat.id().equals(expectedId)) {
                        problems.add(seatName + ": id must be the row label followed by the number, i.e. \""
                                + expectedId + "\"");
                    }
                }
                boolean xOk = true;
                if (seat.x() < 0) {
                    problems.add(seatName + ": x must be 0 or more, got " + seat.x());
                    xOk = false;
                }
                if (seat.width() < 1 || seat.width() > MAX_SEAT_WIDTH) {
                    problems.add(seatName + ": width must be between 1 and " + MAX_SEAT_WIDTH + ", got " + seat.width());
                    xOk = false;
                }
                if (xOk && (long) seat.x() + seat.width() > MAX_GRID) {
                    problems.add(seatName + ": lies beyond the largest grid width of " + MAX_GRID);
                    xOk = false;
                }
                if (xOk) {
                    placed.add(seat);
                    neededWidth = Math.max(neededWidth, seat.right());
                }
                if (seat.category() == null) {
                    problems.add(seatName + ": category must be " + CATEGORIES);
                }
            }
            checkOverlaps(rowName, placed, problems);
        }

        checkPartnersAndCompanions(rows, seatsById, problems);
        checkExtent("width", layout.width(), neededWidth, problems);
        checkExtent("depth", layout.depth(), neededDepth, problems);
        return problems;
    }

    private static boolean checkLabel(Layout.Row row, String rowName, Problems problems) {
        String label = row.label();
        if (label.isBlank()) {
            problems.add(rowName + ": label is required");
            return false;
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            problems.add(rowName + ": label must have at most " + MAX_LABEL_LENGTH + " characters");
            return false;
        }
        if (!label.codePoints().allMatch(Character::isLetterOrDigit)) {
            problems.add(rowName + ": label may only contain letters and digits");
            return false;
        }
        return true;
    }

    private static void checkOverlaps(String rowName, List<Layout.Seat> placed, Problems problems) {
        placed.sort(Comparator.comparingInt(Layout.Seat::x));
        Layout.Seat reach = null; // the seat reaching furthest right so far
        for (Layout.Seat seat : placed) {
            if (reach != null && reach.right() > seat.x()) {
                problems.add(rowName + ": seats " + abbreviate(reach.id()) + " and " + abbreviate(seat.id()) + " overlap");
            }
            if (reach == null || seat.right() > reach.right()) reach = seat;
        }
    }

    private static void checkPartnersAndCompanions(List<Layout.Row> rows, Map<String, Located> seatsById, Problems problems) {
        for (int r = 0; r < rows.size(); r++) {
            Layout.Row row = rows.get(r);
            for (Layout.Seat seat : row.seats()) {
                if (seat.category() == null || seat.id().isBlank()) continue;
                String seatName = "seat " + abbreviate(seat.id());
                String partnerId = seat.partnerId();
                if (seat.category() == Layout.Category.COUPLE) {
                    if (partnerId.isBlank()) {
                        problems.add(seatName + ": couple seat without partner");
                        continue;
                    }
                    if (partnerId.equals(seat.id())) {
                        problems.add(seatName + ": couple seat cannot be its own partner");
                        continue;
                    }
                    Located partner = seatsById.get(partnerId);
                    String partnerName = "partner " + abbreviate(partnerId);
                    if (partner == null) {
                        problems.add(seatName + ": " + partnerName + " is not a seat of this hall");
                    } else if (partner.rowIndex != r) {
                        problems.add(seatName + ": " + partnerName + " is not in the same row");
                    } else if (partner.seat.category() != Layout.Category.COUPLE) {
                        problems.add(seatName + ": " + partnerName + " is not a couple seat");
                    } else if (!partner.seat.partnerId().equals(seat.id())) {
                        problems.add(seatName + ": " + partnerName + " does not point back to it"
                                + (partner.seat.partnerId().isBlank() ? " (its partner_id is empty)"
                                : " (its partner_id is \"" + abbreviate(partner.seat.partnerId()) + "\")"));
                    } else if (!seat.touches(partner.seat)) {
                        problems.add(seatName + ": " + partnerName + " is not directly next to it");
                    }
                } else if (!partnerId.isEmpty()) {
                    problems.add(seatName + ": only couple seats have a partner (partner_id must be empty for "
                            + seat.category() + ")");
                }
                if (seat.category() == Layout.Category.COMPANION) {
                    boolean nextToWheelchair = row.seats().stream().anyMatch(other ->
                            other != seat && other.category() == Layout.Category.WHEELCHAIR && seat.touches(other));
                    if (!nextToWheelchair) {
                        problems.add(seatName + ": companion seat must be directly next to a wheelchair space");
                    }
                }
            }
        }
    }

    private static void checkExtent(String name, int given, int needed, Problems problems) {
        if (given < 0 || given > MAX_GRID) {
            problems.add("layout " + name + " must be between 1 and " + MAX_GRID + " (or 0 to compute it), got " + given);
        } else if (given > 0 && given < needed) {
            problems.add("layout " + name + " " + given + " is smaller than the seats need (" + needed + ")");
        }
    }

    /** Rows by y, seats by x, width and depth computed where they were left 0. Assumes a valid layout. */
    private static Layout canonical(Layout layout) {
        List<Layout.Row> rows = new ArrayList<>();
        int width = 0;
        int depth = 0;
        for (Layout.Row row : layout.rows()) {
            List<Layout.Seat> seats = new ArrayList<>(row.seats());
            seats.sort(Comparator.comparingInt(Layout.Seat::x));
            for (Layout.Seat seat : seats) width = Math.max(width, seat.right());
            depth = Math.max(depth, row.y() + 1);
            rows.add(new Layout.Row(row.label(), row.y(), seats));
        }
        rows.sort(Comparator.comparingInt(Layout.Row::y));
        return new Layout(rows, layout.width() > 0 ? layout.width() : width, layout.depth() > 0 ? layout.depth() : depth);
    }

    private static String rowName(Layout.Row row, int index) {
        return row.label().isBlank() ? "row #" + (index + 1) : "row " + abbreviate(row.label());
    }

    static String abbreviate(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }

    private record Located(Layout.Seat seat, int rowIndex) {}

    private static final class Problems {
        final List<String> listed = new ArrayList<>();
        int total;

        void add(String problem) {
            total++;
            if (listed.size() < MAX_LISTED_PROBLEMS) listed.add(problem);
        }
    }
}
