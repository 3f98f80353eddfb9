package marquee.kiosk.backend;

import java.util.List;

/** Someone else holds or bought one or more of the chosen seats. */
public final class SeatsTakenException extends RejectedException {
    private final List<String> seatIds;

    public SeatsTakenException(String message, List<String> seatIds, Throwable cause) {
        super(message, cause);
        this.seatIds = List.copyOf(seatIds);
    }

    /** The seats that are taken, e.g. ["F12", "F13"]. */
    public List<String> seatIds() {
        return seatIds;
    }
}
