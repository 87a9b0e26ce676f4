package com.slaledger.projection.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.projection.ProjectionServiceTest;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The writer's delete of a contract's scorecard months reads the key's index even when the table's
 * statistics date from when it held a few contracts, as in a rebuild's fresh tables and in a live
 * table that grew since its last analysis. The batch form it replaced ({@code contract_id = ANY
 * (?)} over a batch's 900 contracts) was planned as a scan of the whole table there: over a second
 * a batch in the full benchmark's rebuild (ADR 0009).
 */
@ProjectionServiceTest
class ScorecardRowsPlanTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDeleteOfAContractsMonthsUsesTheKeyUnderStaleStatistics() {
        List<String> plans = jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            List<String> explained = new ArrayList<>();
            String schema = connection.getSchema();
            try (Statement sql = connection.createStatement()) {
                sql.execute("DROP SCHEMA IF EXISTS plan_check CASCADE");
                sql.execute("CREATE SCHEMA plan_check");
                sql.execute("CREATE TABLE plan_check.scorecard_month (LIKE " + schema
                        + ".scorecard_month INCLUDING ALL) WITH (autovacuum_enabled = false)");
                // Analysed with 200 contracts of twelve months each ...
                sql.execute("""
                        INSERT INTO plan_check.scorecard_month
                        SELECT 'early-' || c, '2026-' || lpad(m::text, 2, '0'), 's', 'EUR', 1, false
                        FROM generate_series(1, 200) c, generate_series(1, 12) m""");
                sql.execute("ANALYZE plan_check.scorecard_month");
                // ... then 60,000 contracts more, with no analysis since.
                sql.execute("""
                        INSERT INTO plan_check.scorecard_month
                        SELECT 'c-' || c, '2026-' || lpad(m::text, 2, '0'), 's', 'EUR', 1, false
                        FROM generate_series(1, 60000) c, generate_series(1, 3) m""");
                sql.execute("SET search_path = plan_check");
                try {
                    // As first executed (a plan for the value) ...
                    explained.add(plan(sql, "EXPLAIN " + ScorecardRows.DELETE_MONTHS.replace("?", "'c-77'")));
                    // ... and as the driver keeps it prepared after five executions (a generic plan).
                    sql.execute("PREPARE delete_months(varchar) AS " + ScorecardRows.DELETE_MONTHS.replace("?", "$1"));
                    sql.execute("SET plan_cache_mode = force_generic_plan");
                    explained.add(plan(sql, "EXPLAIN EXECUTE delete_months('c-77')"));
                } finally {
                    sql.execute("DEALLOCATE ALL");
                    sql.execute("RESET plan_cache_mode");
                    sql.execute("SET search_path = " + schema);
                    sql.execute("DROP SCHEMA plan_check CASCADE");
                }
            }
            return explained;
        });

        assertThat(plans)
                .hasSize(2)
                .allSatisfy(plan ->
                        assertThat(plan).contains("scorecard_month_pkey").doesNotContain("Seq Scan"));
    }

    private static String plan(Statement sql, String explain) throws java.sql.SQLException {
        StringBuilder plan = new StringBuilder();
        try (var rows = sql.executeQuery(explain)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
