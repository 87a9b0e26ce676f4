-- Contracts whose next event could not be applied (unreadable, or refused by the fold or the
-- database): final for that contract only. Its later events wait in parked_event, in order, so
-- nothing is lost; the other contracts go on. A rebuild after a fix applies them from the topic.
CREATE TABLE parked_contract (
    contract_id VARCHAR(64) NOT NULL PRIMARY KEY,
    sequence    BIGINT,
    reason      TEXT        NOT NULL,
    raw         BYTEA,
    parked_at   TIMESTAMPTZ NOT NULL
);
