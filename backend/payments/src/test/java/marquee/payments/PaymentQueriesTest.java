package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static marquee.payments.Fixture.refund;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Instant;
import java.util.UUID;
import marquee.payments.v1.GetPaymentRequest;
import marquee.payments.v1.ListPaymentsRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.PaymentSummary;
import marquee.payments.v1.SummarizePaymentsRequest;
import marquee.platform.grpc.ProtoTime;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PaymentQueriesTest {
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
    void thePayerAndStaffOfTheCinemaSeeAPaymentOthersDoNot() {
        String user = UUID.randomUUID().toString();
        Payment paid = fixture.paidByCard(user, 1100);
        GetPaymentRequest request = GetPaymentRequest.newBuilder().setPaymentId(paid.getId()).build();

        assertThat(fixture.payments(fixture.customer(user)).getPayment(request)).isEqualTo(paid);
        assertThat(fixture.payments(fixture.cashier()).getPayment(request)).isEqualTo(paid);
        assertThat(fixture.payments(fixture.service()).getPayment(request)).isEqualTo(paid);
        Fixture.assertFails(Code.PERMISSION_DENIED, "only the payer",
                () -> fixture.payments(fixture.customer(UUID.randomUUID().toString())).getPayment(request));
        Fixture.assertFails(Code.NOT_FOUND, "no payment", () -> fixture.payments(fixture.manager())
                .getPayment(GetPaymentRequest.newBuilder().setPaymentId(UUID.randomUUID().toString()).build()));
        Fixture.assertFails(Code.INVALID_ARGUMENT, "payment_id", () -> fixture.payments(fixture.manager())
                .getPayment(GetPaymentRequest.newBuilder().setPaymentId("nope").build()));
    }

    @Test
    void thePaymentsOfABookingAreListedOldestFirstForThoseWhoMaySeeThem() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1100);
        Payment declined = fixture.charge(fixture.customer(user), booking, card(Fixture.DECLINED), key());
        Payment approved = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key());
        ListPaymentsRequest request = ListPaymentsRequest.newBuilder().setBookingId(booking).build();

        assertThat(fixture.payments(fixture.customer(user)).listPayments(request).getPaymentsList())
                .containsExactly(declined, approved);
        assertThat(fixture.payments(fixture.manager()).listPayments(request).getPaymentsList())
                .extracting(Payment::getStatus).containsExactly(PaymentStatus.DECLINED, PaymentStatus.APPROVED);
        assertThat(fixture.payments(fixture.customer(UUID.randomUUID().toString())).listPayments(request).getPaymentsList())
                .isEmpty();
    }

    @Test
    void theSummaryAddsUpCardCashAndRefundsForTheCinemaAndForOneCashier() {
        Instant from = Instant.now();
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.backend.tokens().token(Role.CASHIER, cashierId, fixture.cinemaId);
        fixture.openShift(cashier, 5000);
        Payment cashPayment = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 1250), cash(2000), key());
        Payment cardPayment = fixture.paidByCard(UUID.randomUUID().toString(), 2400);
        String user = UUID.randomUUID().toString();
        fixture.charge(fixture.customer(user), fixture.heldBooking(user, 900), card(Fixture.DECLINED), key());
        fixture.payments(cashier).refund(refund(cashPayment.getId(), 400).build());
        fixture.payments(fixture.manager()).refund(refund(cardPayment.getId(), 1000).build());
        Instant to = Instant.now().plusSeconds(1);

        SummarizePaymentsRequest all = SummarizePaymentsRequest.newBuilder().setCinemaId(fixture.cinemaId)
                .setFrom(ProtoTime.timestamp(from)).setTo(ProtoTime.timestamp(to)).build();
        PaymentSummary summary = fixture.payments(fixture.manager()).summarizePayments(all);
        assertThat(summary.getCardTotal().getAmountMinor()).isEqualTo(2400);
        assertThat(summary.getCashTotal().getAmountMinor()).isEqualTo(1250);
        assertThat(summary.getRefundTotal().getAmountMinor()).isEqualTo(1400);
        assertThat(summary.getCashRefundTotal().getAmountMinor()).isEqualTo(400);
        assertThat(summary.getChargeCount()).isEqualTo(2);
        assertThat(summary.getRefundCount()).isEqualTo(2);
        assertThat(summary.getCardTotal().getCurrency()).isEqualTo("EUR");

        PaymentSummary shift = fixture.payments(cashier).summarizePayments(all.toBuilder().setTakenBy(cashierId).build());
        assertThat(shift.getCardTotal().getAmountMinor()).isZero();
        assertThat(shift.getCashTotal().getAmountMinor()).isEqualTo(1250);
        assertThat(shift.getRefundTotal().getAmountMinor()).isEqualTo(400);
        assertThat(shift.getCashRefundTotal().getAmountMinor()).isEqualTo(400);
        assertThat(shift.getChargeCount()).isEqualTo(1);
        assertThat(shift.getRefundCount()).isEqualTo(1);
    }

    @Test
    void onlyStaffOfTheCinemaMaySummarize() {
        SummarizePaymentsRequest request = SummarizePaymentsRequest.newBuilder().setCinemaId(fixture.cinemaId).build();
        Fixture.assertFails(Code.PERMISSION_DENIED, "CASHIER or MANAGER of that cinema",
                () -> fixture.payments(fixture.customer(UUID.randomUUID().toString())).summarizePayments(request));
        Fixture.assertFails(Code.PERMISSION_DENIED, "CASHIER or MANAGER of that cinema",
                () -> fixture.payments(fixture.kiosk()).summarizePayments(request));
        String elsewhere = fixture.backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        Fixture.assertFails(Code.PERMISSION_DENIED, "CASHIER or MANAGER of that cinema",
                () -> fixture.payments(elsewhere).summarizePayments(request));
    }
}
