package marquee.payments;

import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.UUID;
import marquee.common.v1.Money;
import marquee.payments.v1.CloseShiftRequest;
import marquee.payments.v1.GetPaymentRequest;
import marquee.payments.v1.GetShiftReportRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentMethodKind;
import marquee.payments.v1.PaymentStatus;
import marquee.payments.v1.RefundKind;
import marquee.payments.v1.ShiftReport;
import marquee.payments.v1.TerminalTotals;
import marquee.reservations.v1.CardPresentResult;
import marquee.reservations.v1.PaymentMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Card-present payments: the terminal's approval is recorded as the booking's payment, once, for the right amount. */
class CardPresentPaymentTest {
    private static Fixture fixture;
    private static int trace = 100;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    static PaymentMethod present(String terminal, long amountMinor) {
        trace++;
        return present(terminal, String.format("%06d", trace), String.format("%04d", trace), amountMinor, "************4771");
    }

    static PaymentMethod present(String terminal, String trace, String receipt, long amountMinor, String maskedPan) {
        return PaymentMethod.newBuilder().setCardPresent(CardPresentResult.newBuilder().setTerminalId(terminal).setTraceNumber(trace)
                .setReceiptNumber(receipt).setAuthCode("611804").setMaskedPan(maskedPan).setCardBrand("Debit Mastercard")
                .setAmount(Money.newBuilder().setAmountMinor(amountMinor).setCurrency("EUR")).setProtocol("ZVT")).build();
    }

    @Test
    void aKioskRecordsTheTerminalsApprovalAsTheBookingsCardPayment() {
        String kiosk = fixture.kiosk();
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 2350);
        String key = key();
        PaymentMethod method = present("52500001", 2350);
        Payment payment = fixture.charge(kiosk, booking, method, key);
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(payment.getMethod()).isEqualTo(PaymentMethodKind.CARD);
        assertThat(payment.getAmount().getAmountMinor()).isEqualTo(2350);
        assertThat(payment.getCardLast4()).isEqualTo("4771");
        assertThat(payment.getCardBrand()).isEqualTo("Debit Mastercard");
        assertThat(payment.getCardPresent().getTerminalId()).isEqualTo("52500001");
        assertThat(payment.getCardPresent().getTraceNumber()).isEqualTo(method.getCardPresent().getTraceNumber());
        assertThat(payment.getCardPresent().getReceiptNumber()).isEqualTo(method.getCardPresent().getReceiptNumber());
        assertThat(payment.getCardPresent().getAuthCode()).isEqualTo("611804");
        assertThat(payment.getCardPresent().getMaskedPan()).isEqualTo("************4771");
        // a retry with the same key answers with the same payment
        assertThat(fixture.charge(kiosk, booking, method, key).getId()).isEqualTo(payment.getId());
        assertThat(fixture.payments(fixture.manager()).getPayment(GetPaymentRequest.newBuilder().setPaymentId(payment.getId()).build())
                .getCardPresent().getTerminalId()).isEqualTo("52500001");
        // no card gateway was involved
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger")).isZero();
    }

    @Test
    void oneTerminalApprovalPaysOneBookingOnly() {
        String kiosk = fixture.kiosk();
        PaymentMethod method = present("52500002", 1000);
        fixture.charge(kiosk, fixture.heldBooking(UUID.randomUUID().toString(), 1000), method, key());
        String other = fixture.heldBooking(UUID.randomUUID().toString(), 1000);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "already paid another booking",
                () -> fixture.charge(kiosk, other, method, key()));
    }

    @Test
    void theTerminalsAmountMustBeTheBookingsTotal() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 2000);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "reverse the terminal payment",
                () -> fixture.charge(fixture.kiosk(), booking, present("52500001", 1999), key()));
    }

    @Test
    void customersCannotClaimATerminalApproval() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1000);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "kiosk or a till",
                () -> fixture.charge(fixture.customer(user), booking, present("52500001", 1000), key()));
    }

    @Test
    void aCardNumberInClearIsRefused() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1000);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "must be masked",
                () -> fixture.charge(fixture.kiosk(), booking, present("52500001", "000999", "0999", 1000, "5413330089604771"), key()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "terminal_id",
                () -> fixture.charge(fixture.kiosk(), booking, present("T-1", "000999", "0999", 1000, "****4771"), key()));
    }

    @Test
    void aTerminalThatShowsTheFirstSixDigitsIsStoredWithTheLastFourOnly() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1000);
        Payment p = fixture.charge(fixture.kiosk(), booking, present("52500003", "000501", "0501", 1000, "541333******4771"), key());
        assertThat(p.getCardPresent().getMaskedPan()).isEqualTo("************4771");
        assertThat(fixture.backend.snapshot("payments")).doesNotContain("541333");
    }

    @Test
    void refundsAndVoidsOfACardPresentSaleAreRecordedForPayOutAtTheTerminal() {
        String cashier = fixture.cashierOnShift();
        Payment sale = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 3000), present("52500004", 3000), key());
        Payment refunded = fixture.payments(cashier).refund(Fixture.refund(sale.getId(), 1000).build());
        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(refunded.getCardPresent().getTerminalId()).isEqualTo("52500004");
        assertThat(fixture.count("SELECT count(*) FROM payments.refunds WHERE gateway_reference = 'terminal:pay-out-at-terminal'"))
                .isGreaterThanOrEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger")).isZero();
        assertThat(refunded.getRefunds(0).getKind()).isEqualTo(RefundKind.REFUND);
    }

    @Test
    void shiftCloseReconcilesTheTerminalsEndOfDayWithTheShiftsCardTakings() {
        String cashier = fixture.cashier();
        var shift = fixture.openShift(cashier, 5000);
        String terminal = "52509999";
        Payment a = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 2000), present(terminal, 2000), key());
        fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 1500), present(terminal, 1500), key());
        fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 900), present("52508888", 900), key()); // another terminal
        fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 700), Fixture.cash(1000), key());
        fixture.payments(cashier).refund(Fixture.refund(a.getId(), 500).build());
        // takings at the terminal: 2000 + 1500 − 500 = 3000; the terminal booked 3100 (a sale rung up twice at it, say)
        String closeKey = key();
        CloseShiftRequest close = CloseShiftRequest.newBuilder().setShiftId(shift.getId()).setCountedMinor(5000 + 700)
                .setIdempotencyKey(closeKey).setTerminalTotals(TerminalTotals.newBuilder().setTerminalId(terminal)
                        .setTotal(Money.newBuilder().setAmountMinor(3100).setCurrency("EUR")).setCount(3).setTraceNumber("000077"))
                .build();
        ShiftReport report = fixture.payments(cashier).closeShift(close);
        var r = report.getTerminalReconciliation();
        assertThat(r.getTerminalId()).isEqualTo(terminal);
        assertThat(r.getTerminalTotal().getAmountMinor()).isEqualTo(3100);
        assertThat(r.getTerminalCount()).isEqualTo(3);
        assertThat(r.getShiftCardTakings().getAmountMinor()).isEqualTo(3000);
        assertThat(r.getShiftCardCount()).isEqualTo(2);
        assertThat(r.getDifference().getAmountMinor()).isEqualTo(100);
        assertThat(report.getCardSaleCount()).isEqualTo(3); // card-present sales are card sales of the shift
        assertThat(report.getShift().getVariance().getAmountMinor()).isZero();
        // recorded: the report shows it later, and a retried close does not record it again
        assertThat(fixture.payments(fixture.manager()).getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build())
                .getTerminalReconciliation().getDifference().getAmountMinor()).isEqualTo(100);
        assertThat(fixture.payments(cashier).closeShift(close).getTerminalReconciliation().getRecordedAt())
                .isEqualTo(r.getRecordedAt());
        assertThat(fixture.count("SELECT count(*) FROM payments.shift_terminal_totals WHERE shift_id = '" + shift.getId() + "'"))
                .isEqualTo(1);
    }
}
