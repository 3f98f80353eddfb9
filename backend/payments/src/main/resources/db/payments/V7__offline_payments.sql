-- Payments a terminal took while offline (cash into the drawer, or the card terminal's own offline
-- approval), recorded when its sales are uploaded: no gateway, taken by the seller in their shift
-- at the time of the sale. Their idempotency key is "offline:<sale id>".
ALTER TABLE payments ADD COLUMN offline boolean NOT NULL DEFAULT false;
CREATE INDEX payments_offline_by_shift ON payments (shift_id) WHERE offline;
