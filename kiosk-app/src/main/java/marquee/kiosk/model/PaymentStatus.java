package marquee.kiosk.model;

public enum PaymentStatus { APPROVED, DECLINED, PARTIALLY_REFUNDED, REFUNDED, PENDING }
