-- Cashier shifts: a drawer with an opening float at one station, the cash drops taken from it to
-- the safe, and a counted close. At most one open shift per staff member and per station: the
-- partial unique indexes below refuse a second one, whatever runs at the same time.
CREATE TABLE shifts (
    id                  uuid         PRIMARY KEY,
    cinema_id           uuid         NOT NULL,
    station_id          varchar(100) NOT NULL,
    cashier_id          varchar(100) NOT NULL,
    currency            char(3)      NOT NULL,
    opening_float_minor bigint       NOT NULL CHECK (opening_float_minor >= 0),
    open_key            varchar(100) NOT NULL UNIQUE,
    opened_at           timestamptz  NOT NULL,
    closed_at           timestamptz,
    closed_by           varchar(100),
    close_key           varchar(100) UNIQUE,
    counted_minor       bigint       CHECK (counted_minor >= 0),
    expected_minor      bigint,
    -- a closed shift has everything of its close, an open one none of it
    CHECK ((closed_at IS NULL AND closed_by IS NULL AND close_key IS NULL AND counted_minor IS NULL AND expected_minor IS NULL)
        OR (closed_at IS NOT NULL AND closed_by IS NOT NULL AND close_key IS NOT NULL AND counted_minor IS NOT NULL
            AND expected_minor IS NOT NULL))
);
CREATE UNIQUE INDEX shifts_one_open_per_cashier ON shifts (cashier_id) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX shifts_one_open_per_station ON shifts (cinema_id, station_id) WHERE closed_at IS NULL;

-- Cash taken from the drawer to the safe during a shift.
CREATE TABLE cash_drops (
    id               uuid         PRIMARY KEY,
    shift_id         uuid         NOT NULL REFERENCES shifts (id),
    idempotency_key  varchar(100) NOT NULL UNIQUE,
    amount_minor     bigint       NOT NULL CHECK (amount_minor > 0),
    note             varchar(200) NOT NULL DEFAULT '',
    recorded_by      varchar(100) NOT NULL,
    created_at       timestamptz  NOT NULL
);
CREATE INDEX cash_drops_by_shift ON cash_drops (shift_id, created_at);

-- Staff payments belong to the shift they were taken in; cash always does (new rows; rows from
-- before shifts existed are left as they are).
ALTER TABLE payments ADD COLUMN shift_id uuid REFERENCES shifts (id);
ALTER TABLE payments ADD COLUMN seat_count integer NOT NULL DEFAULT 0 CHECK (seat_count >= 0);
ALTER TABLE payments ADD CONSTRAINT payments_cash_in_a_shift CHECK (method <> 'CASH' OR shift_id IS NOT NULL) NOT VALID;
CREATE INDEX payments_by_shift ON payments (shift_id) WHERE shift_id IS NOT NULL;

-- A refund is an ordinary refund or the money side of a voided sale, given in a shift (whose
-- drawer pays a cash refund out).
ALTER TABLE refunds ADD COLUMN kind varchar(8) NOT NULL DEFAULT 'REFUND' CHECK (kind IN ('REFUND', 'VOID'));
ALTER TABLE refunds ADD COLUMN shift_id uuid REFERENCES shifts (id);
CREATE INDEX refunds_by_shift ON refunds (shift_id) WHERE shift_id IS NOT NULL;

-- A void: who asked, who approved and why, recorded before the booking is cancelled; the refund
-- that the cancellation triggers takes these. One per payment (the primary key).
CREATE TABLE voids (
    payment_id       uuid         PRIMARY KEY REFERENCES payments (id),
    idempotency_key  varchar(100) NOT NULL UNIQUE,
    reason           varchar(200) NOT NULL,
    requested_by     varchar(100) NOT NULL,
    approved_by      varchar(100) NOT NULL,
    shift_id         uuid         REFERENCES shifts (id),
    created_at       timestamptz  NOT NULL
);
