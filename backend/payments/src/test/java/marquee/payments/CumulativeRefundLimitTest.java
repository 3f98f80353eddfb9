package marquee.payments;

import static marquee.payments.Fixture.refund;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marquee.payments.v1.Payment;
import marquee.reservations.v1.BookingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 2: the cashier refund limit (50.00 by default) applies to everything refunded on a
 * payment, not to each call, and holds when the refunds arrive at the same time.
 */
class CumulativeRefundLimitTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    private static Payment soldFor(long totalMinor) {
        String user = UUID.randomUUID().toString();
        Payment paid = fixture.paidByCard(user, totalMinor);
        fixture.setStatus(paid.getBookingId(), BookingStatus.BOOKING_CONFIRMED);
        return paid;
    }

    @Test
    void fourRefundsOf49OnA200SaleNeedTheManager() {
        Payment paid = soldFor(20000);
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);

        fixture.payments(cashier).refund(refund(paid.getId(), 4900).build());
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "needs a manager's approval",
                () -> fixture.payments(cashier).refund(refund(paid.getId(), 4900).build()));

        String approval = fixture.approval(UUID.randomUUID().toString(), "REFUND", paid.getId(), cashierId);
        Payment second = fixture.payments(cashier).refund(refund(paid.getId(), 4900).setApproverToken(approval).build());
        assertThat(second.getRefunded().getAmountMinor()).isEqualTo(9800);
        assertThat(second.getRefunds(1).getApprovedBy()).isNotEqualTo(cashierId);
    }

    @Test
    void smallRefundsArrivingTogetherStayWithinTheLimitInTotal() throws Exception {
        Payment paid = soldFor(20000);
        String cashier = fixture.cashier();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Status.Code>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        fixture.payments(cashier).refund(refund(paid.getId(), 1000).build());
                        return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            go.countDown();
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) codes.add(outcome.get(60, TimeUnit.SECONDS));
            assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(5);
            assertThat(codes).filteredOn(c -> c != Status.Code.OK).containsOnly(Status.Code.PERMISSION_DENIED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("SELECT refunded_minor FROM payments.payments WHERE id = '" + paid.getId() + "'")).isEqualTo(5000);
    }
}
