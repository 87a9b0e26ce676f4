package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.ContractVersion;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.WrittenOutsideTheTopic;
import com.slaledger.projection.scorecard.ScorecardRows;
import com.slaledger.testsupport.Story;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live writer updates in place only the rows whose figures changed: a contract's view, its
 * scorecard row and months, and its open clauses (ADR 0009, "Rows rewritten only where they
 * changed"); the rebuild's writer upserts them from staged copies. Whatever batches a contract's
 * events arrive in, its rows are those one batch of all its events writes, where every row is new;
 * and a row that should have been there and was not is written when its figures change.
 */
@ProjectionServiceTest
class RowsInPlaceTest {

    @Autowired
    JdbcClient jdbcClient;

    /** Written through the writer, not the topic (WrittenOutsideTheTopic). */
    @AfterEach
    void forgetWhatWasWrittenOutsideTheTopic() {
        WrittenOutsideTheTopic.forget(jdbcClient, "P-IN-PLACE-%", "P-MISSING%", "P-MONTH-GONE-%", "P-STAGED-OUTSIDE");
    }

    @Autowired
    ProjectionWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    /**
     * The live writer, and the rebuild's, which copies a contract's first rows in and upserts its
     * later ones from staged copies (ADR 0009).
     */
    @ParameterizedTest(name = "{0} writer")
    @ValueSource(strings = {"live", "rebuild"})
    void aContractsRowsAreThoseOneBatchWritesWhateverTheBatches(String kind) {
        ProjectionWriter batches = kind.equals("live")
                ? writer
                : new ProjectionWriter(jdbc, Clock.systemUTC(), ProjectionWriter.CommittedViews.lastBatch(), true);
        List<Function<String, Story>> stories =
                List.of(RowsInPlaceTest::waivedAndDisputed, RowsInPlaceTest::toTwoPointZero);
        for (int story = 0; story < stories.size(); story++) {
            String whole = "P-IN-PLACE-WHOLE-" + kind + "-" + story;
            List<EventEnvelope> all = stories.get(story).apply(whole).envelopes();
            transactions.executeWithoutResult(tx -> writer.apply(all));
            for (int seed = 0; seed < 8; seed++) {
                String id = "P-IN-PLACE-" + kind + "-" + story + "-" + seed;
                for (List<EventEnvelope> batch : BreachRowsTest.randomBatches(
                        stories.get(story).apply(id).envelopes(), new Random(seed))) {
                    transactions.executeWithoutResult(tx -> batches.apply(batch));
                }

                assertThat(rows(id)).as("story %d, seed %d", story, seed).isEqualTo(rows(whole));
            }
        }
    }

    @Test
    void rowsThatWereMissingAreWrittenWhenTheirFiguresChange() {
        Map<String, ContractView> held = new HashMap<>();
        ProjectionWriter holding = new ProjectionWriter(jdbc, Clock.systemUTC(), new ProjectionWriter.CommittedViews() {
            @Override
            public ContractView held(String contractId) {
                return held.get(contractId);
            }

            @Override
            public void committed(List<ContractView> views) {
                views.forEach(v -> held.put(v.contractId(), v));
            }

            @Override
            public void uncertain(List<String> contractIds) {
                contractIds.forEach(held::remove);
            }
        });
        String whole = "P-MISSING-WHOLE";
        transactions.executeWithoutResult(
                tx -> holding.apply(waivedAndDisputed(whole).envelopes()));
        String id = "P-MISSING";
        List<EventEnvelope> events = waivedAndDisputed(id).envelopes();
        // Up to the second credited breach, whose month the last events change again.
        int split = 9;
        transactions.executeWithoutResult(tx -> holding.apply(events.subList(0, split)));
        assertThat(held).containsKey(id);
        for (String table : List.of("contract_view", "scorecard_contract", "scorecard_month")) {
            assertThat(jdbc.update("DELETE FROM " + table + " WHERE contract_id = ?", id))
                    .as(table)
                    .isPositive();
        }

        transactions.executeWithoutResult(tx -> holding.apply(events.subList(split, events.size())));

        assertThat(rows(id)).isEqualTo(rows(whole));
    }

    /**
     * The fold never drops a month, but the rows follow the view whatever it holds: a month the
     * stored view had and the new one has not is deleted.
     */
    @ParameterizedTest(name = "staged: {0}")
    @ValueSource(booleans = {false, true})
    void aMonthNoLongerInTheViewIsDeleted(boolean staged) {
        String id = "P-MONTH-GONE-" + staged;
        ContractView twoMonths = ContractFold.replay(waivedAndDisputed(id).envelopes());
        assertThat(twoMonths.credits()).hasSize(2);
        ScorecardRows.write(jdbc, List.of(twoMonths));
        ContractView oneMonth = twoMonths.withCredits(twoMonths.credits().subList(0, 1));

        transactions.executeWithoutResult(
                tx -> ScorecardRows.write(jdbc, List.of(oneMonth), Map.of(id, twoMonths), staged));

        assertThat(jdbc.queryForList("SELECT month FROM scorecard_month WHERE contract_id = ?", String.class, id))
                .containsExactly(twoMonths.credits().get(0).month().toString());
    }

    /** Outside a transaction each statement commits, and its commit would empty the staged rows. */
    @Test
    void rowsAreStagedWithinATransactionOnly() {
        String id = "P-STAGED-OUTSIDE";
        ContractView twoMonths = ContractFold.replay(waivedAndDisputed(id).envelopes());
        ScorecardRows.write(jdbc, List.of(twoMonths));
        ContractView oneMonth = twoMonths.withCredits(twoMonths.credits().subList(0, 1));

        assertThatThrownBy(() ->
                        ScorecardRows.write(jdbc, List.of(twoMonths.withBreachCount(9)), Map.of(id, oneMonth), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("within a transaction");
    }

    /** The contract's rows in the view, scorecard and open clause tables, without its id. */
    private Map<String, List<Map<String, Object>>> rows(String contractId) {
        Map<String, List<Map<String, Object>>> rows = new HashMap<>();
        rows.put("contract_view", jdbc.queryForList("""
                        SELECT status, client_id, supplier_id, version, last_sequence, updated_at,
                            replace(view, contract_id, '') AS view
                        FROM contract_view WHERE contract_id = ?""", contractId));
        rows.put("scorecard_contract", jdbc.queryForList("""
                        SELECT supplier_id, supplier_name, client_id, active, signed, reached_two, activated_at,
                            breaches, ratings, rating_sum, recommends, filled_in_days::text, two_point_zero_at
                        FROM scorecard_contract WHERE contract_id = ?""", contractId));
        rows.put("scorecard_month", jdbc.queryForList("""
                        SELECT month, supplier_id, currency, credited, cap_reached
                        FROM scorecard_month WHERE contract_id = ? ORDER BY month""", contractId));
        rows.put("open_clause", jdbc.queryForList("""
                        SELECT clause_id, heading, intent, review_by, review_due, client_id, supplier_id
                        FROM open_clause WHERE contract_id = ? ORDER BY clause_id""", contractId));
        assertThat(rows.get("contract_view")).as("the view of %s", contractId).hasSize(1);
        assertThat(rows.get("scorecard_contract"))
                .as("the scorecard row of %s", contractId)
                .hasSize(1);
        return rows;
    }

    /**
     * Credits in two months, one waived, one disputed and withdrawn: a month's figures rise and
     * fall, and a month is added.
     */
    private static Story waivedAndDisputed(String id) {
        return Story.contract(id)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("B-2", "2026-12-04T10:00:00Z", "500.00", "500.00", "500.00", false)
                .waived("B-1", "500.00", "goodwill")
                .disputed("B-2", "planned maintenance")
                .withdrawn("B-2", "500.00")
                .creditedBreach("B-3", "2027-01-05T10:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("B-4", "2027-01-06T10:00:00Z", "500.00", "900.00", "700.00", true)
                .satisfaction("2026-12", 4, true);
    }

    /**
     * The seed's story: an open clause filled in together reaches 2.0, which the scorecard row
     * takes from the version's row; then a rating and credits in the new version.
     */
    private static Story toTwoPointZero(String id) {
        return Story.toTwoPointZero(id, "acme", "hostco")
                .satisfaction("2026-12", 3, false)
                .creditedBreach("b-3", "2026-12-09T10:00:00Z", "500.00", "500.00", "500.00", false)
                .openClause(Story.HELPDESK)
                .creditedBreach("b-4", "2027-01-09T10:00:00Z", "0.00", "1500.00", "1200.00", true)
                .fillInTogether(Story.HELPDESK, new ContractVersion(2, 1));
    }
}
