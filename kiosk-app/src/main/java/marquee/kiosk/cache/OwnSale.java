package marquee.kiosk.cache;

import java.time.Instant;
import marquee.kiosk.model.Money;

/**
 * A sale this kiosk made, kept for pickup and reprints without the backend. Deliberately no
 * card data: the payment method is all the cache knows about the money.
 */
public record OwnSale(String bookingId, String bookingCode, String showtimeId, Instant soldAt, Money total,
                      PaymentMethod paymentMethod, int tickets) {
    public enum PaymentMethod { CARD, CASH }
}
