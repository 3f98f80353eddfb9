package marquee.movies;

import static marquee.common.v1.SeatCategory.PREMIUM;
import static marquee.common.v1.SeatCategory.SEAT_CATEGORY_UNSPECIFIED;
import static marquee.common.v1.SeatCategory.STANDARD;
import static marquee.common.v1.TicketType.ADULT;
import static marquee.common.v1.TicketType.CHILD;
import static marquee.common.v1.TicketType.TICKET_TYPE_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.platform.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class PriceListTest {

    @Test
    void acceptsPricesAndSortsThemByCategoryThenTicketType() {
        PriceList list = PriceList.validate("EUR", List.of(
                new PriceEntry(PREMIUM, ADULT, 1500), new PriceEntry(STANDARD, CHILD, 800),
                new PriceEntry(STANDARD, ADULT, 1200)), 100);

        assertThat(list.currency()).isEqualTo("EUR");
        assertThat(list.bookingFeeMinor()).isEqualTo(100);
        assertThat(list.prices()).containsExactly(new PriceEntry(STANDARD, ADULT, 1200),
                new PriceEntry(STANDARD, CHILD, 800), new PriceEntry(PREMIUM, ADULT, 1500));
    }

    @Test
    void aFreeSeatIsAllowed() {
        assertThat(PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, ADULT, 0)), 0).prices()).hasSize(1);
    }

    @Test
    void currencyMustBeThreeUpperCaseLetters() {
        assertThatThrownBy(() -> PriceList.validate("", List.of(new PriceEntry(STANDARD, ADULT, 1)), 0))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("price_list.currency is required");
        assertThatThrownBy(() -> PriceList.validate("eur", List.of(new PriceEntry(STANDARD, ADULT, 1)), 0))
                .hasMessageContaining("price_list.currency must be an ISO 4217 code");
        assertThatThrownBy(() -> PriceList.validate("EURO", List.of(new PriceEntry(STANDARD, ADULT, 1)), 0))
                .hasMessageContaining("price_list.currency");
    }

    @Test
    void needsAtLeastOneAdultPrice() {
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(), 0)).hasMessageContaining("at least one ADULT price");
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, CHILD, 500)), 0))
                .hasMessageContaining("at least one ADULT price");
    }

    @Test
    void refusesNegativeAmountsAndFees() {
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, ADULT, -1)), 0))
                .hasMessageContaining("price_list.prices[0].amount_minor must not be negative");
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, ADULT, 1)), -5))
                .hasMessageContaining("price_list.booking_fee_minor must not be negative");
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, ADULT, Long.MAX_VALUE)), 0))
                .hasMessageContaining("at most");
    }

    @Test
    void refusesTheSameCombinationTwice() {
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, ADULT, 1000),
                new PriceEntry(STANDARD, ADULT, 900)), 0))
                .hasMessageContaining("price_list.prices[1] repeats the price for STANDARD ADULT");
    }

    @Test
    void refusesUnspecifiedOrUnknownCategoriesAndTicketTypes() {
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(SEAT_CATEGORY_UNSPECIFIED, ADULT, 1)), 0))
                .hasMessageContaining("price_list.prices[0].category");
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(SeatCategory.UNRECOGNIZED, ADULT, 1)), 0))
                .hasMessageContaining("price_list.prices[0].category");
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, TICKET_TYPE_UNSPECIFIED, 1)), 0))
                .hasMessageContaining("price_list.prices[0].ticket_type");
        assertThatThrownBy(() -> PriceList.validate("EUR", List.of(new PriceEntry(STANDARD, TicketType.UNRECOGNIZED, 1)), 0))
                .hasMessageContaining("price_list.prices[0].ticket_type");
    }
}
