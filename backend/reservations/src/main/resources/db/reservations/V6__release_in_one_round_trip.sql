-- The holder's release of a hold in one database round trip (called in autocommit), like
-- hold_seats (V4): lock the booking, free its held seats, record RELEASED (or EXPIRED when it had
-- run out by p_now, the service's clock), the seat event and the version bump, and return the
-- booking with its lines so nothing is read back. Same lock order as before (booking row, seat
-- claims, seat version), so it cannot deadlock with holds, sales or the sweeper.
-- Outcomes: CHANGED (this call released it), UNCHANGED (already released or expired; released_at
-- is still recorded) and OTHER (no such booking, someone else's, or sold/cancelled: the service's
-- general path decides what the caller is told, with its access rules and messages).
CREATE FUNCTION release_hold(p_id uuid, p_user varchar, p_now timestamptz)
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
            WITH bumped AS (
                INSERT INTO seat_version AS sv (showtime_id, version) VALUES (b.showtime_id, 1)
                ON CONFLICT (showtime_id) DO UPDATE SET version = sv.version + 1
                RETURNING sv.version)
            INSERT INTO seat_event (showtime_id, version, seat_ids, status, reason)
            SELECT b.showtime_id, bumped.version, v_freed, 'FREE',
                   CASE WHEN v_status = 'RELEASED' THEN 'released' ELSE 'expired' END FROM bumped;
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
