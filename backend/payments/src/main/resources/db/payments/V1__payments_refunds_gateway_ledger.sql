-- Payments of bookings. One row per idempotency key: the unique key is what makes a retried
-- Charge return the first result instead of charging again (insert ... ON CONFLICT DO NOTHING).
-- Card data is never stored: only brand, last four digits and the gateway's reference.
CREATE TABLE payments (
    id                 uuid         PRIMARY KEY,
    idempotency_key    varchar(100) NOT NULL UNIQUE,
    booking_id         uuid         NOT NULL,
    cinema_id          uuid         NOT NULL,
    amount_minor       bigint       NOT NULL CHECK (amount_minor >= 0),
    currency           char(3)      NOT NULL,
    -- never more than was paid, whatever the application does
    refunded_minor     bigint       NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
    status             varchar(20)  NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    method             varchar(8)   NOT NULL CHECK (method IN ('CARD', 'CASH')),
    card_brand         varchar(20)  NOT NULL DEFAULT '',
    card_last4         varchar(4)   NOT NULL DEFAULT '',
    gateway_reference  varchar(100) NOT NULL DEFAULT '',
    decline_reason     varchar(200) NOT NULL DEFAULT '',
    tendered_minor     bigint       NOT NULL DEFAULT 0 CHECK (tendered_minor >= 0),
    change_due_minor   bigint       NOT NULL DEFAULT 0 CHECK (change_due_minor >= 0),
    taken_by           varchar(100) NOT NULL,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX payments_by_booking ON payments (booking_id, created_at);
CREATE INDEX payments_by_cinema ON payments (cinema_id, created_at);

-- Refunds; one row per idempotency key, so a retried Refund never pays out twice.
CREATE TABLE refunds (
    id                 uuid         PRIMARY KEY,
    payment_id         uuid         NOT NULL REFERENCES payments (id),
    idempotency_key    varchar(100) NOT NULL UNIQUE,
    amount_minor       bigint       NOT NULL CHECK (amount_minor > 0),
    reason             varchar(200) NOT NULL,
    requested_by       varchar(100) NOT NULL,
    approved_by        varchar(100) NOT NULL DEFAULT '',
    gateway_reference  varchar(100) NOT NULL DEFAULT '',
    created_at         timestamptz  NOT NULL
);
CREATE INDEX refunds_by_payment ON refunds (payment_id, created_at);

-- The simulated card gateway's own books (it stands in for an external processor). Keyed by our
-- reference, so asking again after a crash or a timeout finds the first answer instead of
-- charging a second time.
CREATE TABLE gateway_ledger (
    reference          varchar(200) PRIMARY KEY,
    kind               varchar(8)   NOT NULL CHECK (kind IN ('CHARGE', 'REFUND')),
    amount_minor       bigint       NOT NULL,
    currency           varchar(3)   NOT NULL DEFAULT '',
    approved           boolean      NOT NULL,
    card_brand         varchar(20)  NOT NULL DEFAULT '',
    card_last4         varchar(4)   NOT NULL DEFAULT '',
    decline_reason     varchar(200) NOT NULL DEFAULT '',
    gateway_reference  varchar(100) NOT NULL,
    created_at         timestamptz  NOT NULL
);
