-- A breach both parties settled as withdrawn stays in the record and counts against nobody: views
-- carry withdrawnCount (the shared fold, from 2026-12-03) and the supplier's scorecard counts
-- breaches less those withdrawn. Views, versions and scorecard rows stored before learn the count
-- from the event log (a view without it reads as 0).
CREATE TEMPORARY TABLE withdrawal ON COMMIT DROP AS
SELECT contract_id, sequence
FROM event_log
WHERE type = 'DisputeSettled' AND envelope::jsonb -> 'payload' ->> 'outcome' = 'WITHDRAWN';

UPDATE contract_view v
SET view = (view::jsonb || jsonb_build_object('withdrawnCount', w.n))::text
FROM (SELECT contract_id, count(*) AS n FROM withdrawal GROUP BY contract_id) w
WHERE w.contract_id = v.contract_id;

UPDATE contract_version v
SET view = (view::jsonb || jsonb_build_object('withdrawnCount', w.n))::text
FROM (SELECT v2.contract_id, v2.major, v2.minor, count(*) AS n
      FROM contract_version v2 JOIN withdrawal d ON d.contract_id = v2.contract_id AND d.sequence <= v2.sequence
      GROUP BY v2.contract_id, v2.major, v2.minor) w
WHERE w.contract_id = v.contract_id AND w.major = v.major AND w.minor = v.minor;

UPDATE scorecard_contract s
SET breaches = s.breaches - w.n
FROM (SELECT contract_id, count(*) AS n FROM withdrawal GROUP BY contract_id) w
WHERE w.contract_id = s.contract_id;
