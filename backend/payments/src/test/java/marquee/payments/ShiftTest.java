package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static marquee.payments.Fixture.refund;
import static org.assertj.core.api.Assertions.assertThat;

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
import marquee.common.v1.Money;
import marquee.payments.v1.CloseShiftRequest;
import marquee.payments.v1.GetCurrentShiftRequest;
import marquee.payments.v1.GetShiftReportRequest;
import marquee.payments.v1.GetShiftRequest;
import marquee.payments.v1.OpenShiftRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentSummary;
import marquee.payments.v1.RecordCashDropRequest;
import marquee.payments.v1.Shift;
import marquee.payments.v1.ShiftReport;
import marquee.payments.v1.ShiftStatus;
import marquee.payments.v1.SummarizePaymentsRequest;
import marquee.platform.grpc.ProtoTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShiftTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    private static OpenShiftRequest.Builder open(String station, long floatMinor) {
        return OpenShiftRequest.newBuilder().setStationId(station)
                .setOpeningFloat(Money.newBuilder().setAmountMinor(floatMinor).setCurrency("EUR")).setIdempotencyKey(key());
    }

    private static RecordCashDropRequest.Builder drop(String shiftId, long amountMinor) {
        return RecordCashDropRequest.newBuilder().setShiftId(shiftId).setAmountMinor(amountMinor).setNote("safe bag 7")
                .setIdempotencyKey(key());
    }

    private static CloseShiftRequest.Builder close(String shiftId, long countedMinor) {
        return CloseShiftRequest.newBuilder().setShiftId(shiftId).setCountedMinor(countedMinor).setIdempotencyKey(key());
    }

    @Test
    void aShiftsReportAddsUpToThePaymentsAndTheVarianceIsCountedMinusExpected() {
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);
        var payments = fixture.payments(cashier);

        Shift shift = payments.openShift(open("till-1-" + cashierId, 10000).build());
        assertThat(shift.getStatus()).isEqualTo(ShiftStatus.SHIFT_OPEN);
        assertThat(shift.getCashierId()).isEqualTo(cashierId);
        assertThat(payments.getCurrentShift(GetCurrentShiftRequest.getDefaultInstance()).getId()).isEqualTo(shift.getId());

        Payment cash1 = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 1250), cash(2000), key());
        Payment cash2 = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 800), cash(1000), key());
        Payment card1 = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 2400), card(Fixture.VISA), key());
        assertThat(cash1.getChangeDueMinor()).isEqualTo(750);
        assertThat(cash2.getChangeDueMinor()).isEqualTo(200);
        assertThat(List.of(cash1.getShiftId(), cash2.getShiftId(), card1.getShiftId())).containsOnly(shift.getId());
        Payment refunded = payments.refund(refund(cash2.getId(), 300).build());
        assertThat(refunded.getRefunds(0).getShiftId()).isEqualTo(shift.getId());
        Shift dropped = payments.recordCashDrop(drop(shift.getId(), 5000).build());
        assertThat(dropped.getDropsList()).extracting(d -> d.getAmount().getAmountMinor()).containsExactly(5000L);
        assertThat(dropped.getDrops(0).getRecordedBy()).isEqualTo(cashierId);

        // expected = 100.00 float + 12.50 + 8.00 cash − 3.00 cash refund − 50.00 drop = 67.50; counted 67.00
        ShiftReport report = payments.closeShift(close(shift.getId(), 6700).build());

        assertThat(report.getShift().getStatus()).isEqualTo(ShiftStatus.SHIFT_CLOSED);
        assertThat(report.getShift().getClosedBy()).isEqualTo(cashierId);
        assertThat(report.getShift().getOpeningFloat().getAmountMinor()).isEqualTo(10000);
        assertThat(report.getShift().getExpectedCash().getAmountMinor()).isEqualTo(6750);
        assertThat(report.getShift().getCountedCash().getAmountMinor()).isEqualTo(6700);
        assertThat(report.getShift().getVariance().getAmountMinor()).isEqualTo(-50);
        assertThat(report.getCashSaleCount()).isEqualTo(2);
        assertThat(report.getCashSales().getAmountMinor()).isEqualTo(2050);
        assertThat(report.getCardSaleCount()).isEqualTo(1);
        assertThat(report.getCardSales().getAmountMinor()).isEqualTo(2400);
        assertThat(report.getRefundCount()).isEqualTo(1);
        assertThat(report.getRefunds().getAmountMinor()).isEqualTo(300);
        assertThat(report.getCashRefunds().getAmountMinor()).isEqualTo(300);
        assertThat(report.getDropCount()).isEqualTo(1);
        assertThat(report.getDrops().getAmountMinor()).isEqualTo(5000);
        assertThat(report.getTicketsSold()).isEqualTo(6);
        assertThat(report.getNetTotal().getAmountMinor()).isEqualTo(2050 + 2400 - 300);
        assertThat(report.getNetTotal().getCurrency()).isEqualTo("EUR");

        // The payments service's own summary of this cashier over the shift says the same.
        PaymentSummary summary = payments.summarizePayments(SummarizePaymentsRequest.newBuilder().setCinemaId(fixture.cinemaId)
                .setTakenBy(cashierId).setFrom(report.getShift().getOpenedAt())
                .setTo(ProtoTime.timestamp(ProtoTime.instant(report.getShift().getClosedAt()).plusMillis(1))).build());
        assertThat(summary.getCashTotal().getAmountMinor()).isEqualTo(report.getCashSales().getAmountMinor());
        assertThat(summary.getCardTotal().getAmountMinor()).isEqualTo(report.getCardSales().getAmountMinor());
        assertThat(summary.getRefundTotal().getAmountMinor())
                .isEqualTo(report.getRefunds().getAmountMinor() + report.getVoids().getAmountMinor());
        assertThat(summary.getCashRefundTotal().getAmountMinor()).isEqualTo(report.getCashRefunds().getAmountMinor());
        assertThat(summary.getChargeCount()).isEqualTo(report.getCashSaleCount() + report.getCardSaleCount());
        assertThat(summary.getRefundCount()).isEqualTo(report.getRefundCount() + report.getVoidCount());

        // The report reads the same later; the closed shift takes no more cash or drops.
        assertThat(payments.getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build())).isEqualTo(report);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "open a shift first",
                () -> fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 500), cash(500), key()));
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "is closed",
                () -> payments.recordCashDrop(drop(shift.getId(), 100).build()));
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "already closed",
                () -> payments.closeShift(close(shift.getId(), 100).build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no open shift",
                () -> payments.getCurrentShift(GetCurrentShiftRequest.getDefaultInstance()));
    }

    @Test
    void tenParallelOpensForOneCashierOpenExactlyOneShift() throws Exception {
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Code>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                String station = "race-" + i + "-" + cashierId;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        fixture.payments(cashier).openShift(open(station, 5000).build());
                        return Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            go.countDown();
            List<Code> codes = new ArrayList<>();
            for (Future<Code> outcome : outcomes) codes.add(outcome.get(60, TimeUnit.SECONDS));
            assertThat(codes).filteredOn(c -> c == Code.OK).hasSize(1);
            assertThat(codes).filteredOn(c -> c != Code.OK).hasSize(9).containsOnly(Code.ALREADY_EXISTS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("SELECT count(*) FROM payments.shifts WHERE cashier_id = '" + cashierId + "'")).isEqualTo(1);
    }

    @Test
    void oneOpenShiftPerStationAndRetriesWithTheSameKeyAnswerTheSame() {
        String station = "till-" + UUID.randomUUID();
        String first = fixture.cashier();
        OpenShiftRequest request = open(station, 2000).build();
        Shift opened = fixture.payments(first).openShift(request);
        assertThat(fixture.payments(first).openShift(request)).isEqualTo(opened);
        fixture.assertFailsWithoutChange(Code.ALREADY_EXISTS, "station " + station + " already has an open shift",
                () -> fixture.payments(fixture.cashier()).openShift(open(station, 2000).build()));
        fixture.assertFailsWithoutChange(Code.ALREADY_EXISTS, "you already have an open shift",
                () -> fixture.payments(first).openShift(open("elsewhere-" + UUID.randomUUID(), 2000).build()));

        RecordCashDropRequest dropRequest = drop(opened.getId(), 700).build();
        fixture.payments(first).recordCashDrop(dropRequest);
        Shift again = fixture.payments(first).recordCashDrop(dropRequest);
        assertThat(again.getDropsList()).hasSize(1);

        CloseShiftRequest closeRequest = close(opened.getId(), 1300).build();
        ShiftReport closed = fixture.payments(first).closeShift(closeRequest);
        assertThat(fixture.payments(first).closeShift(closeRequest)).isEqualTo(closed);
        assertThat(closed.getShift().getVariance().getAmountMinor()).isZero();
        // The station is free again.
        assertThat(fixture.payments(fixture.cashier()).openShift(open(station, 0).build()).getStationId()).isEqualTo(station);
    }

    @Test
    void anotherCashiersShiftIsOffLimitsButAManagerMayCloseIt() {
        String cashier = fixture.cashier();
        Shift shift = fixture.openShift(cashier, 3000);
        String other = fixture.cashier();
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "another cashier's shift",
                () -> fixture.payments(other).getShift(GetShiftRequest.newBuilder().setShiftId(shift.getId()).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "another cashier's shift",
                () -> fixture.payments(other).recordCashDrop(drop(shift.getId(), 100).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "another cashier's shift",
                () -> fixture.payments(other).closeShift(close(shift.getId(), 100).build()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "another cashier's shift",
                () -> fixture.payments(other).getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build()));
        String customer = fixture.customer(UUID.randomUUID().toString());
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "CASHIER or MANAGER",
                () -> fixture.payments(customer).openShift(open("till-x", 0).build()));

        String managerId = UUID.randomUUID().toString();
        String manager = fixture.backend.tokens().token(marquee.users.v1.Role.MANAGER, managerId, fixture.cinemaId);
        ShiftReport closed = fixture.payments(manager).closeShift(close(shift.getId(), 2900).build());
        assertThat(closed.getShift().getClosedBy()).isEqualTo(managerId);
        assertThat(closed.getShift().getVariance().getAmountMinor()).isEqualTo(-100);
    }

    @Test
    void badInputIsRefusedWithAClearCodeAndChangesNothing() {
        String cashier = fixture.cashier();
        var payments = fixture.payments(cashier);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "must not be negative",
                () -> payments.openShift(open("till-n", -1).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "currency",
                () -> payments.openShift(open("till-n", 100).setOpeningFloat(Money.newBuilder().setAmountMinor(100)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "station_id",
                () -> payments.openShift(open(" ", 100).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "idempotency_key",
                () -> payments.openShift(open("till-n", 100).setIdempotencyKey("short").build()));

        Shift shift = fixture.openShift(cashier, 1000);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "amount_minor must be more than 0",
                () -> payments.recordCashDrop(drop(shift.getId(), -500).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "amount_minor must be more than 0",
                () -> payments.recordCashDrop(drop(shift.getId(), 0).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "note",
                () -> payments.recordCashDrop(drop(shift.getId(), 100).setNote("x".repeat(201)).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "shift_id",
                () -> payments.recordCashDrop(drop("not-a-uuid", 100).build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no shift",
                () -> payments.recordCashDrop(drop(UUID.randomUUID().toString(), 100).build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no shift",
                () -> payments.getShift(GetShiftRequest.newBuilder().setShiftId(UUID.randomUUID().toString()).build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no shift",
                () -> payments.getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(UUID.randomUUID().toString()).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "counted_minor must not be negative",
                () -> payments.closeShift(close(shift.getId(), -1).build()));
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no shift",
                () -> payments.closeShift(close(UUID.randomUUID().toString(), 0).build()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "idempotency_key",
                () -> payments.closeShift(close(shift.getId(), 0).setIdempotencyKey("").build()));
    }
}
