package marquee.kiosk.model;

public enum CheckoutOutcome { COMPLETED, DECLINED, REFUNDED }
