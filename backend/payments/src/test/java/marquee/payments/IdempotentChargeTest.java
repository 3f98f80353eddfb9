package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotentChargeTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void theSameKeyTwiceGivesTheFirstAnswerWithOnePaymentAndOneGatewayCharge() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1500);
        String key = key();

        Payment first = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key);
        Payment second = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key);

        assertThat(second).isEqualTo(first);
        assertThat(fixture.count("SELECT count(*) FROM payments.payments WHERE booking_id = '" + booking + "'")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE reference = '" + first.getId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aDeclineIsAlsoTheAnswerToARetryWithTheSameKey() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1500);
        String key = key();
        Payment first = fixture.charge(fixture.customer(user), booking, card(Fixture.DECLINED), key);
        Payment retry = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key);
        assertThat(retry).isEqualTo(first);
        assertThat(retry.getStatus()).isEqualTo(PaymentStatus.DECLINED);
    }

    @Test
    void aKeyReusedForAnotherBookingIsRefused() {
        String user = UUID.randomUUID().toString();
        String key = key();
        fixture.charge(fixture.customer(user), fixture.heldBooking(user, 1500), card(Fixture.VISA), key);
        String other = fixture.heldBooking(user, 700);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "idempotency key reused",
                () -> fixture.charge(fixture.customer(user), other, card(Fixture.VISA), key));
    }

    @Test
    void tenThreadsRacingWithOneKeyChargeExactlyOnce() throws Exception {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 2100);
        String key = key();
        String token = fixture.customer(user);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Payment>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return fixture.charge(token, booking, card(Fixture.VISA), key);
                }));
            }
            go.countDown();
            List<Payment> payments = new ArrayList<>();
            for (Future<Payment> answer : answers) payments.add(answer.get(60, TimeUnit.SECONDS));

            assertThat(payments).extracting(Payment::getId).containsOnly(payments.get(0).getId());
            assertThat(payments).extracting(Payment::getStatus).containsOnly(PaymentStatus.APPROVED);
            assertThat(payments).extracting(Payment::getGatewayReference).containsOnly(payments.get(0).getGatewayReference());
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("SELECT count(*) FROM payments.payments WHERE booking_id = '" + booking + "'")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger l JOIN payments.payments p"
                + " ON l.reference = p.id::text WHERE p.booking_id = '" + booking + "'")).isEqualTo(1);
    }

    @Test
    void aGatewayTimeoutLeavesThePaymentPendingAndARetryWithTheSameKeySettlesItWithoutASecondCharge() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 3300);
        String key = key();

        Payment pending = fixture.charge(fixture.customer(user), booking, card(Fixture.TIMEOUT), key);

        assertThat(pending.getStatus()).isEqualTo(PaymentStatus.PENDING);
        assertThat(pending.getDeclineReason()).contains("did not answer in time");
        assertThat(pending.getCardLast4()).isEqualTo("0119");

        Payment settled = fixture.charge(fixture.customer(user), booking, card(Fixture.TIMEOUT), key);

        assertThat(settled.getId()).isEqualTo(pending.getId());
        assertThat(settled.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(settled.getDeclineReason()).isEmpty();
        assertThat(settled.getGatewayReference()).startsWith("sim_");
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE reference = '" + pending.getId() + "'"))
                .isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM payments.payments WHERE booking_id = '" + booking + "'")).isEqualTo(1);
    }
}
