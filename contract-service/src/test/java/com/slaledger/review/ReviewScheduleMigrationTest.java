package com.slaledger.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.testsupport.PostgresServer;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V10 gives every review already scheduled the sequence that set its date, as the scanner needs
 * it to remove a review only while nothing has set it again (ADR 0003): on a store with rows from
 * before, not only on an empty one.
 */
class ReviewScheduleMigrationTest {

    @Test
    void reviewsScheduledBeforeTheMigrationCarryTheirContractsLastSequence() {
        try (PostgresServer.Database database = PostgresServer.get().createDatabase("review_migration")) {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(
                    database.jdbcUrl(),
                    PostgresServer.get().username(),
                    PostgresServer.get().password());
            migrate(dataSource, "9");
            JdbcClient jdbc = JdbcClient.create(dataSource);
            for (long sequence = 0; sequence <= 4; sequence++) {
                jdbc.sql("""
                                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                                    type, time_stamp, payload_type, payload_revision, payload, meta_data)
                                VALUES (?, 'OLD-1', ?, 'Contract', '2026-01-01T00:00:00Z', 'ClauseLeftOpen', null, ''::bytea, ''::bytea)""").param("old-1-" + sequence).param(sequence).update();
            }
            jdbc.sql("INSERT INTO review_schedule (contract_id, clause_id, review_by) VALUES (?, ?, ?)")
                    .param("OLD-1")
                    .param("response-time")
                    .param(java.time.LocalDate.parse("2026-01-01"))
                    .update();
            jdbc.sql("INSERT INTO review_schedule (contract_id, clause_id, review_by) VALUES (?, ?, ?)")
                    .param("NO-EVENTS")
                    .param("helpdesk")
                    .param(java.time.LocalDate.parse("2026-01-01"))
                    .update();

            migrate(dataSource, "latest");

            List<String> rows = jdbc.sql(
                            "SELECT contract_id || '=' || scheduled_at FROM review_schedule ORDER BY contract_id")
                    .query(String.class)
                    .list();
            assertThat(rows).containsExactly("NO-EVENTS=0", "OLD-1=4");
        }
    }

    private static void migrate(DriverManagerDataSource dataSource, String target) {
        Flyway.configure()
                .dataSource(dataSource)
                .placeholders(Map.of("app_role", "no_such_role"))
                .target(target)
                .load()
                .migrate();
    }
}
