-- Door scans uploaded from door scanners' journals (UploadDoorScans). The door chooses scan_id
-- when it scans, so a journal uploaded again (a retry, a crash after the upload) stores nothing
-- twice and answers the receipt stored the first time.
CREATE TABLE door_scan (
    scan_id            uuid         PRIMARY KEY,
    device_id          varchar(64)  NOT NULL,
    cinema_id          uuid         NOT NULL,
    ticket_id          uuid,
    showtime_id        uuid,
    scanned_at         timestamptz  NOT NULL,
    result             varchar(20)  NOT NULL,
    offline            boolean      NOT NULL,
    outcome            varchar(30)  NOT NULL
        CHECK (outcome IN ('RECORDED', 'ADMITTED', 'DUPLICATE_ADMISSION', 'ADMITTED_AFTER_REVOCATION', 'NOT_A_TICKET')),
    first_device_id    varchar(64),
    first_admitted_at  timestamptz,
    uploaded_by        varchar(100) NOT NULL,
    uploaded_at        timestamptz  NOT NULL DEFAULT now()
);
-- "Duplicates today" on the door screen.
CREATE INDEX door_scan_conflicts ON door_scan (cinema_id, uploaded_at) WHERE outcome = 'DUPLICATE_ADMISSION';

-- Which device admitted a ticket first (an online CheckIn that named its door, or the first
-- offline admission uploaded). The primary key decides between two doors uploading at once.
CREATE TABLE door_admission (
    ticket_id    uuid         PRIMARY KEY REFERENCES ticket (id),
    device_id    varchar(64)  NOT NULL,
    admitted_at  timestamptz  NOT NULL,
    offline      boolean      NOT NULL
);
