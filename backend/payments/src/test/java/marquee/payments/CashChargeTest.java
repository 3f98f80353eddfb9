package marquee.payments;

import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.util.UUID;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentMethodKind;
import marquee.payments.v1.PaymentStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CashChargeTest {
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
    void aCashierTakesCashAndTheChangeDueIsTenderedMinusTotal() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1250);
        String cashier = fixture.cashierOnShift();

        Payment payment = fixture.charge(cashier, booking, cash(2000), key());

        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(payment.getMethod()).isEqualTo(PaymentMethodKind.CASH);
        assertThat(payment.getAmount().getAmountMinor()).isEqualTo(1250);
        assertThat(payment.getTenderedMinor()).isEqualTo(2000);
        assertThat(payment.getChangeDueMinor()).isEqualTo(750);
        assertThat(payment.getCardLast4()).isEmpty();
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger WHERE reference = '" + payment.getId() + "'"))
                .isZero();
    }

    @Test
    void exactCashByAManagerLeavesNoChange() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1250);
        String manager = fixture.manager();
        fixture.openShift(manager, 0);
        Payment payment = fixture.charge(manager, booking, cash(1250), key());
        assertThat(payment.getChangeDueMinor()).isZero();
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
    }

    @Test
    void tooLittleCashIsRefusedSayingByHowMuch() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1250);
        String cashier = fixture.cashierOnShift();
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "tendered 10.00 does not cover 12.50",
                () -> fixture.charge(cashier, booking, cash(1000), key()));
    }

    @Test
    void cashWithoutAnOpenShiftIsRefused() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1250);
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "open a shift first",
                () -> fixture.charge(fixture.cashier(), booking, cash(2000), key()));
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "open a shift first",
                () -> fixture.charge(fixture.manager(), booking, cash(2000), key()));
    }

    @Test
    void aCustomerCannotPayCash() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1250);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only a CASHIER or MANAGER",
                () -> fixture.charge(fixture.customer(user), booking, cash(2000), key()));
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only a CASHIER or MANAGER",
                () -> fixture.charge(fixture.kiosk(), booking, cash(2000), key()));
    }

    @Test
    void aCashierOfAnotherCinemaCannotTakeThePayment() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 1250);
        String stranger = fixture.backend.tokens().token(marquee.users.v1.Role.CASHIER, UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "booking's cinema",
                () -> fixture.charge(stranger, booking, cash(2000), key()));
    }
}
