-- Door staff (role DOOR: a staff login and PIN, may only check tickets in) and door scanners as
-- devices; each device also reports its offline journal: how many entries are not yet uploaded,
-- the oldest of them, and its last successful sync (GET /devices, marquee_device_* gauges).
ALTER TABLE account DROP CONSTRAINT account_role_check;
ALTER TABLE account ADD CONSTRAINT account_role_check CHECK (role IN ('CUSTOMER', 'CASHIER', 'MANAGER', 'KIOSK', 'DOOR'));

ALTER TABLE device_state DROP CONSTRAINT device_state_kind_check;
ALTER TABLE device_state ADD CONSTRAINT device_state_kind_check
    CHECK (kind IN ('SELF_SERVICE_KIOSK', 'CASHIER_STATION', 'DOOR_STATION'));
ALTER TABLE device_state ADD COLUMN unsynced_journal integer NOT NULL DEFAULT 0 CHECK (unsynced_journal >= 0);
ALTER TABLE device_state ADD COLUMN oldest_unsynced_at timestamptz;
ALTER TABLE device_state ADD COLUMN last_sync_at timestamptz;
