-- Rows up to a page (8160 bytes) are stored as written. PostgreSQL's default compresses every row
-- over about 2 kB with pglz: three in ten event log rows (an envelope and a timeline line) and most
-- contract views, at a tenth of the event log's COPY time for a tenth of its space (ADR 0015).
ALTER TABLE event_log SET (toast_tuple_target = 8160);
ALTER TABLE contract_view SET (toast_tuple_target = 8160);
ALTER TABLE contract_version SET (toast_tuple_target = 8160);
ALTER TABLE breach SET (toast_tuple_target = 8160);
