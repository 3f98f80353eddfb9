-- Cinemas, their halls and the seat layout of each hall.
-- The layout is stored normalised (one row per hall row and per seat) so that blocking a seat
-- is a single-row update and the database itself guarantees unique seat ids per hall.

CREATE TABLE cinema (
    id                       uuid         PRIMARY KEY,
    name                     varchar(100) NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    address                  varchar(200) NOT NULL DEFAULT '',
    city                     varchar(100) NOT NULL DEFAULT '',
    time_zone                varchar(64)  NOT NULL,
    currency                 char(3)      NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    max_seats_per_order      integer      NOT NULL CHECK (max_seats_per_order BETWEEN 1 AND 50),
    forbid_single_empty_seat boolean      NOT NULL DEFAULT false,
    created_at               timestamptz  NOT NULL,
    updated_at               timestamptz  NOT NULL
);
-- Names are unique in the chain, regardless of case ("Riverside" and "RIVERSIDE" are one name).
CREATE UNIQUE INDEX cinema_name_key ON cinema (lower(name));

CREATE TABLE hall (
    id         uuid        PRIMARY KEY,
    cinema_id  uuid        NOT NULL REFERENCES cinema (id),
    name       varchar(60) NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    -- Grid size in seat units / grid lines (the layout's width and depth).
    width      integer     NOT NULL CHECK (width >= 1),
    depth      integer     NOT NULL CHECK (depth >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
-- Hall names are unique within their cinema, regardless of case.
CREATE UNIQUE INDEX hall_cinema_name_key ON hall (cinema_id, lower(name));

-- A row of seats in a hall: its printed label and its grid line (0 = nearest the screen).
CREATE TABLE hall_row (
    hall_id uuid       NOT NULL REFERENCES hall (id) ON DELETE CASCADE,
    label   varchar(4) NOT NULL CHECK (length(label) BETWEEN 1 AND 4),
    y       integer    NOT NULL CHECK (y >= 0),
    PRIMARY KEY (hall_id, label),
    CONSTRAINT hall_row_y_key UNIQUE (hall_id, y)
);

-- A sellable place. seat_id (row label + number, e.g. "F12") is what holds, bookings and
-- tickets refer to.
CREATE TABLE seat (
    hall_id    uuid        NOT NULL,
    seat_id    varchar(16) NOT NULL,
    row_label  varchar(4)  NOT NULL,
    number     integer     NOT NULL CHECK (number >= 1),
    x          integer     NOT NULL CHECK (x >= 0),
    width      smallint    NOT NULL CHECK (width BETWEEN 1 AND 4),
    category   varchar(16) NOT NULL
               CHECK (category IN ('STANDARD', 'PREMIUM', 'WHEELCHAIR', 'COMPANION', 'COUPLE')),
    blocked    boolean     NOT NULL DEFAULT false,
    -- The other half of a couple sofa; set for COUPLE seats only.
    partner_id varchar(16),
    PRIMARY KEY (hall_id, seat_id),
    CONSTRAINT seat_number_key UNIQUE (hall_id, row_label, number),
    CONSTRAINT seat_row_fkey FOREIGN KEY (hall_id, row_label)
        REFERENCES hall_row (hall_id, label) ON DELETE CASCADE,
    CONSTRAINT seat_partner_fkey FOREIGN KEY (hall_id, partner_id)
        REFERENCES seat (hall_id, seat_id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT seat_partner_only_for_couples CHECK ((category = 'COUPLE') = (partner_id IS NOT NULL))
);
