-- The first print of a booking's tickets (at the kiosk that sold them, or at the first pickup):
-- when, and under which client key, so a retried first print prints originals again and every
-- later pickup prints counted duplicates (a row in reprint, reprint_count raised).
ALTER TABLE ticket ADD COLUMN first_printed_at timestamptz;
ALTER TABLE ticket ADD COLUMN first_print_key varchar(100);
