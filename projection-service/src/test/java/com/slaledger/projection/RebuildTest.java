package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.projection.ingest.RebuildJob;
import com.slaledger.testsupport.Story;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ProjectionServiceTest
class RebuildTest {

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RebuildJob rebuild;

    @Test
    void aRebuildFromTheTopicGivesExactlyTheLiveReadModels() {
        List<Story> stories = new ArrayList<>();
        stories.add(Story.toTwoPointZero("R-SEED", "acme", "hostco").satisfaction("2026-12", 9, true));
        Random random = new Random(7);
        for (int i = 0; i < 25; i++) {
            Story story = Story.contract("R-" + i, "client" + random.nextInt(5), "supplier" + random.nextInt(3))
                    .agreedClause(Story.AVAILABILITY, "5")
                    .openClause(Story.RESPONSE_TIME);
            if (random.nextBoolean()) {
                story.signed();
                int breaches = random.nextInt(4);
                for (int b = 0; b < breaches; b++) {
                    story.creditedBreach(
                            "b" + b,
                            "2026-12-0" + (b + 1) + "T00:00:00Z",
                            (b * 500) + ".00",
                            "500.00",
                            Math.min(500, 1200 - b * 500) + ".00",
                            b == 2);
                }
                if (breaches > 0 && random.nextBoolean()) {
                    ContractId id = ContractId.of(story.id());
                    story.then(
                            Party.CLIENT,
                            new CreditWaived(id, BreachId.of("b0"), Money.of("500.00", "EUR"), "partnership"));
                }
                if (breaches > 1) {
                    ContractId id = ContractId.of(story.id());
                    story.then(Party.SUPPLIER, new BreachDisputed(id, BreachId.of("b1"), "maintenance"))
                            .then(
                                    Party.SUPPLIER,
                                    new DisputeSettlementProposed(
                                            id, BreachId.of("b1"), SettlementOutcome.WITHDRAWN, null, Party.SUPPLIER))
                            .then(
                                    Party.CLIENT,
                                    new DisputeSettled(
                                            id,
                                            BreachId.of("b1"),
                                            SettlementOutcome.WITHDRAWN,
                                            null,
                                            Party.SUPPLIER,
                                            Party.CLIENT,
                                            Money.of("500.00", "EUR")));
                }
                if (random.nextBoolean()) {
                    story.fillInTogether(Story.RESPONSE_TIME, new ContractVersion(2, 0));
                }
            }
            stories.add(story);
        }
        stories.forEach(story -> events.publishAndAwait(story.envelopes()));
        List<String> live = snapshot();
        List<String> indexes = indexes();

        RebuildJob.RebuildStatus status = rebuild.runNow();

        assertThat(status.state()).as(status.error()).isEqualTo(RebuildJob.State.DONE);
        assertThat(status.eventsDone()).isEqualTo(status.eventsTotal()).isPositive();
        assertThat(status.percentDone()).isEqualTo(100.0);
        assertThat(snapshot()).isEqualTo(live);
        assertThat(indexes())
                .as("dropped while writing, built again at the end")
                .isEqualTo(indexes);
    }

    /** Every index of the read models' schema with its definition (its schema name left out). */
    private List<String> indexes() {
        return jdbc.sql("""
                        SELECT replace(indexdef, schemaname || '.', '') FROM pg_indexes
                        WHERE schemaname = current_schema() ORDER BY indexname""").query(String.class).list();
    }

    /**
     * Every read model's rows of this test's contracts, as text, in a stable order. (Other tests in the
     * shared database tamper with their own rows on purpose; a rebuild rightly repairs those.)
     */
    private List<String> snapshot() {
        List<String> rows = new ArrayList<>();
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || status || '|' || coalesce(version, '-') || '|' || last_sequence || '|' || view FROM contract_view WHERE contract_id LIKE 'R-%' ORDER BY contract_id")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || version || '|' || sequence || '|' || view FROM contract_version WHERE contract_id LIKE 'R-%' ORDER BY contract_id, major, minor")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || clause_id || '|' || coalesce(review_by::text, '-') FROM open_clause WHERE contract_id LIKE 'R-%' ORDER BY contract_id, clause_id")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || sequence || '|' || envelope || '|' || entry FROM event_log WHERE contract_id LIKE 'R-%' ORDER BY contract_id, sequence")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || breach_id || '|' || sequence || '|' || view FROM breach WHERE contract_id LIKE 'R-%' ORDER BY contract_id, sequence")
                .query(String.class)
                .list());
        return rows;
    }
}
