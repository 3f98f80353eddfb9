package marquee.kiosk.model;

import java.util.List;

/** One page of a cinema's ticket changes, oldest first; pass {@code nextCursor} back for the next page. */
public record TicketSyncPage(List<TicketRecord> tickets, String nextCursor, boolean hasMore) {}
