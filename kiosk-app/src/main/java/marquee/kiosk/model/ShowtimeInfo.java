package marquee.kiosk.model;

import java.time.Instant;

public record ShowtimeInfo(String id, String movieTitle, String hallName, Instant startsAt, String format) {}
