-- A cancellation is first REQUESTED (the booking is still sold; its refund is being asked for),
-- then CANCELLED (refund made, seats freed; tickets revoked and card pay-outs finished after,
-- retried by the reconciler until done). Rows from before this migration were cancelled first.
ALTER TABLE cancellation ADD COLUMN stage varchar(10) NOT NULL DEFAULT 'CANCELLED'
    CHECK (stage IN ('REQUESTED', 'CANCELLED'));
ALTER TABLE cancellation ADD COLUMN kind varchar(8) NOT NULL DEFAULT 'CANCEL' CHECK (kind IN ('CANCEL', 'VOID'));

-- When the holder gave the hold up. A released hold is never sold, even when it had run out
-- before the release (its status then stays EXPIRED, as before) and money for it arrives late.
ALTER TABLE booking ADD COLUMN released_at timestamptz;
