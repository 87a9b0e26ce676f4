-- Axon parses every stored event's time_stamp while it reads the store for its streaming
-- processors, before any handler: one row whose time is not an instant stops the publisher (and
-- every reader of the store) for all contracts, retrying without end (ADR 0018). The service
-- writes ISO-8601 UTC instants; refuse anything else at the source. With the append-only trigger,
-- only a superuser's DDL or a damaged disk could still bring such a row in.
ALTER TABLE domain_event_entry ADD CONSTRAINT domain_event_entry_time_stamp_is_an_instant CHECK (
    time_stamp ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$'
);
