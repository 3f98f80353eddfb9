package marquee.kiosk.model;

import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** An amount in minor units (cents) of an ISO 4217 currency. */
public record Money(long amountMinor, String currency) {
    public Money plus(long minor) {
        return new Money(amountMinor + minor, currency);
    }

    /** "€12.50" in the given locale's conventions. */
    public String format(Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        Currency unit = Currency.getInstance(currency);
        format.setCurrency(unit);
        int digits = Math.max(unit.getDefaultFractionDigits(), 0);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(java.math.BigDecimal.valueOf(amountMinor, digits));
    }
}
