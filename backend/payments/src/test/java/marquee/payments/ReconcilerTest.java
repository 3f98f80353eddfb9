package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import marquee.payments.v1.GetPaymentRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(Map.of("marquee.payments.reconcile.interval", "PT0.2S", "marquee.payments.reconcile.after", "PT0S"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void aPaymentLeftPendingByAGatewayTimeoutIsSettledInTheBackgroundWithoutARetry() {
        String user = UUID.randomUUID().toString();
        Payment pending = fixture.charge(fixture.customer(user), fixture.heldBooking(user, 1900), card(Fixture.TIMEOUT), key());
        assertThat(pending.getStatus()).isIn(PaymentStatus.PENDING, PaymentStatus.APPROVED);

        GetPaymentRequest request = GetPaymentRequest.newBuilder().setPaymentId(pending.getId()).build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fixture.payments(fixture.customer(user)).getPayment(request).getStatus()).isEqualTo(PaymentStatus.APPROVED));
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE reference = '" + pending.getId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aPendingPaymentTheGatewayNeverHeardOfStaysPending() {
        String id = UUID.randomUUID().toString();
        fixture.count("INSERT INTO payments.payments (id, idempotency_key, booking_id, cinema_id, amount_minor, currency, status,"
                + " method, taken_by, created_at, updated_at) VALUES ('" + id + "', 'orphan-" + id + "', gen_random_uuid(),"
                + " gen_random_uuid(), 100, 'EUR', 'PENDING', 'CARD', 'someone', now() - interval '1 hour', now()) RETURNING 1");
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(fixture.count("SELECT count(*) FROM payments.payments WHERE id = '" + id + "' AND status = 'PENDING'"))
                .isEqualTo(1);
    }
}
