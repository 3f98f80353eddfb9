package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static marquee.payments.Fixture.refund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import marquee.common.v1.Money;
import marquee.payments.v1.GetShiftReportRequest;
import marquee.payments.v1.OpenShiftRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.Shift;
import marquee.payments.v1.ShiftReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The till's shift report counts net tickets: a sale refunded in full no longer counts its seats. */
class NetTicketsInShiftReportTest {
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
    void aSaleRefundedInFullNoLongerCountsItsTicketsButAPartialRefundKeepsThem() {
        String cashierId = UUID.randomUUID().toString();
        String cashier = fixture.cashier(cashierId);
        var payments = fixture.payments(cashier);
        Shift shift = payments.openShift(OpenShiftRequest.newBuilder().setStationId("till-net-" + cashierId)
                .setOpeningFloat(Money.newBuilder().setAmountMinor(10000).setCurrency("EUR")).setIdempotencyKey(key()).build());

        Payment kept = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 1250), cash(2000), key());
        Payment partly = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 800), cash(1000), key());
        Payment returned = fixture.charge(cashier, fixture.heldBooking(UUID.randomUUID().toString(), 2400), card(Fixture.VISA), key());
        int sold = report(payments, shift).getTicketsSold();
        assertThat(sold).isEqualTo(6);

        payments.refund(refund(partly.getId(), 300).build());
        assertThat(report(payments, shift).getTicketsSold()).as("a partial refund returns no seat").isEqualTo(6);

        payments.refund(refund(returned.getId(), 2400).build());
        ShiftReport after = report(payments, shift);
        assertThat(after.getTicketsSold()).as("sold minus the sale refunded in full").isEqualTo(4);
        assertThat(after.getNetTotal().getAmountMinor()).isEqualTo(1250 + 800 + 2400 - 300 - 2400);
        assertThat(kept.getShiftId()).isEqualTo(shift.getId());
    }

    private static ShiftReport report(marquee.payments.v1.PaymentsServiceGrpc.PaymentsServiceBlockingStub payments, Shift shift) {
        return payments.getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(shift.getId()).build());
    }
}
