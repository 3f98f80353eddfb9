-- Terminals' own ticket-signing keys (RegisterTerminalKey) and what tickets knows of the "MQ2"
-- tickets they sold offline. A device keeps every key it registered (tickets signed with an older
-- key stay valid); registered_role says whether a kiosk (only that kiosk account may add keys for
-- the device) or staff at a till registered it.
CREATE TABLE terminal_key (
    key_id          varchar(12)  PRIMARY KEY,
    device_id       varchar(64)  NOT NULL,
    cinema_id       uuid         NOT NULL,
    public_key      bytea        NOT NULL,
    registered_at   timestamptz  NOT NULL DEFAULT now(),
    registered_by   varchar(64)  NOT NULL,
    registered_role varchar(16)  NOT NULL
);
CREATE INDEX terminal_key_cinema ON terminal_key (cinema_id, device_id, registered_at);

-- One row per MQ2 ticket seen: admitted at a door before its sale was uploaded (admitted_at; the
-- upload then issues the ticket already USED), and/or issued by the upload (qr_payload: the text
-- the terminal printed, which the ticket keeps), or revoked (revoked_at: the upload found its seat
-- sold to someone else, CONFLICT; the ticket is never issued and a door refuses it).
CREATE TABLE offline_ticket (
    ticket_id    uuid         PRIMARY KEY,
    device_id    varchar(64)  NOT NULL,
    cinema_id    uuid         NOT NULL,
    showtime_id  uuid         NOT NULL,
    seat_id      varchar(32)  NOT NULL,
    booking_code varchar(20)  NOT NULL,
    qr_payload   text,
    admitted_at  timestamptz,
    admitted_by  varchar(64),
    revoked_at   timestamptz
);
