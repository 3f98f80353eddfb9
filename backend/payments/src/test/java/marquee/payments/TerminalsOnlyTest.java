package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.UUID;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cinema that takes cards only at its terminals ({@code MARQUEE_PAYMENTS_CARD_GATEWAY=none}):
 * payments starts outside demo mode without the simulated gateway, refuses a card number before
 * writing anything, and records terminal approvals as before.
 */
class TerminalsOnlyTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(Map.of("marquee.demo.data", "false", "marquee.payments.simulated.gateway", "refuse",
                "marquee.payments.card.gateway", "none"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void aCardNumberIsRefusedInPlainWordsAndNothingIsWritten() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 2450);
        long before = fixture.count("SELECT count(*) FROM payments.payments");

        assertThatThrownBy(() -> fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("card terminal");
                });
        assertThat(fixture.count("SELECT count(*) FROM payments.payments")).isEqualTo(before);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger")).isZero();
    }

    @Test
    void aTerminalApprovalIsStillRecorded() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1800);
        Payment payment = fixture.charge(fixture.kiosk(), booking, CardPresentPaymentTest.present("52500009", 1800), key());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(payment.getCardPresent().getTerminalId()).isEqualTo("52500009");
    }
}
