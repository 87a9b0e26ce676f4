-- Which party issued the command a commandId was first used for (CLIENT, SUPPLIER, or SYSTEM for
-- the service's own commands). The same type and payload from the other party is another command:
-- the supplier signing under the id the client signed with is COMMAND_ID_REUSED, not the client's
-- result marked as a duplicate. Rows stored before this column existed are compared without it.
ALTER TABLE processed_command ADD COLUMN party VARCHAR(16);
