package marquee.kiosk.printing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.Money;

/**
 * A sale's receipt. Holds no card data at all: the method is enough for the customer, and the
 * rule is that card numbers are never stored or printed by the kiosk.
 */
public record Receipt(String cinemaName, String bookingCode, Instant soldAt, ZoneId zone, List<Line> lines, Money bookingFee,
                      Money total, PaymentMethod paymentMethod, Money cashTendered, Money changeDue, boolean duplicate,
                      Locale locale) {
    /** CASH_REFUND: a slip for money paid back out of the drawer (signed by the customer, kept with the till). */
    public enum PaymentMethod { CARD, CASH, CASH_REFUND }

    /** One line: e.g. "Dune: Part Two — F12 Adult", €12.50. */
    public record Line(String description, Money amount) {}

    public Receipt {
        Objects.requireNonNull(soldAt, "soldAt");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(locale, "locale");
        lines = List.copyOf(lines);
        if (paymentMethod == PaymentMethod.CASH && (cashTendered == null || changeDue == null)) {
            throw new IllegalArgumentException("A cash receipt needs the amount tendered and the change");
        }
    }

    public static Receipt card(String cinemaName, String bookingCode, Instant soldAt, ZoneId zone, List<Line> lines,
                               Money bookingFee, Money total, Locale locale) {
        return new Receipt(cinemaName, bookingCode, soldAt, zone, lines, bookingFee, total, PaymentMethod.CARD, null, null,
                false, locale);
    }

    public static Receipt cash(String cinemaName, String bookingCode, Instant soldAt, ZoneId zone, List<Line> lines,
                               Money bookingFee, Money total, Money tendered, Locale locale) {
        return new Receipt(cinemaName, bookingCode, soldAt, zone, lines, bookingFee, total, PaymentMethod.CASH, tendered,
                new Money(tendered.amountMinor() - total.amountMinor(), total.currency()), false, locale);
    }

    /** The slip for a refund paid out in cash: the booking, why, and the amount (negative: money out). */
    public static Receipt cashRefund(String cinemaName, String bookingCode, Instant at, ZoneId zone, String description, Money amount,
                                     Locale locale) {
        Money out = new Money(-Math.abs(amount.amountMinor()), amount.currency());
        return new Receipt(cinemaName, bookingCode, at, zone, List.of(new Line(description, out)), null, out,
                PaymentMethod.CASH_REFUND, null, null, false, locale);
    }

    /** The receipt of a paid booking: one line per seat ("Dune: Part Two - F12 Adult"). {@code cashTendered} null for card. */
    public static Receipt of(Hold booking, String filmTitle, String cinemaName, Instant soldAt, ZoneId zone, PaymentMethod method,
                             Money cashTendered, Locale locale) {
        var text = PrintText.of(locale);
        List<Line> lines = booking.lines().stream().map(l -> new Line(filmTitle + " - " + l.row() + l.number() + " "
                + text.text("type." + l.ticketType().name()), l.price())).toList();
        return method == PaymentMethod.CASH
                ? cash(cinemaName, booking.code(), soldAt, zone, lines, booking.bookingFee(), booking.total(), cashTendered, locale)
                : card(cinemaName, booking.code(), soldAt, zone, lines, booking.bookingFee(), booking.total(), locale);
    }
}
