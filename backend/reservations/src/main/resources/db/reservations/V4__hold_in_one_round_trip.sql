-- A hold in one database round trip (called in autocommit): the idempotent replay, the live-hold
-- cap, the booking, its lines, its seat claims, the seat event and the version bump. Seats must
-- come sorted (concurrent holds then lock overlapping seats in the same order). A seat someone
-- else holds or bought raises SQLSTATE MQ001 with the taken seats in DETAIL, which rolls the whole
-- statement back. Outcomes: HELD (booking_id, expires_at, created_at), EARLIER (booking_id of the
-- hold already made under this key) and CAP (retry_after_s until the oldest live hold runs out).
CREATE FUNCTION hold_seats(
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
    WITH bumped AS (
        INSERT INTO seat_version AS sv (showtime_id, version) VALUES (p_showtime, 1)
        ON CONFLICT (showtime_id) DO UPDATE SET version = sv.version + 1
        RETURNING sv.version)
    INSERT INTO seat_event (showtime_id, version, seat_ids, status, reason)
    SELECT p_showtime, bumped.version, p_seats, 'HELD', 'held' FROM bumped;
    RETURN QUERY SELECT 'HELD'::text, p_id, v_expires, v_created, NULL::double precision;
END
$$;
