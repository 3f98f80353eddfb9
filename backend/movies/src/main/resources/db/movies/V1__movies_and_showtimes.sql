-- Films. Genres are a short list of labels, kept as an array on the film.
CREATE TABLE movies (
    id               uuid PRIMARY KEY,
    title            varchar(200) NOT NULL CHECK (char_length(title) >= 1),
    runtime_minutes  integer      NOT NULL CHECK (runtime_minutes BETWEEN 1 AND 600),
    rating           varchar(20)  NOT NULL DEFAULT '',
    genres           text[]       NOT NULL DEFAULT '{}',
    synopsis         varchar(4000) NOT NULL DEFAULT '',
    poster_url       varchar(500) NOT NULL DEFAULT '',
    language         varchar(35)  NOT NULL DEFAULT '',
    release_date     date,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    version          integer      NOT NULL DEFAULT 0
);
CREATE INDEX movies_by_title ON movies (lower(title), id);

-- A range over hall ids, used only as the singleton range [hall, hall]: GiST can compare such
-- ranges for equality out of the box, so the exclusion constraint below needs no btree_gist
-- extension (which a service role without CREATE on the database may not install).
CREATE TYPE uuid_range AS RANGE (subtype = uuid);

-- Screenings. Cinema, hall name and film title are copies taken when the showtime is scheduled,
-- so the programme can be listed without asking the theaters service. ends_at already includes
-- the cleaning buffer: [starts_at, ends_at) is the time the hall is taken.
CREATE TABLE showtimes (
    id                 uuid PRIMARY KEY,
    movie_id           uuid         NOT NULL REFERENCES movies (id),
    cinema_id          uuid         NOT NULL,
    hall_id            uuid         NOT NULL,
    hall_name          varchar(100) NOT NULL,
    movie_title        varchar(200) NOT NULL,
    starts_at          timestamptz  NOT NULL,
    ends_at            timestamptz  NOT NULL,
    business_date      date         NOT NULL,
    format             varchar(20)  NOT NULL DEFAULT '',
    currency           char(3)      NOT NULL,
    booking_fee_minor  bigint       NOT NULL CHECK (booking_fee_minor >= 0),
    status             varchar(16)  NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    created_at         timestamptz  NOT NULL,
    cancelled_at       timestamptz,
    version            integer      NOT NULL DEFAULT 0,
    CONSTRAINT showtime_ends_after_start CHECK (ends_at > starts_at),
    -- The rule "one scheduled showtime per hall at a time" lives here, so two concurrent
    -- requests (or two service instances) can never both book the same slot. Cancelled
    -- showtimes stay as history and no longer block the hall.
    CONSTRAINT showtimes_no_overlap_in_hall EXCLUDE USING gist (
        uuid_range(hall_id, hall_id, '[]') WITH =,
        tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (status = 'SCHEDULED')
);
CREATE INDEX showtimes_by_cinema_and_date ON showtimes (cinema_id, business_date, starts_at);
CREATE INDEX showtimes_by_movie ON showtimes (movie_id);

-- A showtime's price list: one amount per (seat category, ticket type) that is for sale.
CREATE TABLE showtime_prices (
    showtime_id   uuid        NOT NULL REFERENCES showtimes (id) ON DELETE CASCADE,
    category      varchar(16) NOT NULL,
    ticket_type   varchar(16) NOT NULL,
    amount_minor  bigint      NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (showtime_id, category, ticket_type)
);
