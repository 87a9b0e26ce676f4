-- PostgreSQL server settings for SLA Ledger's write path (ADR 0019). Applied with ALTER SYSTEM, so
-- they live in postgresql.auto.conf: docker-compose runs this file once when the data volume is
-- initialised (the image restarts the server afterwards), benchmarks/run before every run (then
-- reloads the configuration; both settings take effect without a restart).
--
-- The event store and the read models write several kilobytes of WAL per command. With the
-- default max_wal_size (1GB) P1's load forced a checkpoint every 28-30 s ("checkpoints are
-- occurring too frequently"), and after each checkpoint the first change to every page writes the
-- whole page into the WAL again. Checkpoints now come from checkpoint_timeout (5 min).
ALTER SYSTEM SET max_wal_size = '4GB';
