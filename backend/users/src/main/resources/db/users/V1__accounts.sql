-- Accounts of every kind: customers, staff (cashier, manager) and kiosk devices.
CREATE TABLE account (
    id               uuid PRIMARY KEY,
    email            varchar(254) NOT NULL,
    password_hash    varchar(100) NOT NULL,
    display_name     varchar(100) NOT NULL,
    role             varchar(16)  NOT NULL CHECK (role IN ('CUSTOMER', 'CASHIER', 'MANAGER', 'KIOSK')),
    cinema_id        uuid,
    staff_login      varchar(32),
    pin_hash         varchar(100),
    device_id        varchar(64),
    failed_logins    integer      NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT staff_and_devices_belong_to_a_cinema
        CHECK (role = 'CUSTOMER' OR role = 'MANAGER' OR cinema_id IS NOT NULL)
);

-- E-mail addresses are unique regardless of case; stored lower-case.
CREATE UNIQUE INDEX account_email_key ON account (lower(email));
CREATE UNIQUE INDEX account_staff_login_key ON account (lower(staff_login)) WHERE staff_login IS NOT NULL;
CREATE UNIQUE INDEX account_device_id_key ON account (device_id) WHERE device_id IS NOT NULL;
