package com.slaledger.projection;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For tests that write the live read models through the writer directly, not through {@code
 * contract.events}: their contracts are forgotten again after each test. Left there, they are
 * contracts the topic never had, and a later rebuild in the same test JVM would rightly refuse to
 * swap in read models without them (ADR 0040).
 */
public final class WrittenOutsideTheTopic {

    private WrittenOutsideTheTopic() {}

    /** Deletes the rows of the contracts whose ids are {@code LIKE} any of the patterns, from every table that has them. */
    public static void forget(JdbcClient jdbc, String... contractIdPatterns) {
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND column_name = 'contract_id'")
                .query(String.class)
                .list();
        for (String table : tables) {
            for (String pattern : contractIdPatterns) {
                jdbc.sql("DELETE FROM \"" + table + "\" WHERE contract_id LIKE ?")
                        .param(pattern)
                        .update();
            }
        }
    }
}
