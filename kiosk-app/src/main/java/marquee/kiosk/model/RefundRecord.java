package marquee.kiosk.model;

public record RefundRecord(Money amount, String reason, String requestedBy, String approvedBy, boolean isVoid) {}
