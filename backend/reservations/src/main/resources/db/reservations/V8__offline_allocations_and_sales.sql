-- Offline selling from seats set aside (OfflineSalesService). An allocation is a booking in status
-- HELD owned by the terminal ("offline:<device>"), whose seat claims live in seat_claim like any
-- hold: the primary key of seat_claim is what keeps the seats from anybody else, and the claims
-- expire at returns_at (booking.expires_at), so the hold sweeper returns them without anyone
-- calling anything and hold_seats/sell_booking may take them over after that instant.

-- Booking codes: 6 characters online, 8 for sales a terminal made offline (its own code space).
ALTER TABLE booking ALTER COLUMN code TYPE varchar(8);

-- Which terminal a device id is: a kiosk account binds its device id the first time it uses it
-- (only that kiosk account may use it afterwards); a till station belongs to its cinema.
CREATE TABLE offline_terminal (
    device_id     varchar(64) PRIMARY KEY,
    cinema_id     uuid        NOT NULL,
    kiosk_account varchar(64),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE offline_allocation (
    id                     uuid          PRIMARY KEY,
    booking_id             uuid          NOT NULL UNIQUE REFERENCES booking (id),
    device_id              varchar(64)   NOT NULL REFERENCES offline_terminal (device_id),
    cinema_id              uuid          NOT NULL,
    showtime_id            uuid          NOT NULL,
    -- The seats as set aside (a sale moves a seat's claim to its own booking; the rest are unsold).
    seat_ids               varchar(32)[] NOT NULL,
    -- The showtime's prices at allocation (reservations.v1.PriceSummary, protobuf): offline sales price from it.
    prices                 bytea         NOT NULL,
    card_floor_limit_minor bigint        NOT NULL CHECK (card_floor_limit_minor >= 0),
    sell_until             timestamptz   NOT NULL,
    returns_at             timestamptz   NOT NULL,
    returned_at            timestamptz,
    created_at             timestamptz   NOT NULL DEFAULT now()
);
-- One live allocation per terminal and showtime (a concurrent top-up loses on this index).
CREATE UNIQUE INDEX offline_allocation_live ON offline_allocation (device_id, showtime_id) WHERE returned_at IS NULL;
CREATE INDEX offline_allocation_cinema ON offline_allocation (cinema_id, returns_at);

-- Each uploaded offline sale once (sale_id is the terminal's idempotency key). stage: SEATS (the
-- booking holds the sold seats), PAID (payments recorded the money), DONE (tickets issued). A sale
-- not DONE is finished by a retried upload or by the reconciler from `request` (the OfflineSale).
CREATE TABLE offline_sale (
    sale_id       uuid         PRIMARY KEY,
    device_id     varchar(64)  NOT NULL,
    allocation_id uuid         NOT NULL REFERENCES offline_allocation (id),
    booking_id    uuid         NOT NULL UNIQUE REFERENCES booking (id),
    outcome       varchar(16)  NOT NULL CHECK (outcome IN ('RECORDED', 'CONFLICT')),
    stage         varchar(8)   NOT NULL CHECK (stage IN ('SEATS', 'PAID', 'DONE')),
    payment_id    varchar(64),
    message       varchar(500) NOT NULL DEFAULT '',
    request       bytea        NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX offline_sale_unfinished ON offline_sale (updated_at) WHERE stage <> 'DONE';
CREATE INDEX offline_sale_conflicts ON offline_sale (created_at) WHERE outcome = 'CONFLICT';
