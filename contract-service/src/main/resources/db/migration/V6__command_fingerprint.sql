-- What a commandId was first used for: SHA-256 of contract, type and canonical payload. A resend
-- with the same fingerprint gets the stored result; the same id for anything else is refused with
-- COMMAND_ID_REUSED. Rows stored before this column existed are compared by contract and type.
ALTER TABLE processed_command ADD COLUMN fingerprint VARCHAR(64);
