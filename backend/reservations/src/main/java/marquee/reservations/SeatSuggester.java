package marquee.reservations;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import marquee.common.v1.SeatCategory;
import marquee.platform.errors.InvalidArgumentException;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;

/**
 * Picks the best free block of seats for a group: whole blocks only (never across an aisle), the
 * rows about two thirds back first, then the centre of the hall. Pure, so it is tested alone.
 */
final class SeatSuggester {
    /** How much one row away from the best row weighs against one seat away from the centre. */
    private static final double ROW_WEIGHT = 2.0;

    private SeatSuggester() {}

    static List<String> suggest(SeatLayout layout, SalesRules rules, Set<String> occupied, int count, SeatCategory category) {
        if (layout.getRowsCount() == 0) return List.of();
        int minY = layout.getRowsList().stream().mapToInt(Row::getY).min().orElse(0);
        int maxY = layout.getRowsList().stream().mapToInt(Row::getY).max().orElse(0);
        double bestRow = minY + (maxY - minY) * 2.0 / 3.0;
        int width = layout.getWidth() > 0 ? layout.getWidth() : layout.getRowsList().stream()
                .flatMap(r -> r.getSeatsList().stream()).mapToInt(s -> s.getX() + Math.max(1, s.getWidth())).max().orElse(0);
        double centre = width / 2.0;

        List<Seat> best = null;
        double bestScore = Double.MAX_VALUE;
        for (List<Seat> run : SeatRules.runs(layout)) {
            for (int start = 0; start + count <= run.size(); start++) {
                List<Seat> window = run.subList(start, start + count);
                if (!usable(window, occupied, category) || !keepsPairsWhole(window)) continue;
                if (rules.getForbidSingleEmptySeat() && strandsASeat(layout, occupied, window)) continue;
                Seat first = window.get(0);
                Seat last = window.get(count - 1);
                double middle = (first.getX() + last.getX() + Math.max(1, last.getWidth())) / 2.0;
                int y = rowY(layout, first.getRow());
                double score = Math.abs(y - bestRow) * ROW_WEIGHT + Math.abs(middle - centre);
                if (score < bestScore) {
                    bestScore = score;
                    best = window;
                }
            }
        }
        return best == null ? List.of() : best.stream().map(Seat::getId).toList();
    }

    private static boolean usable(List<Seat> window, Set<String> occupied, SeatCategory category) {
        for (Seat seat : window) {
            if (seat.getBlocked() || occupied.contains(seat.getId())) return false;
            boolean fits = switch (category) {
                case SEAT_CATEGORY_UNSPECIFIED -> seat.getCategory() == SeatCategory.STANDARD || seat.getCategory() == SeatCategory.PREMIUM;
                case UNRECOGNIZED -> throw new InvalidArgumentException("category: unknown value");
                default -> seat.getCategory() == category;
            };
            if (!fits) return false;
        }
        return true;
    }

    /** A sofa is sold whole, so a block must contain both halves of every couple seat in it. */
    private static boolean keepsPairsWhole(List<Seat> window) {
        Set<String> ids = new HashSet<>();
        window.forEach(s -> ids.add(s.getId()));
        return window.stream().noneMatch(s -> s.getCategory() == SeatCategory.COUPLE && !ids.contains(s.getPartnerId()));
    }

    private static boolean strandsASeat(SeatLayout layout, Set<String> occupied, List<Seat> window) {
        Set<String> chosen = new HashSet<>();
        window.forEach(s -> chosen.add(s.getId()));
        try {
            SeatRules.checkNoSingleEmptySeat(layout, occupied, chosen);
            return false;
        } catch (InvalidArgumentException e) {
            return true;
        }
    }

    private static int rowY(SeatLayout layout, String label) {
        return layout.getRowsList().stream().filter(r -> r.getLabel().equals(label)).mapToInt(Row::getY).findFirst().orElse(0);
    }
}
