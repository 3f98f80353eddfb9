package marquee.kiosk.model;

import java.util.List;

/** A booking's tickets as they are to be printed now: originals once, afterwards counted duplicates. */
public record PrintRun(List<TicketRecord> tickets, boolean duplicate) {}
