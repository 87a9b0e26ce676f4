-- Open clauses and their review-by dates, kept in the same transaction as the events that open or
-- fill them in. ReviewScanner reads it to issue MarkReviewDue once a date has passed (ADR 0003).
CREATE TABLE review_schedule (
    contract_id VARCHAR(64) NOT NULL,
    clause_id   VARCHAR(64) NOT NULL,
    review_by   DATE        NOT NULL,
    PRIMARY KEY (contract_id, clause_id)
);

CREATE INDEX review_schedule_review_by_idx ON review_schedule (review_by);
