-- Events (issue 15): what this service tells the others is written here in the same transaction
-- as the change, and relayed at least once by the platform's OutboxRelay (Kafka or in-process).
CREATE TABLE outbox (
    seq          bigserial PRIMARY KEY,
    id           uuid NOT NULL UNIQUE,
    type         varchar(100) NOT NULL,
    event_key    varchar(200) NOT NULL,
    payload      bytea NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Events this service's consumers have handled, by id: a redelivered event is skipped.
CREATE TABLE consumed_events (
    consumer    varchar(100) NOT NULL,
    event_id    uuid NOT NULL,
    event_type  varchar(100) NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
