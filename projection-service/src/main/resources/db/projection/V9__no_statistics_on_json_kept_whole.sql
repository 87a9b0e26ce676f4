-- Nothing filters, joins or sorts on the JSON a row keeps whole (an event's envelope and timeline
-- entry, a breach's, a view's or a version's JSON): the planner never reads their statistics, and
-- ANALYZE spent most of its time on the event log sampling and sorting them (411-512 ms against
-- 247-319 ms without, on 1.6 million events; ADR 0009). Under load each automatic analyze of these
-- tables takes one of the machine's cores for that long.
ALTER TABLE event_log ALTER COLUMN envelope SET STATISTICS 0, ALTER COLUMN entry SET STATISTICS 0;
ALTER TABLE breach ALTER COLUMN view SET STATISTICS 0;
ALTER TABLE contract_view ALTER COLUMN view SET STATISTICS 0;
ALTER TABLE contract_version ALTER COLUMN view SET STATISTICS 0;
