-- Card-present payments: paid at the card terminal beside a kiosk or till. The terminal keeps the
-- card data; this table keeps what its receipt shows. One terminal approval pays one booking only
-- (unique terminal + trace + receipt), so a replayed or copied approval cannot buy a second one.
CREATE TABLE card_present_payments (
    payment_id      uuid         PRIMARY KEY REFERENCES payments (id),
    terminal_id     varchar(16)  NOT NULL CHECK (terminal_id ~ '^[0-9]{1,16}$'),
    trace_number    varchar(12)  NOT NULL CHECK (trace_number ~ '^[0-9]{1,12}$'),
    receipt_number  varchar(8)   NOT NULL DEFAULT '' CHECK (receipt_number ~ '^[0-9]{0,8}$'),
    auth_code       varchar(16)  NOT NULL DEFAULT '',
    -- masked as the terminal sent it, reduced to at most the last four digits in clear
    masked_pan      varchar(24)  NOT NULL DEFAULT '' CHECK (masked_pan ~ '^[*]*[0-9]{0,4}$'),
    card_brand      varchar(40)  NOT NULL DEFAULT '',
    protocol        varchar(10)  NOT NULL DEFAULT 'ZVT',
    created_at      timestamptz  NOT NULL,
    UNIQUE (terminal_id, trace_number, receipt_number)
);

-- A shift closed with the terminal's end-of-day totals: what the terminal booked against the
-- shift's card-present takings at that terminal. Written once per shift.
CREATE TABLE shift_terminal_totals (
    shift_id              uuid         PRIMARY KEY REFERENCES shifts (id),
    terminal_id           varchar(16)  NOT NULL,
    terminal_total_minor  bigint       NOT NULL CHECK (terminal_total_minor >= 0),
    terminal_count        integer      NOT NULL CHECK (terminal_count >= 0),
    trace_number          varchar(12)  NOT NULL DEFAULT '',
    takings_minor         bigint       NOT NULL,
    takings_count         integer      NOT NULL,
    difference_minor      bigint       NOT NULL,
    currency              char(3)      NOT NULL,
    recorded_by           varchar(100) NOT NULL,
    recorded_at           timestamptz  NOT NULL
);
