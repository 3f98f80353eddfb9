package marquee.kiosk.model;

import java.util.Map;

/**
 * A change of seat states. The first event after (re)connecting is a {@code snapshot}: every
 * seat not listed is free. {@code reason}: "snapshot", "held", "released", "expired", "sold", "cancelled".
 */
public record SeatMapEvent(long version, Map<String, SeatStatus> changes, boolean snapshot, String reason) {}
