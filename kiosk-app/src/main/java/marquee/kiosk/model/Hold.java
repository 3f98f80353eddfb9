package marquee.kiosk.model;

import java.time.Instant;
import java.util.List;

/** Seats held (or, once paid, booked) for one customer, priced by the server. */
public record Hold(String id, String code, String showtimeId, HoldStatus status, List<HoldLine> lines, Money bookingFee,
            Money total, Instant expiresAt) {}
