-- The cap on a customer's live holds counts them at every hold: only live holds are indexed.
CREATE INDEX booking_held_user ON booking (user_id) WHERE status = 'HELD';
