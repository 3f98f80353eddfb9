-- One row per checkout attempt (booking + client idempotency key). The state says how far the
-- purchase got, so a retry or the reconciler continues from there after a crash.
CREATE TABLE checkout (
    id              uuid        PRIMARY KEY,
    booking_id      uuid        NOT NULL REFERENCES booking (id),
    idempotency_key varchar(100) NOT NULL,
    requested_by    varchar(64) NOT NULL,
    state           varchar(16) NOT NULL CHECK (state IN
                        ('STARTED', 'CHARGED', 'CONFIRMED', 'COMPLETED', 'DECLINED', 'REFUNDED', 'ABANDONED')),
    payment_id      varchar(64),
    message         varchar(300),
    change_due_minor bigint     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT checkout_once_per_key UNIQUE (booking_id, idempotency_key)
);
-- The reconciler looks only at unfinished checkouts.
CREATE INDEX checkout_unfinished ON checkout (updated_at) WHERE state IN ('STARTED', 'CHARGED', 'CONFIRMED');

-- Cancelled bookings whose tickets still have to be revoked and money refunded (done after the
-- seats are freed; retried by the reconciler until both happened).
CREATE TABLE cancellation (
    booking_id   uuid        PRIMARY KEY REFERENCES booking (id),
    payment_id   varchar(64),
    reason       varchar(200) NOT NULL,
    requested_by varchar(64) NOT NULL,
    done         boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cancellation_pending ON cancellation (updated_at) WHERE NOT done;
