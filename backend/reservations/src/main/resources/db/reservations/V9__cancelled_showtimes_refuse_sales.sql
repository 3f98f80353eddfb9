-- Issue 15: no sale on a cancelled showtime, decided by the database in the sale's own statement.
-- Reservations records a showtime here when it handles showtime.cancelled (ShowtimeEventsConsumer),
-- committed BEFORE it starts cancelling the showtime's sold bookings. From then on any change of a
-- booking of that showtime to CONFIRMED — sell_booking() (V5) or any later path that sells — is
-- refused by the trigger below with SQLSTATE MQ005, which rolls the whole sale back (seats, the
-- checkout's CONFIRMED, the booking.confirmed event). Sales turns MQ005 into "the showtime was
-- cancelled": the checkout refunds the payment (its one compensation path) and the hold is closed.
-- A sale whose statement began before the row was committed is caught by the cancellation's
-- second pass (marquee.reservations.cancel.late.sales.wait), as before.
CREATE TABLE cancelled_showtime (
    showtime_id  uuid PRIMARY KEY,
    cancelled_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION refuse_sale_on_cancelled_showtime() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cancelled_showtime WHERE showtime_id = NEW.showtime_id) THEN
        RAISE EXCEPTION 'showtime % was cancelled', NEW.showtime_id USING ERRCODE = 'MQ005';
    END IF;
    RETURN NEW;
END $$;

-- BEFORE, so it runs ahead of the AFTER trigger that writes booking.confirmed (V7_1).
CREATE TRIGGER refuse_sale_on_cancelled_showtime BEFORE UPDATE OF status ON booking
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM 'CONFIRMED' AND NEW.status = 'CONFIRMED')
    EXECUTE FUNCTION refuse_sale_on_cancelled_showtime();
