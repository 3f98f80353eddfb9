package marquee.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in test gateway. It keeps its own ledger (table {@code gateway_ledger}) keyed by our
 * reference, like a real processor's idempotency keys, so asking again after a crash or a timeout
 * returns the first answer and never books a second charge.
 *
 * <p>Test cards (any future expiry, any 3–4 digit CVC):
 * <pre>
 * 4242 4242 4242 4242   approved (VISA)
 * 5555 5555 5555 4444   approved (MASTERCARD)
 * 4000 0000 0000 0002   declined "card declined"
 * 4000 0000 0000 9995   declined "insufficient funds"
 * 4000 0000 0000 0119   gateway timeout: the charge is booked but the answer is lost; the call
 *                       throws GatewayTimeout after marquee.payments.gateway.timeout (PT2S);
 *                       asking again by reference returns the booked (approved) result
 * any other valid card  approved
 * </pre>
 */
final class SimulatedCardGateway implements PaymentGateway {
    private static final Logger log = LoggerFactory.getLogger(SimulatedCardGateway.class);

    static final String APPROVE_VISA = "4242424242424242";
    static final String APPROVE_MASTERCARD = "5555555555554444";
    static final String DECLINE = "4000000000000002";
    static final String INSUFFICIENT_FUNDS = "4000000000009995";
    static final String TIMEOUT = "4000000000000119";

    private final DataSource dataSource;
    private final Duration timeout;
    private final Clock clock;

    SimulatedCardGateway(DataSource dataSource, Duration timeout, Clock clock) {
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public GatewayResult charge(String reference, long amountMinor, String currency, Card card) {
        String number = card.number();
        String decline = switch (number) {
            case DECLINE -> "card declined";
            case INSUFFICIENT_FUNDS -> "insufficient funds";
            default -> "";
        };
        // Booked first, in one statement that returns the booking; a reference booked before answers as it did.
        Optional<GatewayResult> booked = book(reference, "CHARGE", amountMinor, currency, decline.isEmpty(), card.brand(),
                card.last4(), decline);
        if (booked.isEmpty()) return find(reference).orElseThrow();
        if (TIMEOUT.equals(number)) {
            // The money is booked but the answer is "lost": the caller only learns the outcome by asking again.
            sleep(timeout);
            log.info("Simulated gateway: charge {} timed out after {}", reference, timeout);
            throw new GatewayTimeout("the card gateway did not answer within " + timeout.toMillis() + " ms");
        }
        return booked.get();
    }

    @Override
    public GatewayResult refund(String refundReference, String gatewayReference, long amountMinor) {
        return book(refundReference, "REFUND", amountMinor, "", true, "", "", "")
                .orElseGet(() -> find(refundReference).orElseThrow());
    }

    @Override
    public Optional<GatewayResult> lookup(String reference) {
        return find(reference);
    }

    /** Inserts the ledger row unless the reference is already booked; its result when this call booked it. */
    private Optional<GatewayResult> book(String reference, String kind, long amountMinor, String currency, boolean approved,
                                         String brand, String last4, String decline) {
        String sql = "INSERT INTO gateway_ledger (reference, kind, amount_minor, currency, approved, card_brand, card_last4,"
                + " decline_reason, gateway_reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (reference) DO NOTHING"
                + " RETURNING approved, gateway_reference, card_brand, card_last4, decline_reason";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, reference);
            insert.setString(2, kind);
            insert.setLong(3, amountMinor);
            insert.setString(4, currency);
            insert.setBoolean(5, approved);
            insert.setString(6, brand);
            insert.setString(7, last4);
            insert.setString(8, decline);
            insert.setString(9, "sim_" + UUID.randomUUID().toString().replace("-", ""));
            insert.setTimestamp(10, Timestamp.from(clock.instant()));
            try (ResultSet row = insert.executeQuery()) {
                if (!row.next()) return Optional.empty();
                return Optional.of(new GatewayResult(row.getBoolean(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Simulated gateway ledger is not available", e);
        }
    }

    private Optional<GatewayResult> find(String reference) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT approved, gateway_reference, card_brand,"
                     + " card_last4, decline_reason FROM gateway_ledger WHERE reference = ?")) {
            select.setString(1, reference);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) return Optional.empty();
                return Optional.of(new GatewayResult(row.getBoolean(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Simulated gateway ledger is not available", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
