package marquee.kiosk.model;

public record SalesRules(int maxSeatsPerOrder, boolean forbidSingleEmptySeat) {}
