-- booking.confirmed (BookingConfirmed, proto/marquee/events/v1/events.proto) written by the sale
-- itself: sell_booking() (V5) sells in one autocommit round trip, so the event comes from a trigger
-- on the booking's change to CONFIRMED, in that same statement and transaction — every path that
-- sells emits it, and a sale without its event (or an event without its sale) cannot commit.
-- The protobuf wire helpers are the same as payments' and tickets' (each service owns its schema).
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


CREATE FUNCTION booking_confirmed_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    seats bytea := ''::bytea;
    line record;
BEGIN
    FOR line IN SELECT seat_id FROM booking_line WHERE booking_id = NEW.id ORDER BY "row", number LOOP
        seats := seats || pb_string(8, line.seat_id);
    END LOOP;
    PERFORM outbox_append('booking.confirmed', NEW.id::text,
        pb_string(1, NEW.id::text) || pb_string(2, NEW.code) || pb_string(3, NEW.showtime_id::text)
        || pb_string(4, NEW.cinema_id::text) || pb_string(5, NEW.user_id) || pb_string(6, NEW.payment_id)
        || pb_money(7, NEW.total_minor, rtrim(NEW.currency)) || seats || pb_string(9, NEW.movie_title)
        || pb_string(10, NEW.hall_name) || pb_timestamp(11, NEW.starts_at));
    RETURN NULL;
END $$;
CREATE TRIGGER booking_confirmed AFTER UPDATE OF status ON booking
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM 'CONFIRMED' AND NEW.status = 'CONFIRMED')
    EXECUTE FUNCTION booking_confirmed_event();
