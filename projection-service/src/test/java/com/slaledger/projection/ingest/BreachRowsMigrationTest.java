package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.history.HistoryEntry;
import com.slaledger.testsupport.Story;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * V3 moves the breaches of views stored before it into rows, V4 writes the timeline's lines of the
 * events stored before it, V7 the scorecard's rows of the views, V8 rewrites the lines without
 * their envelope's header, V10 takes terminated contracts' open clauses off the list: a read model
 * written by the former writer reads, after the migrations, as the new writer would have written it.
 */
@ProjectionServiceTest
class BreachRowsMigrationTest {

    private static final String SCHEMA = "v3_migration_test";

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void viewsStoredBeforeV3HaveTheirBreachesMovedIntoRows() {
        freshAt("2");
        List<EventEnvelope> events = Story.contract("P-V3")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("B-2", "2026-12-03T10:00:00Z", "500.00", "500.00", "500.00", false)
                .envelopes();
        ContractView whole = ContractFold.replay(events);
        logged(events, "");
        jdbc.sql("INSERT INTO " + SCHEMA + ".contract_view VALUES (?, ?, ?, ?, ?, ?, now(), ?)")
                .params("P-V3", "ACTIVE", "acme", "hostco", "1.0", whole.lastSequence(), formerJson(whole))
                .update();

        flyway(null).migrate();

        String stored = jdbc.sql("SELECT view FROM " + SCHEMA + ".contract_view")
                .query(String.class)
                .single();
        assertThat(SlaJson.mapper().readValue(stored, ContractView.class)).isEqualTo(whole.withoutBreaches());
        assertThat(
                        jdbc
                                .sql("SELECT view FROM " + SCHEMA + ".breach ORDER BY sequence")
                                .query(String.class)
                                .list()
                                .stream()
                                .map(json -> SlaJson.mapper().readValue(json, BreachView.class))
                                .toList())
                .isEqualTo(whole.breaches());
        assertThat(jdbc.sql("SELECT envelope, entry FROM " + SCHEMA + ".event_log ORDER BY sequence")
                        .query((rs, row) -> EventLog.entry(rs.getString(1), rs.getString(2)))
                        .list())
                .as("V4 wrote each event's line whole, V8 without its envelope's header")
                .isEqualTo(ContractFold.transitions(events).stream()
                        .map(t -> HistoryEntry.of(t.envelope(), t.event(), t.before(), t.after()))
                        .toList());
        assertThat(jdbc.sql("SELECT supplier_id || '|' || breaches || '|' || signed FROM " + SCHEMA
                                + ".scorecard_contract")
                        .query(String.class)
                        .single())
                .as("V7: the scorecard's row of the contract")
                .isEqualTo("hostco|2|true");
        assertThat(jdbc.sql("SELECT month || '|' || credited FROM " + SCHEMA + ".scorecard_month")
                        .query(String.class)
                        .single())
                .isEqualTo("2026-12|1000.00");
    }

    @Test
    void v10TakesTheOpenClausesOfTerminatedContractsOffTheList() {
        freshAt("9");
        for (String[] contract : new String[][] {{"P-V10-RUNS", "ACTIVE"}, {"P-V10-ENDED", "TERMINATED"}}) {
            jdbc.sql("INSERT INTO " + SCHEMA + ".contract_view VALUES (?, ?, 'acme', 'hostco', '1.0', 3, now(), '{}')")
                    .params(contract[0], contract[1])
                    .update();
            jdbc.sql("INSERT INTO " + SCHEMA
                            + ".open_clause VALUES (?, 'response-time', 'Response time', 'learn', DATE '2026-06-01',"
                            + " false, 'acme', 'hostco')")
                    .param(contract[0])
                    .update();
        }

        flyway(null).migrate();

        assertThat(jdbc.sql("SELECT contract_id FROM " + SCHEMA + ".open_clause")
                        .query(String.class)
                        .list())
                .containsExactly("P-V10-RUNS");
    }

    @Test
    void v11CountsTheWithdrawnBreachesOfViewsVersionsAndScorecardRowsStoredBefore() {
        freshAt("10");
        Story story = Story.contract("P-V11")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("B-2", "2026-12-03T10:00:00Z", "500.00", "500.00", "500.00", false)
                .disputed("B-1", "maintenance window")
                .withdrawn("B-1", "500.00");
        List<EventEnvelope> events = story.envelopes();
        logged(events, ", '{}'");
        ContractView whole = ContractFold.replay(events).withoutBreaches();
        ContractView atOne = ContractFold.replay(events.subList(0, 4)).withoutBreaches(); // through activation
        jdbc.sql("INSERT INTO " + SCHEMA
                        + ".contract_view VALUES ('P-V11', 'ACTIVE', 'acme', 'hostco', '1.0', ?, now(), ?)")
                .params(whole.lastSequence(), former(whole))
                .update();
        jdbc.sql("INSERT INTO " + SCHEMA + ".contract_version VALUES ('P-V11', 1, 0, '1.0', ?, now(), ?)")
                .params(atOne.lastSequence(), former(atOne))
                .update();
        jdbc.sql("INSERT INTO " + SCHEMA + ".scorecard_contract (contract_id, supplier_id, client_id, active, signed,"
                        + " reached_two, breaches, ratings, rating_sum, recommends, filled_in_days)"
                        + " VALUES ('P-V11', 'hostco', 'acme', true, true, false, 2, 0, 0, 0, '{}')")
                .update();

        flyway(null).migrate();

        assertThat(whole.withdrawnCount()).isEqualTo(1);
        assertThat(read("SELECT view FROM " + SCHEMA + ".contract_view")).isEqualTo(whole);
        assertThat(read("SELECT view FROM " + SCHEMA + ".contract_version")).isEqualTo(atOne);
        assertThat(jdbc.sql("SELECT breaches FROM " + SCHEMA + ".scorecard_contract")
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    /** A view as the writer stored it before V11: without withdrawnCount. */
    private static String former(ContractView view) {
        ObjectNode json = (ObjectNode) SlaJson.mapper().valueToTree(view);
        json.remove("withdrawnCount");
        return json.toString();
    }

    private ContractView read(String sql) {
        return SlaJson.mapper().readValue(jdbc.sql(sql).query(String.class).single(), ContractView.class);
    }

    /** The view as the writer stored it before V3: every breach, no count, no breach sequence. */
    private static String formerJson(ContractView view) {
        ObjectNode json = (ObjectNode) SlaJson.mapper().valueToTree(view);
        json.remove("breachCount");
        json.remove("withdrawnCount"); // V11's; read as 0 by V7, which runs before it
        json.get("breaches").forEach(b -> ((ObjectNode) b).remove("sequence"));
        return json.toString();
    }

    /**
     * V12 records which fold made the read models: one that holds contracts was made by an earlier
     * fold (0), so the service rebuilds it when it starts (FoldVersionCheck); an empty one is this
     * build's.
     */
    @Test
    void v12RecordsAnEarlierFoldForReadModelsThatHoldContracts() {
        freshAt("11");
        jdbc.sql("INSERT INTO " + SCHEMA + ".contract_view VALUES ('P-V12', 'ACTIVE', 'acme', 'hostco', '1.0', 3,"
                        + " now(), '{}')")
                .update();
        flyway(null).migrate();
        assertThat(jdbc.sql("SELECT version FROM " + SCHEMA + ".read_model_fold")
                        .query(Integer.class)
                        .single())
                .isZero();

        freshAt("11");
        flyway(null).migrate();
        assertThat(jdbc.sql("SELECT version FROM " + SCHEMA + ".read_model_fold")
                        .query(Integer.class)
                        .single())
                .isEqualTo(com.slaledger.api.view.ContractFold.VERSION);
    }

    /** A schema of its own, migrated up to {@code version}: the read model the former writer kept. */
    private void freshAt(String version) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
        flyway(version).migrate();
    }

    /**
     * The events in the event log as the former writer kept them; {@code line} is the value of each
     * row's later columns ({@code , '{}'} for the timeline line V4 added), empty before them.
     */
    private void logged(List<EventEnvelope> events, String line) {
        for (EventEnvelope e : events) {
            jdbc.sql("INSERT INTO " + SCHEMA + ".event_log VALUES (?, ?, ?, ?, ?, ?, ?" + line + ")")
                    .params(
                            e.contractId(),
                            e.sequence(),
                            e.type(),
                            Timestamp.from(e.occurredAt()),
                            Timestamp.from(e.recordedAt()),
                            e.contractVersion(),
                            SlaJson.mapper().writeValueAsString(e))
                    .update();
        }
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/projection");
        return (target == null ? config : config.target(target)).load();
    }
}
