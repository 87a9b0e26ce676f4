-- Idempotency: one row per commandId that reached the Contract aggregate, with the result it got.
-- Accepted commands write their row in the same transaction as their events (IdempotencyInterceptor),
-- so a repeated commandId can never cause a second effect: the primary key decides.
CREATE TABLE processed_command (
    command_id   VARCHAR(128) NOT NULL PRIMARY KEY,
    contract_id  VARCHAR(64)  NOT NULL,
    type         VARCHAR(64)  NOT NULL,
    result       TEXT         NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);
