-- The last report of each kiosk and cashier station (ReportDeviceState), one row per device.
-- A report replaces the row; the history of incidents lives in the metrics and the logs.
CREATE TABLE device_state (
    device_id    varchar(64)  PRIMARY KEY,
    kind         varchar(20)  NOT NULL CHECK (kind IN ('SELF_SERVICE_KIOSK', 'CASHIER_STATION')),
    cinema_id    uuid         NOT NULL,
    state        varchar(20)  NOT NULL
        CHECK (state IN ('IN_SERVICE', 'OUT_OF_ORDER', 'OFFLINE_SYNCING', 'MAINTENANCE', 'STARTING', 'SHUTTING_DOWN')),
    printer      varchar(24)  NOT NULL
        CHECK (printer IN ('PRINTER_READY', 'PRINTER_PAPER_LOW', 'PRINTER_PAPER_OUT', 'PRINTER_FAULT', 'PRINTER_UNKNOWN')),
    error_code   varchar(64)  NOT NULL DEFAULT '',
    message      varchar(500) NOT NULL DEFAULT '',
    app_version  varchar(64)  NOT NULL DEFAULT '',
    reported_by  uuid         NOT NULL,
    last_seen    timestamptz  NOT NULL,
    state_since  timestamptz  NOT NULL
);

CREATE INDEX device_state_cinema ON device_state (cinema_id, device_id);
