package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.key;
import static marquee.payments.Fixture.refund;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status.Code;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import marquee.payments.v1.Payment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No card number or CVC is ever persisted or logged (ARCHITECTURE §5). */
class CardDataNeverKeptTest {
    /** Distinct CVCs, matched only when not part of a longer hex run (ids, references). */
    private static final List<String> CVCS = List.of("9817", "618");
    private static Fixture fixture;
    private static ListAppender<ILoggingEvent> logs;
    private static Logger root;

    @BeforeAll
    static void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
        if (root != null) root.detachAppender(logs);
    }

    @Test
    void noTableOfThePaymentsSchemaAndNoLogLineHoldsACardNumberOrCvc() {
        String user = UUID.randomUUID().toString();
        String customer = fixture.customer(user);
        List<String> numbers = List.of(Fixture.VISA, Fixture.MASTERCARD, Fixture.DECLINED, Fixture.INSUFFICIENT, Fixture.TIMEOUT);
        for (String number : numbers) {
            for (String cvc : CVCS) {
                String booking = fixture.heldBooking(user, 4321);
                String key = key();
                Payment payment = fixture.charge(customer, booking, card(number, 11, 2099, cvc), key);
                // a retry (which settles the timeout card) passes the card data through once more
                fixture.charge(customer, booking, card(number, 11, 2099, cvc), key);
                if (number.equals(Fixture.VISA)) {
                    fixture.payments(fixture.manager()).refund(refund(payment.getId(), 1000).build());
                }
            }
        }
        // refused cards go into error paths, which must not echo them either
        String booking = fixture.heldBooking(user, 4321);
        Fixture.assertFails(Code.INVALID_ARGUMENT, "check digit",
                () -> fixture.charge(customer, booking, card("4242 4242 4242 4241", 11, 2099, "9817"), key()));
        Fixture.assertFails(Code.INVALID_ARGUMENT, "card expired",
                () -> fixture.charge(customer, booking, card(Fixture.VISA, 1, 2020, "9817"), key()));

        assertThat(fixture.count("SELECT count(*) FROM payments.payments")).isEqualTo(numbers.size() * CVCS.size());
        String everything = fixture.backend.snapshot("payments");
        assertThat(everything).contains("4242").contains("0119");
        assertNoCardData("payments schema", everything);
        assertThat(everything).doesNotContain("A. Customer");

        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            logged.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) logged.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
        assertThat(logged.toString()).contains("Payment ");
        assertNoCardData("log output", logged.toString());
    }

    private static void assertNoCardData(String where, String text) {
        List<String> numbers = List.of(Fixture.VISA, Fixture.MASTERCARD, Fixture.DECLINED, Fixture.INSUFFICIENT, Fixture.TIMEOUT,
                "4242 4242 4242 4241");
        for (String number : numbers) {
            assertThat(text).as(where).doesNotContain(number).doesNotContain(number.replace(" ", ""));
        }
        for (String cvc : CVCS) {
            assertThat(Pattern.compile("(?<![0-9a-fA-F])" + cvc + "(?![0-9a-fA-F])").matcher(text).find())
                    .as("%s contains the CVC %s", where, cvc).isFalse();
        }
    }
}
