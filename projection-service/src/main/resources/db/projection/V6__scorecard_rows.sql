-- What each contract adds to its supplier's scorecard, written with its view (ADR 0016): a scorecard
-- is an aggregate over these rows, not a read of every view. V7 fills them for stored views.
CREATE TABLE scorecard_contract (
    contract_id    VARCHAR(64)        NOT NULL PRIMARY KEY,
    supplier_id    VARCHAR(64)        NOT NULL,
    supplier_name  TEXT,
    client_id      VARCHAR(64)        NOT NULL,
    active         BOOLEAN            NOT NULL,
    signed         BOOLEAN            NOT NULL,
    reached_two    BOOLEAN            NOT NULL,
    activated_at   TIMESTAMPTZ,
    -- when the contract reached version 2.0 (its contract_version row), if it did
    two_point_zero_at TIMESTAMPTZ,
    breaches       BIGINT             NOT NULL,
    ratings        INTEGER            NOT NULL,
    rating_sum     INTEGER            NOT NULL,
    recommends     INTEGER            NOT NULL,
    -- days from opening to filling in, of each clause agreed after it had been open
    filled_in_days DOUBLE PRECISION[] NOT NULL
);
CREATE INDEX scorecard_contract_supplier_idx ON scorecard_contract (supplier_id);

-- A contract's service credits of one month.
CREATE TABLE scorecard_month (
    contract_id VARCHAR(64) NOT NULL,
    month       VARCHAR(7)  NOT NULL,
    supplier_id VARCHAR(64) NOT NULL,
    currency    CHAR(3)     NOT NULL,
    credited    NUMERIC     NOT NULL,
    cap_reached BOOLEAN     NOT NULL,
    PRIMARY KEY (contract_id, month)
);
