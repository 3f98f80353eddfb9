-- Seat-event versions without one hot row per showtime (issue 12).
--
-- Before: every change of a showtime's seats bumped its seat_version row in the same transaction
-- and held that row's lock through the durable commit, so the versions of one showtime committed
-- in order and a watcher reading "version > n" never skipped an event that committed late. It also
-- meant one commit (an fsync) at a time per showtime: a sell-out of one showtime ran at ~90 holds/s.
--
-- Now: a seat event takes its version from one sequence (seat_event_version_seq), drawn by the
-- trigger below when the event row is inserted, i.e. after the change has locked its seat claims —
-- so two changes of the same seat get versions in the order they commit. The trigger also stores
-- the event's horizon: a transaction id issued just after the draw (the writer's own id is assigned
-- before its draw, and so is every other writer's). Every transaction that could still commit a
-- smaller version had its id before this draw, so its id is below the horizon. A reader
-- delivers events in version order up to the last one whose horizon is at or below the oldest
-- running transaction of its own snapshot (pg_snapshot_xmin): everything below that version has
-- committed (and is visible) or rolled back. Versions grow per showtime but are no longer
-- consecutive. Writers never wait for each other; an event waits in the feed only while a
-- transaction that was running when it was written is still open (milliseconds on the hot paths).
--
-- How a writer records a seat change now (the one mechanism): INSERT INTO seat_event (showtime_id,
-- seat_ids, status, reason) VALUES (...) in the transaction of the change, in READ COMMITTED (the
-- default), after the seat claims are written. The version and horizon are the trigger's.
-- seat_version is no longer read. Code that still bumps it and takes the version from the bump
-- (sell_booking, V5 and the events branch's V9) keeps working: its bump is turned into a
-- throwaway row (no lock on a shared row) and the event's version is the sequence's anyway.

CREATE SEQUENCE seat_event_version_seq;
SELECT setval('seat_event_version_seq',
              greatest(coalesce((SELECT max(version) FROM seat_event), 0), coalesce((SELECT max(version) FROM seat_version), 0)) + 1,
              false);

-- Events written before this version count as settled (horizon 0).
ALTER TABLE seat_event ADD COLUMN horizon xid8 NOT NULL DEFAULT '0';
ALTER TABLE seat_event ALTER COLUMN horizon DROP DEFAULT;
ALTER TABLE seat_event ALTER COLUMN version SET DEFAULT 0;

-- A transaction id newer than every id handed out so far: the id of a subtransaction opened and
-- rolled back here (its one row goes to an unlogged table and is gone with it). A snapshot's xmax
-- would not do: it is the newest *completed* id + 1, and transactions that got their ids later may
-- already be running.
CREATE UNLOGGED TABLE seat_event_horizon_probe (x int);

CREATE FUNCTION seat_event_stamp() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    v_top xid8;
    v_sub xid;
    v_base numeric;
BEGIN
    v_top := pg_current_xact_id();                   -- this transaction has its id before it draws
    NEW.version := nextval('seat_event_version_seq');
    BEGIN
        INSERT INTO seat_event_horizon_probe VALUES (0) RETURNING xmin INTO v_sub;
        RAISE EXCEPTION 'probe' USING ERRCODE = 'MQ090';
    EXCEPTION WHEN SQLSTATE 'MQ090' THEN
        NULL;
    END;
    -- v_sub is a 32-bit id issued after v_top: widen it with v_top's epoch (wrapping once at most).
    v_base := v_top::text::numeric - (v_top::text::numeric % 4294967296);
    NEW.horizon := (CASE WHEN v_base + v_sub::text::numeric >= v_top::text::numeric
                         THEN v_base + v_sub::text::numeric
                         ELSE v_base + 4294967296 + v_sub::text::numeric END)::text::xid8;
    RETURN NEW;
END
$$;

CREATE TRIGGER seat_event_stamp BEFORE INSERT ON seat_event
    FOR EACH ROW EXECUTE FUNCTION seat_event_stamp();

-- The retired per-showtime version row: a bump is inserted under a key of its own (no conflict,
-- so no lock on the showtime's row) and removed again at the end of the statement.
CREATE FUNCTION seat_version_retired() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        NEW.showtime_id := gen_random_uuid();
        RETURN NEW;
    END IF;
    DELETE FROM seat_version WHERE seat_version.showtime_id = NEW.showtime_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER seat_version_retired_before BEFORE INSERT ON seat_version
    FOR EACH ROW EXECUTE FUNCTION seat_version_retired();
CREATE TRIGGER seat_version_retired_after AFTER INSERT ON seat_version
    FOR EACH ROW EXECUTE FUNCTION seat_version_retired();
DELETE FROM seat_version;

-- hold_seats (V4) and release_hold (V6) as before, with the seat event's version from the trigger
-- instead of the showtime's version row.
CREATE OR REPLACE FUNCTION hold_seats(
    p_id uuid, p_code varchar, p_showtime uuid, p_cinema uuid, p_user varchar, p_currency varchar,
    p_fee bigint, p_total bigint, p_ttl_ms bigint, p_key varchar, p_title varchar, p_hall varchar,
    p_starts timestamptz, p_cap int, p_seats varchar[], p_rows varchar[], p_numbers int[],
    p_categories varchar[], p_types varchar[], p_prices bigint[])
RETURNS TABLE (outcome text, booking_id uuid, expires_at timestamptz, created_at timestamptz, retry_after_s double precision)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
    v_earlier uuid;
    v_live int;
    v_claimed int;
    v_expires timestamptz;
    v_created timestamptz;
    v_taken text;
BEGIN
    IF p_key IS NOT NULL THEN
        SELECT b.id INTO v_earlier FROM booking b WHERE b.user_id = p_user AND b.idempotency_key = p_key;
        IF FOUND THEN
            RETURN QUERY SELECT 'EARLIER'::text, v_earlier, NULL::timestamptz, NULL::timestamptz, NULL::double precision;
            RETURN;
        END IF;
    END IF;
    IF p_cap > 0 THEN
        SELECT count(*) INTO v_live FROM booking b WHERE b.user_id = p_user AND b.status = 'HELD' AND b.expires_at > now();
        IF v_live >= p_cap THEN
            RETURN QUERY SELECT 'CAP'::text, NULL::uuid, NULL::timestamptz, NULL::timestamptz,
                   (SELECT extract(epoch FROM min(b.expires_at) - now())::double precision FROM booking b
                     WHERE b.user_id = p_user AND b.status = 'HELD' AND b.expires_at > now());
            RETURN;
        END IF;
    END IF;
    INSERT INTO booking (id, code, showtime_id, cinema_id, user_id, status, currency, fee_minor, total_minor,
                         expires_at, idempotency_key, movie_title, hall_name, starts_at)
    VALUES (p_id, p_code, p_showtime, p_cinema, p_user, 'HELD', p_currency, p_fee, p_total,
            now() + p_ttl_ms * interval '1 millisecond', p_key, p_title, p_hall, p_starts)
    RETURNING booking.expires_at, booking.created_at INTO v_expires, v_created;
    INSERT INTO booking_line (booking_id, seat_id, "row", number, category, ticket_type, price_minor)
    SELECT p_id, l.seat, l.row_label, l.number, l.category, l.ticket_type, l.price
      FROM unnest(p_seats, p_rows, p_numbers, p_categories, p_types, p_prices)
           AS l(seat, row_label, number, category, ticket_type, price);
    -- A free seat is inserted, a seat whose hold has run out is taken over, a live hold or a sale is left alone.
    INSERT INTO seat_claim AS sc (showtime_id, seat_id, booking_id, status, expires_at)
    SELECT p_showtime, s, p_id, 'HELD', v_expires FROM unnest(p_seats) AS s
    ON CONFLICT (showtime_id, seat_id) DO UPDATE
       SET booking_id = excluded.booking_id, status = excluded.status, expires_at = excluded.expires_at
     WHERE sc.status = 'HELD' AND sc.expires_at < now();
    GET DIAGNOSTICS v_claimed = ROW_COUNT;
    IF v_claimed < cardinality(p_seats) THEN
        SELECT string_agg(c.seat_id, ', ' ORDER BY c.seat_id) INTO v_taken FROM seat_claim c
         WHERE c.showtime_id = p_showtime AND c.seat_id = ANY (p_seats) AND c.booking_id <> p_id;
        RAISE EXCEPTION 'seat taken' USING ERRCODE = 'MQ001', DETAIL = coalesce(v_taken, '');
    END IF;
    INSERT INTO seat_event (showtime_id, seat_ids, status, reason) VALUES (p_showtime, p_seats, 'HELD', 'held');
    RETURN QUERY SELECT 'HELD'::text, p_id, v_expires, v_created, NULL::double precision;
END
$$;

CREATE OR REPLACE FUNCTION release_hold(p_id uuid, p_user varchar, p_now timestamptz)
RETURNS TABLE (outcome text, status varchar, code varchar, showtime_id uuid, cinema_id uuid, currency varchar,
               fee_minor bigint, total_minor bigint, expires_at timestamptz, payment_id varchar,
               created_at timestamptz, movie_title varchar, hall_name varchar, starts_at timestamptz,
               seat_ids varchar[], rows varchar[], numbers int[], categories varchar[], ticket_types varchar[],
               prices bigint[])
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
    b booking%ROWTYPE;
    v_status varchar;
    v_outcome text;
    v_freed varchar[];
BEGIN
    SELECT * INTO b FROM booking WHERE booking.id = p_id FOR UPDATE;
    IF NOT FOUND OR b.user_id <> p_user OR b.status NOT IN ('HELD', 'RELEASED', 'EXPIRED') THEN
        RETURN QUERY SELECT 'OTHER'::text, NULL::varchar, NULL::varchar, NULL::uuid, NULL::uuid, NULL::varchar, NULL::bigint,
               NULL::bigint, NULL::timestamptz, NULL::varchar, NULL::timestamptz, NULL::varchar, NULL::varchar,
               NULL::timestamptz, NULL::varchar[], NULL::varchar[], NULL::int[], NULL::varchar[], NULL::varchar[], NULL::bigint[];
        RETURN;
    END IF;
    IF b.status = 'HELD' THEN
        WITH freed AS (
            DELETE FROM seat_claim c WHERE c.booking_id = p_id AND c.status = 'HELD' RETURNING c.seat_id)
        SELECT array_agg(freed.seat_id ORDER BY freed.seat_id) INTO v_freed FROM freed;
        -- A hold that ran out before the release is recorded as expired: that is what happened.
        v_status := CASE WHEN b.expires_at > p_now THEN 'RELEASED' ELSE 'EXPIRED' END;
        -- released_at: the holder gave it up, so it is never sold afterwards.
        UPDATE booking SET status = v_status, released_at = coalesce(booking.released_at, now()) WHERE booking.id = p_id;
        IF v_freed IS NOT NULL THEN
            INSERT INTO seat_event (showtime_id, seat_ids, status, reason)
            VALUES (b.showtime_id, v_freed, 'FREE', CASE WHEN v_status = 'RELEASED' THEN 'released' ELSE 'expired' END);
        END IF;
        v_outcome := 'CHANGED';
    ELSE
        -- Already run out and swept (or released before): still remember that the holder gave it up.
        UPDATE booking SET released_at = coalesce(booking.released_at, now()) WHERE booking.id = p_id AND booking.status = 'EXPIRED';
        v_status := b.status;
        v_outcome := 'UNCHANGED';
    END IF;
    RETURN QUERY
    SELECT v_outcome, v_status, b.code, b.showtime_id, b.cinema_id, b.currency::varchar, b.fee_minor, b.total_minor,
           b.expires_at, b.payment_id, b.created_at, b.movie_title, b.hall_name, b.starts_at,
           array_agg(l.seat_id ORDER BY l."row", l.number), array_agg(l."row" ORDER BY l."row", l.number),
           array_agg(l.number ORDER BY l."row", l.number), array_agg(l.category ORDER BY l."row", l.number),
           array_agg(l.ticket_type ORDER BY l."row", l.number), array_agg(l.price_minor ORDER BY l."row", l.number)
      FROM booking_line l WHERE l.booking_id = p_id;
END
$$;
