-- Refund idempotency keys are scoped to their payment: the same key on another payment is another
-- refund, so nobody can take in advance the key a cancellation or a compensation will use for a
-- payment that is not theirs (a global key would make that refund fail as "key reused").
ALTER TABLE refunds DROP CONSTRAINT refunds_idempotency_key_key;
ALTER TABLE refunds ADD CONSTRAINT refunds_once_per_payment_key UNIQUE (payment_id, idempotency_key);
-- A void is the refund of kind VOID of its payment (one per payment, the primary key); its key is
-- that refund's key, scoped to the payment like every refund key.
ALTER TABLE voids DROP CONSTRAINT voids_idempotency_key_key;
