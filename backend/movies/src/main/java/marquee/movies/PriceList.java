package marquee.movies;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;

/** What a showtime costs: prices per (seat category, ticket type) and a booking fee, in one currency. */
record PriceList(String currency, List<PriceEntry> prices, long bookingFeeMinor) {
    /** A price list as sent, not yet checked. */
    record Draft(String currency, List<PriceEntry> prices, long bookingFeeMinor) {
        PriceList validate() {
            return PriceList.validate(currency, prices, bookingFeeMinor);
        }
    }

    /** Far above any real ticket price in any currency's minor units; catches slips of the keyboard. */
    static final long MAX_AMOUNT_MINOR = 1_000_000_000L;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /**
     * Checks a price list as sent: a currency code, at least one ADULT price, no combination
     * twice, no unspecified or unknown category or ticket type, no negative amounts. Whether the
     * currency is the cinema's is checked once the cinema is known.
     */
    static PriceList validate(String currency, List<PriceEntry> prices, long bookingFeeMinor) {
        String code = currency == null ? "" : currency.strip();
        if (code.isEmpty()) throw new InvalidArgumentException("price_list.currency is required (ISO 4217, e.g. EUR)");
        if (!CURRENCY.matcher(code).matches()) {
            throw new InvalidArgumentException("price_list.currency must be an ISO 4217 code of three upper-case letters, got \""
                    + Check.abbreviate(code) + "\"");
        }
        if (prices.isEmpty()) throw new InvalidArgumentException("price_list.prices must have at least one ADULT price");
        Set<String> seen = new HashSet<>();
        boolean adult = false;
        for (int i = 0; i < prices.size(); i++) {
            PriceEntry price = prices.get(i);
            String field = "price_list.prices[" + i + "]";
            if (price.category() == SeatCategory.SEAT_CATEGORY_UNSPECIFIED || price.category() == SeatCategory.UNRECOGNIZED) {
                throw new InvalidArgumentException(field + ".category must be one of STANDARD, PREMIUM, WHEELCHAIR, COMPANION, COUPLE");
            }
            if (price.ticketType() == TicketType.TICKET_TYPE_UNSPECIFIED || price.ticketType() == TicketType.UNRECOGNIZED) {
                throw new InvalidArgumentException(field + ".ticket_type must be one of ADULT, CHILD, SENIOR, STUDENT");
            }
            amount(field + ".amount_minor", price.amountMinor());
            if (!seen.add(price.category() + "/" + price.ticketType())) {
                throw new InvalidArgumentException(field + " repeats the price for " + price.category() + " " + price.ticketType());
            }
            adult |= price.ticketType() == TicketType.ADULT;
        }
        if (!adult) throw new InvalidArgumentException("price_list.prices must have at least one ADULT price");
        amount("price_list.booking_fee_minor", bookingFeeMinor);
        List<PriceEntry> sorted = new ArrayList<>(prices);
        sorted.sort(PriceEntry.ORDER);
        return new PriceList(code, List.copyOf(sorted), bookingFeeMinor);
    }

    private static void amount(String field, long value) {
        if (value < 0) throw new InvalidArgumentException(field + " must not be negative, got " + value);
        if (value > MAX_AMOUNT_MINOR) {
            throw new InvalidArgumentException(field + " must be at most " + MAX_AMOUNT_MINOR + " (minor units), got " + value);
        }
    }
}
