package marquee.kiosk.model;

import java.time.Instant;
import java.util.List;

public record Shift(String id, String stationId, String cashierId, ShiftStatus status, Money openingFloat, Instant openedAt,
             Instant closedAt, Money countedCash, Money expectedCash, Money variance, List<CashDrop> drops) {}
