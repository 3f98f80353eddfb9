package marquee.kiosk.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a cashier types as an amount, and that every text of the till exists in German too. */
class CashierAmountsTest {
    @Test
    void typedAmountsBecomeMinorUnits() {
        assertThat(Amounts.parse("50", "EUR")).hasValue(5000);
        assertThat(Amounts.parse("50.00", "EUR")).hasValue(5000);
        assertThat(Amounts.parse("12,5", "EUR")).hasValue(1250);
        assertThat(Amounts.parse(" 7.05 ", "EUR")).hasValue(705);
        assertThat(Amounts.parse("€20", "EUR")).hasValue(2000);
    }

    @Test
    void badAmountsAreRefusedNotGuessed() {
        assertThat(Amounts.parse("", "EUR")).isEmpty();
        assertThat(Amounts.parse("-5", "EUR")).isEmpty();
        assertThat(Amounts.parse("1.005", "EUR")).isEmpty();
        assertThat(Amounts.parse("ten", "EUR")).isEmpty();
        assertThat(Amounts.parse("1.000,00", "EUR")).isEmpty();
    }

    @Test
    void everyCashierTextIsTranslated() throws Exception {
        Properties en = new Properties();
        Properties de = new Properties();
        try (var in = getClass().getResourceAsStream("/marquee/kiosk/cashier/cashier.properties")) {
            en.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        try (var in = getClass().getResourceAsStream("/marquee/kiosk/cashier/cashier_de.properties")) {
            de.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(de.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }
}
