package marquee.payments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Charges and refunds counted for Prometheus, each after the row that records it has committed.
 *
 * <p>Scraped names: {@code marquee_payments_charges_total{method="CARD"|"CASH", outcome="approved"|"declined"|"timeout"|"error"}}
 * — one per charge the gateway was asked about (a retry that only replays a stored answer is not
 * counted again); {@code marquee_payments_reconciled_total{outcome}} — PENDING charges settled
 * later by the reconciler; {@code marquee_payments_refunds_total{method}} and
 * {@code marquee_payments_refunded_minor_total{currency}} (amounts in minor units).
 */
final class PaymentMetrics {
    static final PaymentMetrics NONE = new PaymentMetrics(new SimpleMeterRegistry());

    enum Outcome { APPROVED, DECLINED, TIMEOUT, ERROR }

    private final MeterRegistry registry;

    PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front so a dashboard sees zeros, not missing series, on a quiet day.
        for (Payment.Method method : Payment.Method.values()) {
            for (Outcome outcome : Outcome.values()) charges(method, outcome);
            refunds(method);
        }
        for (Outcome outcome : Outcome.values()) reconciled(outcome);
    }

    void charge(Payment.Method method, Outcome outcome) {
        charges(method, outcome).increment();
    }

    void reconcile(Outcome outcome) {
        reconciled(outcome).increment();
    }

    void refund(Payment.Method method, long amountMinor, String currency) {
        refunds(method).increment();
        Counter.builder("marquee.payments.refunded.minor").tag("currency", currency == null ? "" : currency.trim())
                .description("Money refunded, in minor units of the currency").register(registry).increment(amountMinor);
    }

    private Counter charges(Payment.Method method, Outcome outcome) {
        return Counter.builder("marquee.payments.charges").tag("method", method.name())
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .description("Charges by method and how the gateway answered").register(registry);
    }

    private Counter reconciled(Outcome outcome) {
        return Counter.builder("marquee.payments.reconciled").tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .description("PENDING charges settled by the reconciler").register(registry);
    }

    private Counter refunds(Payment.Method method) {
        return Counter.builder("marquee.payments.refunds").tag("method", method.name())
                .description("Refunds recorded").register(registry);
    }
}
