-- Every reprint of a ticket (a duplicate printed at the box office): who asked, which manager
-- approved it, when and why. A retried ReprintTickets with the same key finds its rows and counts
-- nothing again (the unique key); the ticket's reprint_count is raised in the same transaction.
CREATE TABLE reprint (
    id               uuid         PRIMARY KEY,
    ticket_id        uuid         NOT NULL REFERENCES ticket (id),
    idempotency_key  varchar(100) NOT NULL,
    reprint_number   integer      NOT NULL CHECK (reprint_number > 0),
    reason           varchar(200) NOT NULL,
    requested_by     varchar(100) NOT NULL,
    approved_by      varchar(100) NOT NULL,
    reprinted_at     timestamptz  NOT NULL,
    CONSTRAINT reprint_once_per_key UNIQUE (idempotency_key, ticket_id),
    CONSTRAINT reprint_numbers_in_turn UNIQUE (ticket_id, reprint_number)
);
