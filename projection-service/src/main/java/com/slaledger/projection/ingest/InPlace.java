package com.slaledger.projection.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows updated in place, where the writer knows they are stored (ADR 0009, "Rows rewritten only
 * where they changed"): an update instead of an upsert, which would lock each row first.
 */
public final class InPlace {

    private InPlace() {}

    /**
     * Updates each row with its parameters, in one batch, and returns the rows whose update found
     * none to change: rows that should have been there and were not, for the caller to insert.
     */
    public static <T> List<T> update(JdbcTemplate jdbc, String sql, List<T> rows, Function<T, Object[]> parameters) {
        int[] updated = jdbc.batchUpdate(sql, rows.stream().map(parameters).toList());
        List<T> missing = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                missing.add(rows.get(i));
            }
        }
        return missing;
    }
}
