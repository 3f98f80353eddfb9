-- Every change to a ticket (issue, check-in, revocation, reprint) takes the next value, so kiosks
-- can fetch "everything after the last value I saw" (ListTicketsForSync).
CREATE SEQUENCE ticket_change_seq;

-- One row per sold seat. Booking details are copied in so that check-in and the kiosk feed never
-- need the reservations service.
CREATE TABLE ticket (
    id             uuid         PRIMARY KEY,
    booking_id     uuid         NOT NULL,
    booking_code   varchar(20)  NOT NULL,
    cinema_id      uuid         NOT NULL,
    showtime_id    uuid         NOT NULL,
    seat_id        varchar(20)  NOT NULL,
    "row"          varchar(10)  NOT NULL,
    number         integer      NOT NULL,
    category       varchar(20)  NOT NULL,
    ticket_type    varchar(20)  NOT NULL,
    price_minor    bigint       NOT NULL CHECK (price_minor >= 0),
    currency       varchar(3)   NOT NULL,
    movie_title    varchar(200) NOT NULL,
    hall_name      varchar(100) NOT NULL,
    starts_at      timestamptz  NOT NULL,
    status         varchar(10)  NOT NULL CHECK (status IN ('VALID', 'USED', 'REVOKED')),
    issued_at      timestamptz  NOT NULL,
    used_at        timestamptz,
    revoked_at     timestamptz,
    revoke_reason  varchar(500),
    reprint_count  integer      NOT NULL DEFAULT 0,
    change_seq     bigint       NOT NULL,
    -- Issuing again (retries, concurrent calls) can never make a second ticket for a seat.
    CONSTRAINT ticket_one_per_booking_seat UNIQUE (booking_id, seat_id),
    CHECK ((status = 'USED') = (used_at IS NOT NULL) OR status = 'REVOKED')
);

-- A seat of a showtime has at most one ticket that can still admit someone.
CREATE UNIQUE INDEX ticket_one_live_per_show_seat ON ticket (showtime_id, seat_id) WHERE status <> 'REVOKED';
-- The kiosk feed: a cinema's changes in order.
CREATE INDEX ticket_changes_by_cinema ON ticket (cinema_id, change_seq);
CREATE INDEX ticket_by_booking_code ON ticket (booking_code);

-- Bookings whose tickets were revoked, even when none had been issued yet: a late IssueTickets
-- for a cancelled booking must not bring valid tickets back.
CREATE TABLE revoked_booking (
    booking_id  uuid         PRIMARY KEY,
    cinema_id   uuid         NOT NULL,
    reason      varchar(500) NOT NULL,
    revoked_at  timestamptz  NOT NULL
);
