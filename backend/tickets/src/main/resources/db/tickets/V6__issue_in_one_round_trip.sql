-- Issuing a booking's tickets in one database round trip (called in autocommit): the cinema's
-- advisory lock (change numbers of one cinema are drawn and committed in turn, see TicketStore),
-- the check that the booking was not revoked, one row per seat not issued yet (ON CONFLICT keeps
-- it one ticket per seat however often this runs), and every ticket of the booking as the answer.
-- The lock is held only while this one statement and its commit run, never across round trips.
-- A revoked booking raises SQLSTATE MQ002.
CREATE FUNCTION issue_tickets(
    p_lock bigint, p_booking uuid, p_code varchar, p_cinema uuid, p_showtime uuid, p_title varchar, p_hall varchar,
    p_starts timestamptz, p_seats varchar[], p_rows varchar[], p_numbers int[], p_categories varchar[],
    p_types varchar[], p_prices bigint[], p_currencies varchar[])
RETURNS SETOF ticket
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock);
    IF EXISTS (SELECT 1 FROM revoked_booking r WHERE r.booking_id = p_booking) THEN
        RAISE EXCEPTION 'booking % was cancelled; its tickets are revoked', p_code USING ERRCODE = 'MQ002';
    END IF;
    INSERT INTO ticket (id, booking_id, booking_code, cinema_id, showtime_id, seat_id, "row", number, category,
                        ticket_type, price_minor, currency, movie_title, hall_name, starts_at, status, issued_at, change_seq)
    SELECT gen_random_uuid(), p_booking, p_code, p_cinema, p_showtime, l.seat, l.row_label, l.number, l.category,
           l.ticket_type, l.price, l.currency, p_title, p_hall, p_starts, 'VALID', now(), nextval('ticket_change_seq')
      FROM unnest(p_seats, p_rows, p_numbers, p_categories, p_types, p_prices, p_currencies)
           AS l(seat, row_label, number, category, ticket_type, price, currency)
     ORDER BY l.seat
    ON CONFLICT (booking_id, seat_id) DO NOTHING;
    RETURN QUERY SELECT t.* FROM ticket t WHERE t.booking_id = p_booking
                  ORDER BY length(t."row"), t."row", t.number, t.seat_id;
END
$$;
