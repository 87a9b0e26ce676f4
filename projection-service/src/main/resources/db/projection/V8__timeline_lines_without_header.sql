-- A line of the audit timeline no longer repeats its envelope's header (sequence, type, times,
-- actor, commandId, hash), which the same row holds, and stores a clause the event left as it was
-- once: "before" null and "clauseUnchanged" true (TimelineLine, ADR 0015). Lines written before
-- (those that still hold a header) are rewritten to that form; they read back as the same timeline.
UPDATE event_log SET entry = (
    SELECT CASE
               WHEN line -> 'before' <> 'null'::jsonb AND line -> 'before' = line -> 'after'
                   THEN line || '{"before": null, "clauseUnchanged": true}'::jsonb
               ELSE line || '{"clauseUnchanged": false}'::jsonb
           END::text
    FROM (SELECT entry::jsonb - ARRAY['sequence', 'type', 'occurredAt', 'recordedAt', 'actor', 'commandId', 'hash']
              AS line) AS stored)
WHERE entry::jsonb -> 'sequence' IS NOT NULL;
