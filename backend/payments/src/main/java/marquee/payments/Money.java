package marquee.payments;

import java.math.BigDecimal;
import java.util.Currency;

/** Minor units shown as decimals for messages ("12.50"); amounts themselves stay integers. */
final class Money {
    private Money() {}

    static String format(long minor, String currency) {
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            // unknown code: the common two decimals
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
