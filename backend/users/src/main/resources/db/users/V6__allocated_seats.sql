-- Seats set aside for a terminal's offline selling (reservations OfflineSalesService), as the
-- terminal last reported them (GET /devices, marquee_device_allocated_seats{device}).
ALTER TABLE device_state ADD COLUMN allocated_seats integer NOT NULL DEFAULT 0 CHECK (allocated_seats >= 0);
