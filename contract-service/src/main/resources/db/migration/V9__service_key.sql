-- Secrets the service makes for itself: one row each, written by the first instance that needs it
-- and read by every instance after, so a restart or a second instance keeps it. 'sender-vouch' is
-- the HMAC key that seals the service's word for the sender of a dead letter (ADR 0022). Only the
-- service's own logins read this table.
CREATE TABLE service_key (
    name VARCHAR(64) PRIMARY KEY,
    secret BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${app_role}') THEN
        GRANT SELECT, INSERT ON service_key TO ${app_role};
    END IF;
END
$$;
