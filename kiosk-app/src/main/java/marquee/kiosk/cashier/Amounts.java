package marquee.kiosk.cashier;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.OptionalLong;
import marquee.kiosk.model.Money;

/** Amounts typed at the till ("50", "50.00", "50,5") to minor units, and back to text. */
public final class Amounts {
    private Amounts() {}

    /** Empty for anything that is not a non-negative amount with at most the currency's decimals. */
    public static OptionalLong parse(String text, String currency) {
        if (text == null) return OptionalLong.empty();
        String s = text.strip().replace(" ", "").replace("€", "").replace(',', '.');
        if (s.isEmpty() || !s.matches("\\d{1,7}(\\.\\d{0,2})?")) return OptionalLong.empty();
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        BigDecimal value = new BigDecimal(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
        if (value.scale() > digits) return OptionalLong.empty();
        return OptionalLong.of(value.movePointRight(digits).longValueExact());
    }

    public static String format(Money money, Locale locale) {
        return money == null ? "" : money.format(locale);
    }

    public static String format(long minor, String currency, Locale locale) {
        return new Money(minor, currency).format(locale);
    }
}
