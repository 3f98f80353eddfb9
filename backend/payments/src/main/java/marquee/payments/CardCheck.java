package marquee.payments;

import java.time.Clock;
import java.time.YearMonth;
import marquee.platform.errors.InvalidArgumentException;

/**
 * Checks card data before any gateway call, so typos are answered at once and never reach the
 * processor. Messages never repeat the number or CVC.
 */
final class CardCheck {
    private final Clock clock;

    CardCheck(Clock clock) {
        this.clock = clock;
    }

    Card validate(String rawNumber, int month, int year, String rawCvc) {
        String number = rawNumber == null ? "" : rawNumber.replace(" ", "");
        if (number.isEmpty()) throw new InvalidArgumentException("method.card.number is required");
        if (!number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidArgumentException("method.card.number may contain only digits and spaces");
        }
        if (number.length() < 12 || number.length() > 19) {
            throw new InvalidArgumentException("method.card.number must have 12 to 19 digits, got " + number.length());
        }
        if (!luhn(number)) throw new InvalidArgumentException("method.card.number: card number fails the check digit");
        if (month < 1 || month > 12) {
            throw new InvalidArgumentException("method.card.expiry_month must be between 1 and 12, got " + month);
        }
        if (year < 1000 || year > 9999) {
            throw new InvalidArgumentException("method.card.expiry_year must have four digits, got " + year);
        }
        // A card is valid through the last day of its expiry month.
        if (YearMonth.of(year, month).isBefore(YearMonth.now(clock))) {
            throw new InvalidArgumentException(String.format("method.card: card expired %02d/%d", month, year));
        }
        String cvc = rawCvc == null ? "" : rawCvc.strip();
        if (cvc.length() < 3 || cvc.length() > 4 || !cvc.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidArgumentException("method.card.cvc must be 3 or 4 digits");
        }
        return new Card(number, month, year, cvc, brand(number));
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** Brand from the number's prefix (IIN ranges of the common schemes). */
    static String brand(String number) {
        if (number.startsWith("4")) return "VISA";
        int two = Integer.parseInt(number.substring(0, 2));
        int four = Integer.parseInt(number.substring(0, 4));
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return "MASTERCARD";
        if (two == 34 || two == 37) return "AMEX";
        if (number.startsWith("6011") || number.startsWith("65")) return "DISCOVER";
        return "CARD";
    }
}
