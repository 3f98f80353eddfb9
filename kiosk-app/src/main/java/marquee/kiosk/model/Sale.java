package marquee.kiosk.model;

/** A sale at the till: the kiosk's checkout result plus what only the till needs. */
public record Sale(CheckoutResult result, String paymentId, Money changeDue) {}
