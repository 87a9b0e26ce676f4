package com.slaledger.projection.ingest;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rebuild's upsert of many rows into {@code table}: the rows are copied into a temporary table
 * like it, {@code <table>_staged}, emptied at each commit, and upserted from there by one statement,
 * {@code upsert}, which holds the live writer's rule for that table. A rebuild's batch replaces the
 * rows of hundreds of contracts from earlier batches; as updates or a multi-row insert, the
 * driver's handling of their parameters was the larger cost of its writers (ADR 0009).
 *
 * <p>Within a transaction only: the staged rows go at each commit. Needs the {@code TEMPORARY}
 * privilege ({@code ProjectionWriter.mayStage}). The connection keeps its staging tables until it
 * discards them ({@code RebuildJob} does, when a lane closes).
 *
 * @param columns the staged columns, as the {@code COPY} writes them
 * @param binary whether the rows go in {@linkplain CopyRows#copyBinary binary} (their values' Java
 *     types match the columns) or in text ({@link CopyRows#copy}: arrays of numbers, {@code
 *     numeric})
 * @param upsert the statement that upserts the staged rows into the table
 */
public record StagedRows(String table, String columns, boolean binary, String upsert) {

    /** The staged rows inserted as they are, with {@code onConflict} as the rule for a row stored already. */
    public static StagedRows of(String table, String columns, boolean binary, String onConflict) {
        return new StagedRows(
                table,
                columns,
                binary,
                "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + table + "_staged"
                        + onConflict);
    }

    public void upsert(JdbcTemplate jdbc, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Each statement would commit on its own, and the commit empty the staged rows.
            throw new IllegalStateException("rows are staged within a transaction only");
        }
        String staged = table + "_staged";
        // Made again by a batch after one that rolled back, with its table.
        jdbc.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + staged + " (LIKE " + table
                + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        String target = staged + " (" + columns + ")";
        if (binary) {
            CopyRows.copyBinary(jdbc, target, rows);
        } else {
            CopyRows.copy(jdbc, target, rows);
        }
        jdbc.update(upsert);
    }
}
