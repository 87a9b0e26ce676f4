-- Each review-by date carries the sequence of the event that set it (ADR 0003). The scanner removes
-- a row it found no longer due only while it still holds that very date-setting: a clause reopened
-- in the meantime, even with the same date, keeps its row. Rows from before carry their contract's
-- last sequence now, which is at least the one that set them and below any that sets them later.
ALTER TABLE review_schedule ADD COLUMN scheduled_at BIGINT;

UPDATE review_schedule r
SET scheduled_at = coalesce(
        (SELECT max(e.sequence_number) FROM domain_event_entry e WHERE e.aggregate_identifier = r.contract_id), 0);

ALTER TABLE review_schedule ALTER COLUMN scheduled_at SET NOT NULL;

-- The scan pages through due reviews in this order: a page of due rows is one index range.
DROP INDEX review_schedule_review_by_idx;
CREATE INDEX review_schedule_due_idx ON review_schedule (review_by, contract_id, clause_id);
