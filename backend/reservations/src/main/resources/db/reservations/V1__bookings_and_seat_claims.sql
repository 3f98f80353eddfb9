-- One record from hold to sale. Prices are integer minor units; currency per booking.
CREATE TABLE booking (
    id              uuid        PRIMARY KEY,
    code            varchar(6)  NOT NULL UNIQUE,
    showtime_id     uuid        NOT NULL,
    cinema_id       uuid        NOT NULL,
    user_id         varchar(64) NOT NULL,
    status          varchar(16) NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'CANCELLED')),
    currency        char(3)     NOT NULL,
    fee_minor       bigint      NOT NULL CHECK (fee_minor >= 0),
    total_minor     bigint      NOT NULL CHECK (total_minor >= 0),
    expires_at      timestamptz NOT NULL,
    payment_id      varchar(64),
    idempotency_key varchar(100),
    created_at      timestamptz NOT NULL DEFAULT now(),
    movie_title     varchar(300) NOT NULL,
    hall_name       varchar(200) NOT NULL,
    starts_at       timestamptz NOT NULL,
    -- A retried HoldSeats with the same key finds the first hold instead of making a second one.
    CONSTRAINT booking_idempotency UNIQUE (user_id, idempotency_key)
);
CREATE INDEX booking_user ON booking (user_id, created_at DESC);
-- The sweeper looks only at live holds ordered by expiry.
CREATE INDEX booking_held_expiry ON booking (expires_at) WHERE status = 'HELD';

CREATE TABLE booking_line (
    booking_id  uuid        NOT NULL REFERENCES booking (id) ON DELETE CASCADE,
    seat_id     varchar(32) NOT NULL,
    "row"       varchar(16) NOT NULL,
    number      integer     NOT NULL,
    category    varchar(16) NOT NULL,
    ticket_type varchar(16) NOT NULL,
    price_minor bigint      NOT NULL CHECK (price_minor >= 0),
    PRIMARY KEY (booking_id, seat_id)
);

-- The seat uniqueness invariant: one row per (showtime, seat) that is held or sold. The primary
-- key is what refuses a second hold, in every instance at once; an expired hold's row may be
-- taken over by a new hold in the same INSERT ... ON CONFLICT statement.
CREATE TABLE seat_claim (
    showtime_id uuid        NOT NULL,
    seat_id     varchar(32) NOT NULL,
    booking_id  uuid        NOT NULL REFERENCES booking (id),
    status      varchar(8)  NOT NULL CHECK (status IN ('HELD', 'SOLD')),
    expires_at  timestamptz,
    PRIMARY KEY (showtime_id, seat_id)
);
CREATE INDEX seat_claim_booking ON seat_claim (booking_id);

-- The version of a showtime's seat state. Every change bumps it in the same transaction; the row
-- lock makes versions of one showtime commit in order, so a watcher polling "version > n" never
-- misses an event that commits late (which a shared sequence could not promise).
CREATE TABLE seat_version (
    showtime_id uuid   PRIMARY KEY,
    version     bigint NOT NULL
);

-- Every change of seat state, numbered per showtime; WatchSeatMap streams these from any instance.
CREATE TABLE seat_event (
    showtime_id uuid          NOT NULL,
    version     bigint        NOT NULL,
    seat_ids    varchar(32)[] NOT NULL,
    status      varchar(8)    NOT NULL CHECK (status IN ('HELD', 'SOLD', 'FREE')),
    reason      varchar(16)   NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (showtime_id, version)
);
