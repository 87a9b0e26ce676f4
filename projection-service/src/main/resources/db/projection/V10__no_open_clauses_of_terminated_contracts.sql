-- open_clause lists the open clauses the parties can still fill in. A terminated contract accepts
-- nothing more, so its open clauses are neither work to do nor overdue; the writer stopped keeping
-- them on 2026-12-03 (ContractView#isOverdue). Before, they stayed in /api/open-clauses?overdue=true
-- and in the supplier's scorecard count of clauses past their review-by date for good.
DELETE FROM open_clause o USING contract_view v WHERE v.contract_id = o.contract_id AND v.status = 'TERMINATED';
