package marquee.kiosk.seatmap;

import java.util.Objects;

/**
 * One seat of a hall on the layout grid (seat units; row {@code y} 0 is nearest the screen).
 *
 * @param partnerId the other half of a couple sofa, or {@code ""}
 */
public record SeatInfo(String id, String row, int number, int x, int y, int width, SeatCategory category,
        boolean blocked, String partnerId) {
    public SeatInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        partnerId = partnerId == null ? "" : partnerId;
        if (width < 1) {
            throw new IllegalArgumentException("seat " + id + " has width " + width);
        }
    }

    /** An ordinary seat one unit wide. */
    public static SeatInfo of(String row, int number, int x, int y, SeatCategory category) {
        return new SeatInfo(row + number, row, number, x, y, 1, category, false, "");
    }

    public boolean hasPartner() {
        return !partnerId.isEmpty();
    }
}
