-- A contract's snapshot holds its whole state: about 130-190 kB of JSON for a contract of 400
-- breaches, which PostgreSQL compresses when it stores the row. Its default method (pglz) took
-- 2.3-2.7 ms a snapshot on this machine's server, the second most expensive statement while P1's
-- contracts passed 400 events together; lz4 took 0.27 ms and compressed as well (ADR 0009).
-- Snapshots already stored keep their compression until they are replaced. A server built
-- without lz4 keeps pglz: snapshots are an optimisation, and nothing else depends on it.
DO $$
BEGIN
    ALTER TABLE snapshot_event_entry ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no lz4; snapshots stay compressed with pglz';
END
$$;
