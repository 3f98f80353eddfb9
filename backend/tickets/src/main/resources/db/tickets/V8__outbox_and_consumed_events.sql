-- Events (issue 15): what this service tells the others is written here in the same transaction
-- as the change, and relayed at least once by the platform's OutboxRelay (Kafka or in-process).
CREATE TABLE outbox (
    seq          bigserial PRIMARY KEY,
    id           uuid NOT NULL UNIQUE,
    type         varchar(100) NOT NULL,
    event_key    varchar(200) NOT NULL,
    payload      bytea NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Events this service's consumers have handled, by id: a redelivered event is skipped.
CREATE TABLE consumed_events (
    consumer    varchar(100) NOT NULL,
    event_id    uuid NOT NULL,
    event_type  varchar(100) NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Protobuf wire format in SQL, for the triggers below: they write an event's payload (a message
-- from proto/marquee/events/v1/events.proto) in the very statement that changes the row, so every
-- code path that approves, refunds, issues or revokes emits its event without a line of Java.
-- Only what these messages use: strings, non-negative integers, nested messages, timestamps.
CREATE FUNCTION pb_varint(v bigint) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    result bytea := ''::bytea;
    b int;
BEGIN
    IF v < 0 THEN RAISE EXCEPTION 'pb_varint: negative %', v; END IF;
    LOOP
        b := (v & 127)::int;
        v := v >> 7;
        IF v = 0 THEN
            RETURN result || set_byte('\x00'::bytea, 0, b);
        END IF;
        result := result || set_byte('\x00'::bytea, 0, b | 128);
    END LOOP;
END $$;

CREATE FUNCTION pb_bytes(field int, value bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL OR length(value) = 0 THEN ''::bytea
                ELSE pb_varint(field * 8 + 2) || pb_varint(length(value)) || value END $$;

CREATE FUNCTION pb_string(field int, value text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT pb_bytes(field, convert_to(coalesce(value, ''), 'UTF8')) $$;

CREATE FUNCTION pb_int(field int, value bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL OR value = 0 THEN ''::bytea ELSE pb_varint(field * 8) || pb_varint(value) END $$;

-- A message field that is always present, even when all its fields are defaults.
CREATE FUNCTION pb_message(field int, value bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT pb_varint(field * 8 + 2) || pb_varint(length(coalesce(value, ''::bytea))) || coalesce(value, ''::bytea) $$;

CREATE FUNCTION pb_money(field int, amount_minor bigint, currency text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT pb_message(field, pb_int(1, amount_minor) || pb_string(2, currency)) $$;

CREATE FUNCTION pb_timestamp(field int, value timestamptz) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN ''::bytea
                ELSE pb_message(field, pb_int(1, floor(extract(epoch FROM value))::bigint)
                                   || pb_int(2, ((extract(microseconds FROM value)::bigint % 1000000) * 1000))) END $$;

CREATE FUNCTION outbox_append(event_type text, event_key text, payload bytea) RETURNS void LANGUAGE sql AS $$
    INSERT INTO outbox (id, type, event_key, payload) VALUES (gen_random_uuid(), event_type, event_key, payload) $$;

-- tickets.issued (TicketsIssued): one event per booking and statement that issued tickets (an
-- idempotent repeat inserts no row and so sends nothing).
CREATE FUNCTION tickets_issued_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    b record;
BEGIN
    FOR b IN SELECT booking_id, min(booking_code) AS code, min(showtime_id::text) AS showtime,
                    string_agg(pb_string(4, id::text), ''::bytea ORDER BY seat_id) AS ids
               FROM issued GROUP BY booking_id LOOP
        PERFORM outbox_append('tickets.issued', b.booking_id::text,
            pb_string(1, b.booking_id::text) || pb_string(2, b.code) || pb_string(3, b.showtime) || b.ids);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_issued AFTER INSERT ON ticket REFERENCING NEW TABLE AS issued
    FOR EACH STATEMENT EXECUTE FUNCTION tickets_issued_event();

-- tickets.revoked (TicketsRevoked): the tickets of a booking this statement revoked.
CREATE FUNCTION tickets_revoked_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    b record;
BEGIN
    FOR b IN SELECT n.booking_id, min(n.revoke_reason) AS reason,
                    string_agg(pb_string(2, n.id::text), ''::bytea ORDER BY n.seat_id) AS ids
               FROM after_change n JOIN before_change o ON o.id = n.id
              WHERE n.status = 'REVOKED' AND o.status <> 'REVOKED'
              GROUP BY n.booking_id LOOP
        PERFORM outbox_append('tickets.revoked', b.booking_id::text,
            pb_string(1, b.booking_id::text) || b.ids || pb_string(3, b.reason));
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_revoked AFTER UPDATE ON ticket REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change
    FOR EACH STATEMENT EXECUTE FUNCTION tickets_revoked_event();
