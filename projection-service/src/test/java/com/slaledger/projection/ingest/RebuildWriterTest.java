package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.testsupport.Story;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A rebuild's writer holds views back (ADR 0015), on a schema of its own as a rebuild's lane does;
 * that the rows it writes equal the live ones is {@code RebuildTest}'s.
 */
@ProjectionServiceTest
class RebuildWriterTest {

    private static final String SCHEMA = "held_views_test";

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    private Connection connection;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;

    @BeforeEach
    void freshSchema() throws SQLException {
        connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/projection")
                .load()
                .migrate();
        connection.setSchema(SCHEMA);
        SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
        jdbc = new JdbcTemplate(single);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(single));
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DISCARD TEMP");
            statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            statement.execute("RESET search_path");
        } finally {
            connection.close();
        }
    }

    private static List<EventEnvelope> story(String id) {
        return Story.contract(id)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .envelopes();
    }

    private Long storedLastSequence(String contractId) {
        return jdbc
                .query(
                        "SELECT last_sequence FROM contract_view WHERE contract_id = ?",
                        (rs, i) -> rs.getLong(1),
                        contractId)
                .stream()
                .findFirst()
                .orElse(null);
    }

    @Test
    void aHeldViewIsWrittenWhenItLeavesOrAtTheEndAndItsEventsAtOnce() {
        ProjectionWriter writer = new ProjectionWriter(jdbc, clock, 1_000);
        List<EventEnvelope> events = story("HV-1");

        transactions.executeWithoutResult(tx -> writer.apply(events));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_log", Long.class))
                .isEqualTo(events.size());
        assertThat(storedLastSequence("HV-1")).as("held back").isNull();
        transactions.executeWithoutResult(tx -> writer.flush());
        assertThat(storedLastSequence("HV-1")).isEqualTo(events.size() - 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM open_clause WHERE contract_id = 'HV-1'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void aBatchThatRollsBackLeavesTheHeldViewsAsTheyWere() {
        ProjectionWriter writer = new ProjectionWriter(jdbc, clock, 1_000);
        List<EventEnvelope> events = story("HV-2");
        List<EventEnvelope> first = events.subList(0, 2);
        List<EventEnvelope> rest = events.subList(2, events.size());
        transactions.executeWithoutResult(tx -> writer.apply(first));

        ProjectionWriter.Outcome rolledBack = transactions.execute(tx -> {
            tx.setRollbackOnly();
            return writer.apply(rest);
        });
        assertThat(rolledBack.applied()).isEqualTo(rest.size());

        ProjectionWriter.Outcome again = transactions.execute(tx -> writer.apply(rest));
        assertThat(again.applied())
                .as("applied again, not taken for duplicates of what rolled back")
                .isEqualTo(rest.size());
        transactions.executeWithoutResult(tx -> writer.flush());
        assertThat(storedLastSequence("HV-2")).isEqualTo(events.size() - 1);
    }

    @Test
    void aViewThatLeftIsReadBackFromTheTableWhenItsContractComesAgain() {
        ProjectionWriter writer = new ProjectionWriter(jdbc, clock, 1); // no room: every view leaves
        List<EventEnvelope> events = story("HV-3");

        transactions.executeWithoutResult(tx -> writer.apply(events.subList(0, 2)));
        assertThat(storedLastSequence("HV-3")).as("copied in as it left").isEqualTo(1);
        transactions.executeWithoutResult(tx -> writer.apply(events.subList(2, events.size())));
        assertThat(storedLastSequence("HV-3")).as("replaced").isEqualTo(events.size() - 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contract_view", Long.class))
                .isEqualTo(1);
    }
}
