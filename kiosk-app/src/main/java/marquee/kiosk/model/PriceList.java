package marquee.kiosk.model;

import java.util.Map;
import java.util.Optional;

/** Prices of a showtime; a (category, ticket type) not listed is not for sale. */
public record PriceList(String currency, Map<SeatCategory, Map<TicketType, Long>> prices, long bookingFeeMinor) {
    public Optional<Money> price(SeatCategory category, TicketType type) {
        return Optional.ofNullable(prices.getOrDefault(category, Map.of()).get(type)).map(amount -> new Money(amount, currency));
    }

    public Money bookingFee() {
        return new Money(bookingFeeMinor, currency);
    }
}
