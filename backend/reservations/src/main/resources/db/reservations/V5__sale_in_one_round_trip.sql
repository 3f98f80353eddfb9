-- Selling a paid booking in one database round trip (called in autocommit), with the checkout's
-- CONFIRMED in the same transaction. Under the booking's row lock, in this order (the rules of
-- Sales.confirm): a booking sold already answers ALREADY (on this payment: an idempotent repeat)
-- or OTHER_PAYMENT; a cancelled one CANCELLED; one its holder gave up (released, even after it
-- ran out) RELEASED; a payment that is not approved and untouched (p_payment_ok, decided by the
-- caller from the payment) or not exactly the booking's total and currency now WRONG_PAYMENT.
-- Otherwise the booking's seats become SOLD: its own claims, free seats, or run-out holds of
-- others; if any seat belongs to someone else now, SQLSTATE MQ003 with those seats in DETAIL rolls
-- everything back. Then the booking is CONFIRMED on the payment, the seat event written with the
-- showtime's next version, and the checkout p_checkout (if given) moved from STARTED or CHARGED to
-- CONFIRMED with the payment and the change due; if that checkout has meanwhile been moved on by
-- someone else (the reconciler), SQLSTATE MQ004 rolls the sale back and the caller continues from
-- where the checkout is. Every outcome returns the booking as it is then, with its lines (ordered
-- by row and number), so nothing needs reading back.
CREATE FUNCTION sell_booking(p_booking uuid, p_payment varchar, p_payment_ok boolean, p_amount bigint, p_currency varchar,
                             p_checkout uuid, p_change_due bigint)
RETURNS TABLE (o_outcome text, o_checkout boolean, o_status varchar, o_payment varchar, o_code varchar, o_showtime uuid,
               o_cinema uuid, o_user varchar, o_currency varchar, o_fee bigint, o_total bigint, o_expires timestamptz,
               o_created timestamptz, o_title varchar, o_hall varchar, o_starts timestamptz, o_seats varchar[],
               o_rows varchar[], o_numbers int[], o_categories varchar[], o_types varchar[], o_prices bigint[])
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    b booking%ROWTYPE;
    v_outcome text;
    v_checkout boolean := false;
    v_claim varchar[];
    v_claimed int;
    v_taken text;
BEGIN
    SELECT * INTO b FROM booking WHERE booking.id = p_booking FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'NOT_FOUND'::text, false, NULL::varchar, NULL::varchar, NULL::varchar, NULL::uuid, NULL::uuid,
            NULL::varchar, NULL::varchar, NULL::bigint, NULL::bigint, NULL::timestamptz, NULL::timestamptz, NULL::varchar,
            NULL::varchar, NULL::timestamptz, NULL::varchar[], NULL::varchar[], NULL::int[], NULL::varchar[], NULL::varchar[],
            NULL::bigint[];
        RETURN;
    END IF;
    IF b.status = 'CONFIRMED' THEN
        v_outcome := CASE WHEN b.payment_id = p_payment THEN 'ALREADY' ELSE 'OTHER_PAYMENT' END;
    ELSIF b.status = 'CANCELLED' THEN
        v_outcome := 'CANCELLED';
    ELSIF b.status = 'RELEASED' OR b.released_at IS NOT NULL THEN
        v_outcome := 'RELEASED';
    ELSIF NOT p_payment_ok OR b.total_minor <> p_amount OR rtrim(b.currency) <> p_currency THEN
        v_outcome := 'WRONG_PAYMENT';
    ELSE
        -- Sorted, so that concurrent sales and holds lock overlapping seats in the same order.
        SELECT array_agg(l.seat_id ORDER BY l.seat_id) INTO v_claim FROM booking_line l WHERE l.booking_id = p_booking;
        INSERT INTO seat_claim AS sc (showtime_id, seat_id, booking_id, status, expires_at)
        SELECT b.showtime_id, s, p_booking, 'SOLD', NULL FROM unnest(v_claim) AS s
        ON CONFLICT (showtime_id, seat_id) DO UPDATE
           SET booking_id = excluded.booking_id, status = 'SOLD', expires_at = NULL
         WHERE sc.booking_id = excluded.booking_id OR (sc.status = 'HELD' AND sc.expires_at < now());
        GET DIAGNOSTICS v_claimed = ROW_COUNT;
        IF v_claimed < coalesce(cardinality(v_claim), 0) THEN
            SELECT string_agg(c.seat_id, ', ' ORDER BY c.seat_id) INTO v_taken FROM seat_claim c
             WHERE c.showtime_id = b.showtime_id AND c.seat_id = ANY (v_claim) AND c.booking_id <> p_booking;
            RAISE EXCEPTION 'seats lost' USING ERRCODE = 'MQ003', DETAIL = coalesce(v_taken, '');
        END IF;
        UPDATE booking SET status = 'CONFIRMED', payment_id = p_payment WHERE booking.id = p_booking;
        b.status := 'CONFIRMED';
        b.payment_id := p_payment;
        WITH bumped AS (
            INSERT INTO seat_version AS sv (showtime_id, version) VALUES (b.showtime_id, 1)
            ON CONFLICT (showtime_id) DO UPDATE SET version = sv.version + 1
            RETURNING sv.version)
        INSERT INTO seat_event (showtime_id, version, seat_ids, status, reason)
        SELECT b.showtime_id, bumped.version, v_claim, 'SOLD', 'sold' FROM bumped;
        IF p_checkout IS NOT NULL THEN
            UPDATE checkout SET state = 'CONFIRMED', payment_id = p_payment,
                   change_due_minor = CASE WHEN p_change_due > 0 THEN p_change_due ELSE checkout.change_due_minor END,
                   updated_at = now()
             WHERE checkout.id = p_checkout AND checkout.state IN ('STARTED', 'CHARGED');
            IF NOT FOUND THEN
                RAISE EXCEPTION 'checkout moved on' USING ERRCODE = 'MQ004';
            END IF;
            v_checkout := true;
        END IF;
        v_outcome := 'SOLD';
    END IF;
    RETURN QUERY
    SELECT v_outcome, v_checkout, b.status, b.payment_id, b.code::varchar, b.showtime_id, b.cinema_id, b.user_id,
           rtrim(b.currency)::varchar, b.fee_minor, b.total_minor, b.expires_at, b.created_at, b.movie_title, b.hall_name,
           b.starts_at,
           array_agg(l.seat_id ORDER BY l."row", l.number), array_agg(l."row" ORDER BY l."row", l.number),
           array_agg(l.number ORDER BY l."row", l.number), array_agg(l.category ORDER BY l."row", l.number),
           array_agg(l.ticket_type ORDER BY l."row", l.number), array_agg(l.price_minor ORDER BY l."row", l.number)
      FROM booking_line l WHERE l.booking_id = p_booking;
END
$$;
