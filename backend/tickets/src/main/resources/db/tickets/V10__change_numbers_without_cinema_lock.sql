-- Change numbers without a lock held through the commit (issue 12).
--
-- Before: every writer of a cinema's tickets took the cinema's advisory lock before drawing
-- change_seq and held it through its durable commit, so that the numbers of one cinema committed
-- in order and the offline copies' feed (ListTicketsForSync: "changes after the last one I saw")
-- never skipped a number that committed late. That capped a cinema at about one commit (an fsync)
-- at a time, ~150 purchases/s.
--
-- Now: change_seq is still drawn from ticket_change_seq, and every change also records the
-- transaction that made it (change_xid, the writer's top-level transaction id). The feed orders by
-- (change_xid, change_seq) and returns only changes whose transaction is older than the oldest
-- transaction still running (pg_snapshot_xmin of the reader's own snapshot). Every transaction that
-- can still commit has an id at or above that horizon — whether it is running now or starts later —
-- so it sorts after everything already returned: no change is ever skipped, and writers never wait
-- for each other. A change waits in the feed only while an older transaction of the database is
-- still running (milliseconds on the hot paths).
--
-- How a writer takes a change number (the one mechanism, for every path: issue, revoke, reprint,
-- check-in, door scans, offline tickets ...): set change_seq = nextval('ticket_change_seq') in the
-- INSERT or UPDATE, exactly as before. The trigger below stamps change_xid on every INSERT and on
-- every UPDATE that draws a new change_seq; an UPDATE that changes what the feed carries without
-- drawing one gets its number from the trigger too, so no change can slip past the feed.
-- No advisory lock is needed for the feed's sake any more.

-- Rows written before this version keep change_xid 0: they committed in change_seq order under the
-- old lock, so an old cursor "N" is the position (0, N) and sees every later change.
ALTER TABLE ticket ADD COLUMN change_xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE ticket ALTER COLUMN change_xid DROP DEFAULT;

CREATE INDEX ticket_sync_order ON ticket (cinema_id, change_xid, change_seq);
DROP INDEX ticket_changes_by_cinema;

CREATE FUNCTION ticket_change_stamp() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.change_seq = OLD.change_seq THEN
        IF (NEW.status, NEW.used_at, NEW.revoked_at, NEW.revoke_reason, NEW.reprint_count, NEW.booking_code,
            NEW.seat_id, NEW.starts_at, NEW.price_minor, NEW.ticket_type)
           IS NOT DISTINCT FROM
           (OLD.status, OLD.used_at, OLD.revoked_at, OLD.revoke_reason, OLD.reprint_count, OLD.booking_code,
            OLD.seat_id, OLD.starts_at, OLD.price_minor, OLD.ticket_type) THEN
            RETURN NEW;   -- nothing the feed carries changed (e.g. first_printed_at)
        END IF;
        NEW.change_seq := nextval('ticket_change_seq');
    END IF;
    NEW.change_xid := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER ticket_change_stamp BEFORE INSERT OR UPDATE ON ticket
    FOR EACH ROW EXECUTE FUNCTION ticket_change_stamp();

-- issue_tickets without the cinema's lock. What the lock also did — keep a late issue from bringing
-- valid tickets back after RevokeTickets of the same booking committed — is now done by a lock on
-- the booking (advisory, two-key form: key 1 = 0x746b74 "tkt", key 2 = hashtext of the booking id),
-- which RevokeTickets takes too. p_lock is kept in the signature for callers and ignored.
CREATE OR REPLACE FUNCTION issue_tickets(
    p_lock bigint, p_booking uuid, p_code varchar, p_cinema uuid, p_showtime uuid, p_title varchar, p_hall varchar,
    p_starts timestamptz, p_seats varchar[], p_rows varchar[], p_numbers int[], p_categories varchar[],
    p_types varchar[], p_prices bigint[], p_currencies varchar[])
RETURNS SETOF ticket
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7629684, hashtext(p_booking::text));
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
