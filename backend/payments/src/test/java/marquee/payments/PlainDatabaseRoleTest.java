package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.testing.PlainRoleDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In embedded mode the service connects as a login role that owns only its schema (no superuser,
 * no extensions); the migrations, the idempotent insert and the refund lock must work so.
 */
class PlainDatabaseRoleTest {
    private static String role;
    private static Fixture fixture;

    @BeforeAll
    static void start() throws SQLException {
        PlainRoleDatabase database = PlainRoleDatabase.forSchema("payments");
        String jdbcUrl = database.jdbcUrl();
        role = database.role();
        fixture = new Fixture(Map.of("marquee.payments.db.url", jdbcUrl, "marquee.payments.db.user", role));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void chargesAndRefundsWorkWithARoleThatOwnsOnlyThePaymentsSchema() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1500);
        String key = key();
        Payment paid = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key);
        assertThat(fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key)).isEqualTo(paid);
        Payment refunded = fixture.payments(fixture.manager()).refund(Fixture.refund(paid.getId(), 0).build());
        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
    }
}
