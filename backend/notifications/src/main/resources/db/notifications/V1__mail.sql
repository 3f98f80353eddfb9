-- Events this service has handled (see platform/events): a redelivered event is skipped.
CREATE TABLE consumed_events (
    consumer    varchar(100) NOT NULL,
    event_id    uuid NOT NULL,
    event_type  varchar(100) NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- An address given for a booking without a customer account (kiosk, till): SendTicketsByEmail.
CREATE TABLE booking_contact (
    booking_id  uuid PRIMARY KEY,
    email       varchar(254) NOT NULL,
    given_by    varchar(100) NOT NULL,
    given_at    timestamptz NOT NULL DEFAULT now()
);

-- Every e-mail, once per purpose: 'tickets:<booking>:<address>', 'cancelled:<booking>', 'refund:<refund id>'.
-- A row is written before sending and marked sent after, so a redelivered event sends nothing again.
CREATE TABLE mail (
    id          uuid PRIMARY KEY,
    purpose     varchar(200) NOT NULL UNIQUE,
    booking_id  uuid NOT NULL,
    recipient   varchar(254) NOT NULL,
    subject     varchar(300) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer NOT NULL DEFAULT 0,
    -- Who is sending it right now (a lease): two deliveries at once send one mail.
    claimed_at  timestamptz,
    last_error  varchar(500)
);
CREATE INDEX mail_by_booking ON mail (booking_id);
-- Tickets issued, so an address given later can be served at once.
CREATE TABLE issued_booking (
    booking_id  uuid PRIMARY KEY,
    booking_code varchar(20) NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now()
);
