-- Offline selling from seats set aside (SalesRules 220-224): 0 means "the reservations service's
-- environment default" for seats, minutes and hours; -1 seats switches offline selling off.
ALTER TABLE cinema
    ADD COLUMN offline_seats_per_showtime     integer NOT NULL DEFAULT 0 CHECK (offline_seats_per_showtime BETWEEN -1 AND 50),
    ADD COLUMN offline_kiosks_allowed         boolean NOT NULL DEFAULT false,
    ADD COLUMN offline_card_floor_limit_minor bigint  NOT NULL DEFAULT 0 CHECK (offline_card_floor_limit_minor >= 0),
    ADD COLUMN offline_return_minutes_before  integer NOT NULL DEFAULT 0 CHECK (offline_return_minutes_before >= 0),
    ADD COLUMN offline_hours_ahead            integer NOT NULL DEFAULT 0 CHECK (offline_hours_ahead >= 0);
