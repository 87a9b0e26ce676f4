-- Read models of projection-service, in their own schema ("projection"). All of them are derived
-- from contract.events and can be rebuilt from it (RebuildJob builds a fresh schema, then swaps).

-- Every event as received, once per (contract, sequence): idempotency, history, time travel, export.
CREATE TABLE event_log (
    contract_id      VARCHAR(64)  NOT NULL,
    sequence         BIGINT       NOT NULL,
    type             VARCHAR(64)  NOT NULL,
    occurred_at      TIMESTAMPTZ  NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    contract_version VARCHAR(16),
    envelope         TEXT         NOT NULL,
    PRIMARY KEY (contract_id, sequence)
);
CREATE INDEX event_log_recorded_at_idx ON event_log (contract_id, recorded_at);

-- The current view of each contract (ContractFold over all its events).
CREATE TABLE contract_view (
    contract_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    status        VARCHAR(16) NOT NULL,
    client_id     VARCHAR(64) NOT NULL,
    supplier_id   VARCHAR(64) NOT NULL,
    version       VARCHAR(16),
    last_sequence BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    view          TEXT        NOT NULL
);
CREATE INDEX contract_view_client_idx ON contract_view (client_id);
CREATE INDEX contract_view_supplier_idx ON contract_view (supplier_id);
CREATE INDEX contract_view_status_idx ON contract_view (status);

-- The contract as it stood when it reached each version (1.0, 1.1, ..., 2.0, ...).
CREATE TABLE contract_version (
    contract_id VARCHAR(64) NOT NULL,
    major       INTEGER     NOT NULL,
    minor       INTEGER     NOT NULL,
    version     VARCHAR(16) NOT NULL,
    sequence    BIGINT      NOT NULL,
    reached_at  TIMESTAMPTZ NOT NULL,
    view        TEXT        NOT NULL,
    PRIMARY KEY (contract_id, major, minor)
);

-- Open clauses across contracts: the portfolio of passages to fill in together.
CREATE TABLE open_clause (
    contract_id VARCHAR(64)  NOT NULL,
    clause_id   VARCHAR(64)  NOT NULL,
    heading     VARCHAR(200) NOT NULL,
    intent      TEXT,
    review_by   DATE,
    review_due  BOOLEAN      NOT NULL,
    client_id   VARCHAR(64)  NOT NULL,
    supplier_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (contract_id, clause_id)
);
CREATE INDEX open_clause_review_by_idx ON open_clause (review_by);

-- Events that arrived ahead of a missing one; applied once the gap is filled.
CREATE TABLE parked_event (
    contract_id VARCHAR(64) NOT NULL,
    sequence    BIGINT      NOT NULL,
    envelope    TEXT        NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (contract_id, sequence)
);
