-- Breaches in rows of their own (ADR 0015): an event about a breach writes one row, whatever the
-- contract's size, and the contract's view holds its clauses and totals, not every breach.
-- A view stored before this migration still holds its breaches; the writer moves them into rows
-- the next time the contract changes, and a rebuild moves them all.
CREATE TABLE breach (
    contract_id VARCHAR(64) NOT NULL,
    breach_id   VARCHAR(64) NOT NULL,
    sequence    BIGINT      NOT NULL,
    clause_id   VARCHAR(64) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    view        TEXT        NOT NULL,
    PRIMARY KEY (contract_id, breach_id)
);
-- Pages of a contract's breaches in the order they were recorded.
CREATE UNIQUE INDEX breach_sequence_idx ON breach (contract_id, sequence);

-- Views stored before this migration held their breaches: move them into rows, each with the
-- sequence of the event that recorded it (now part of the breach), and keep their number as
-- breachCount.
INSERT INTO breach (contract_id, breach_id, sequence, clause_id, occurred_at, view)
SELECT v.contract_id, b.value ->> 'breachId', e.sequence, b.value ->> 'clauseId',
       (b.value ->> 'occurredAt')::timestamptz, jsonb_set(b.value, '{sequence}', to_jsonb(e.sequence))::text
FROM contract_view v
CROSS JOIN LATERAL jsonb_array_elements(v.view::jsonb -> 'breaches') AS b
JOIN event_log e ON e.contract_id = v.contract_id AND e.type = 'BreachRecorded'
                AND e.envelope::jsonb -> 'payload' ->> 'breachId' = b.value ->> 'breachId';

UPDATE contract_view
SET view = (view::jsonb - 'breaches'
            || jsonb_build_object('breachCount', jsonb_array_length(view::jsonb -> 'breaches')))::text
WHERE view::jsonb ? 'breaches';

UPDATE contract_version
SET view = (view::jsonb - 'breaches'
            || jsonb_build_object('breachCount', jsonb_array_length(view::jsonb -> 'breaches')))::text
WHERE view::jsonb ? 'breaches';
