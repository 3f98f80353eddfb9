package marquee.kiosk.seatmap;

/** A row of the hall: its label (printed at both ends) and its grid line. */
public record RowInfo(String label, int y) {
}
