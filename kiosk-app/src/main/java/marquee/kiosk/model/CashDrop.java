package marquee.kiosk.model;

import java.time.Instant;

public record CashDrop(Money amount, String note, Instant at) {}
