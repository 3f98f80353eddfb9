package marquee.kiosk.model;

public record PaymentSummary(Money cardTotal, Money cashTotal, Money refundTotal, int chargeCount, int refundCount,
                      Money cashRefundTotal) {}
