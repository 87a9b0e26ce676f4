package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.WrittenOutsideTheTopic;
import com.slaledger.projection.contractview.Breaches;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.history.HistoryEntry;
import com.slaledger.testsupport.Story;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Breaches live in rows of their own and a stored view holds none (ADR 0015): whatever batches the
 * events arrive in, the stored view plus the breach rows are exactly the fold of all the events,
 * and each event's line of the timeline is the one the fold gives.
 */
@ProjectionServiceTest
class BreachRowsTest {

    /** Written through the writer, not the topic (WrittenOutsideTheTopic). */
    @AfterEach
    void forgetWhatWasWrittenOutsideTheTopic() {
        WrittenOutsideTheTopic.forget(jdbc, "P-BREACH-%");
    }

    @Autowired
    ProjectionWriter writer;

    @Autowired
    ContractViews views;

    @Autowired
    Breaches breaches;

    @Autowired
    EventLog eventLog;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate template;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theStoredViewAndTheBreachRowsAreTheFoldOfAllEventsWhateverTheBatches() {
        for (int seed = 0; seed < 12; seed++) {
            String id = "P-BREACH-ROWS-" + seed;
            List<EventEnvelope> events = story(id).envelopes();
            Random random = new Random(seed);
            for (List<EventEnvelope> batch : randomBatches(events, random)) {
                transactions.executeWithoutResult(tx -> writer.apply(batch));
            }
            ContractView whole = ContractFold.replay(events);

            assertThat(views.current(id).orElseThrow())
                    .as("seed %d: the view holds its totals, not its breaches", seed)
                    .isEqualTo(whole.withoutBreaches());
            assertThat(views.current(id).orElseThrow().breachCount()).isEqualTo(4);
            assertThat(breaches.of(id, whole.lastSequence()))
                    .as("seed %d: the rows", seed)
                    .isEqualTo(whole.breaches());
            assertThat(views.withBreaches(id, null).orElseThrow()).isEqualTo(whole);
            assertThat(jdbc.sql("SELECT view FROM contract_view WHERE contract_id = ?")
                            .param(id)
                            .query(String.class)
                            .single())
                    .doesNotContain("\"breaches\"");
            assertThat(eventLog.entries(id, 0, 1_000))
                    .as("seed %d: the timeline's lines, written as the events were applied", seed)
                    .isEqualTo(ContractFold.transitions(events).stream()
                            .map(t -> HistoryEntry.of(t.envelope(), t.event(), t.before(), t.after()))
                            .toList());
        }
    }

    /**
     * Batches arrive in any order: an event beyond a gap waits, and is applied, with the breaches
     * it is about lent, once the missing one has come. A waiver that waited for its breach's
     * contract to catch up settles the same breach as in order.
     */
    @Test
    void eventsThatWaitedForAGapAreFoldedAsInOrder() {
        for (int seed = 0; seed < 12; seed++) {
            String id = "P-BREACH-GAP-" + seed;
            List<EventEnvelope> events = story(id).envelopes();
            Random random = new Random(seed);
            List<List<EventEnvelope>> batches = randomBatches(events, random);
            java.util.Collections.shuffle(batches, random);
            for (List<EventEnvelope> batch : batches) {
                ProjectionWriter.Outcome outcome = transactions.execute(tx -> writer.apply(batch));
                if (outcome.applied() == 0) {
                    assertThat(outcome.changed())
                            .as("seed %d: a batch that only waits changes no view", seed)
                            .isEmpty();
                }
            }
            ContractView whole = ContractFold.replay(events);

            assertThat(jdbc.sql("SELECT count(*) FROM parked_contract WHERE contract_id = ?")
                            .param(id)
                            .query(Long.class)
                            .single())
                    .as("seed %d: not parked for good", seed)
                    .isZero();
            assertThat(views.current(id).orElseThrow())
                    .as("seed %d: the view", seed)
                    .isEqualTo(whole.withoutBreaches());
            assertThat(breaches.of(id, whole.lastSequence()))
                    .as("seed %d: the rows", seed)
                    .isEqualTo(whole.breaches());
        }
    }

    /**
     * A view as of an instant is folded a page at a time, each page lent the breaches it is about:
     * at every moment of the story, with pages of three events, it is the full fold without its
     * breaches. As known at an instant, folded in the same pages, it keeps them as they were then.
     */
    @Test
    void aViewAsOfAnInstantIsFoldedInPagesWithoutHoldingItsBreaches() {
        String id = "P-BREACH-AS-OF";
        List<EventEnvelope> events = story(id).envelopes();
        transactions.executeWithoutResult(tx -> writer.apply(events));
        ContractViews paged = new ContractViews(jdbc, template, eventLog, breaches, 3);
        for (int i = 0; i < events.size(); i++) {
            ContractView then = ContractFold.replay(events.subList(0, i + 1));
            assertThat(paged.asOf(id, events.get(i).recordedAt()).orElseThrow())
                    .as("as of event %d", i)
                    .isEqualTo(then.withoutBreaches());
            assertThat(paged.withBreaches(id, events.get(i).recordedAt()).orElseThrow())
                    .as("known at event %d, with its breaches as they were then", i)
                    .isEqualTo(then);
        }
        assertThat(paged.asOf(id, events.get(0).recordedAt().minusSeconds(1))).isEmpty();
        assertThat(paged.withBreaches(id, events.get(0).recordedAt().minusSeconds(1)))
                .isEmpty();
    }

    /** The breaches the weighing answers read are kept per view: the next event's view reads them again. */
    @Test
    void theWholeContractFollowsEveryEvent() {
        String id = "P-BREACH-WHOLE";
        Story story = story(id);
        List<EventEnvelope> first = story.envelopes();
        transactions.executeWithoutResult(tx -> writer.apply(first));
        assertThat(views.withBreaches(id, null).orElseThrow()).isEqualTo(ContractFold.replay(first));
        assertThat(views.withBreaches(id, null).orElseThrow()).isEqualTo(ContractFold.replay(first));

        List<EventEnvelope> all = story.experience("B-EXP-2", Story.RESPONSE_TIME, "2026-12-06T10:00:00Z")
                .envelopes();
        transactions.executeWithoutResult(tx -> writer.apply(all.subList(first.size(), all.size())));
        assertThat(views.withBreaches(id, null).orElseThrow()).isEqualTo(ContractFold.replay(all));
    }

    @Test
    void breachesArePagedInTheOrderTheyWereRecordedOfOneClauseOrAll() {
        String id = "P-BREACH-PAGES";
        List<EventEnvelope> events = story(id).envelopes();
        transactions.executeWithoutResult(tx -> writer.apply(events));
        List<BreachView> all = ContractFold.replay(events).breaches();

        Breaches.Page first = breaches.page(id, null, 0, 3);
        assertThat(first.breaches()).isEqualTo(all.subList(0, 3));
        assertThat(first.next()).isEqualTo(all.get(3).sequence());
        Breaches.Page last = breaches.page(id, null, first.next(), 3);
        assertThat(last.breaches()).isEqualTo(all.subList(3, 4));
        assertThat(last.next()).isNull();

        assertThat(breaches.page(id, Story.RESPONSE_TIME.value(), 0, 10).breaches())
                .extracting(BreachView::breachId)
                .containsExactly("B-EXP-1");
    }

    /** Four breaches, one waived, one disputed and settled, the last waived in the same batch it may arrive in. */
    private static Story story(String id) {
        return Story.contract(id)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .experience("B-EXP-1", Story.RESPONSE_TIME, "2026-12-03T10:00:00Z")
                .creditedBreach("B-2", "2026-12-04T10:00:00Z", "500.00", "500.00", "500.00", false)
                .waived("B-1", "500.00", "goodwill")
                .disputed("B-2", "planned maintenance")
                .withdrawn("B-2", "500.00")
                .creditedBreach("B-3", "2026-12-05T10:00:00Z", "500.00", "500.00", "500.00", false)
                .waived("B-3", "500.00", "again");
    }

    /**
     * A contract records a breach's id once, but the topic is not trusted to: a breach recorded
     * again in a later batch replaces the first one's view (its sequence stays), in the rebuild's
     * writer, which copies the breaches recorded in a batch in (ADR 0009), as in the live one.
     */
    @Test
    void aBreachRecordedAgainInALaterBatchIsWrittenByTheRebuildAsLive() {
        ProjectionWriter rebuilding =
                new ProjectionWriter(template, Clock.systemUTC(), ProjectionWriter.CommittedViews.lastBatch(), true);
        Map<ProjectionWriter, List<String>> rows = new LinkedHashMap<>();
        for (ProjectionWriter kind : List.of(writer, rebuilding)) {
            String id = "P-BREACH-TWICE-" + rows.size();
            List<EventEnvelope> events = Story.contract(id)
                    .agreedClause(Story.AVAILABILITY, "5")
                    .signed()
                    .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                    .creditedBreach("B-2", "2026-12-03T10:00:00Z", "500.00", "500.00", "500.00", false)
                    .creditedBreach("B-1", "2026-12-04T10:00:00Z", "1000.00", "500.00", "200.00", true)
                    .envelopes();
            int again = events.size() - 1;
            transactions.executeWithoutResult(tx -> kind.apply(events.subList(0, again)));
            transactions.executeWithoutResult(tx -> kind.apply(events.subList(again, events.size())));
            rows.put(
                    kind,
                    jdbc.sql("SELECT breach_id || '|' || sequence || '|' || view FROM breach"
                                    + " WHERE contract_id = ? ORDER BY sequence")
                            .param(id)
                            .query(String.class)
                            .list());
            assertThat(views.current(id).orElseThrow().lastSequence()).isEqualTo(again);
        }

        assertThat(rows.get(rebuilding)).isEqualTo(rows.get(writer)).hasSize(2);
        assertThat(rows.get(writer).get(0)).as("the second recording's view").contains("2026-12-04T10:00:00Z");
    }

    /** The events in batches of one to four, as they come. */
    static List<List<EventEnvelope>> randomBatches(List<EventEnvelope> events, Random random) {
        List<List<EventEnvelope>> batches = new ArrayList<>();
        int from = 0;
        while (from < events.size()) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(4));
            batches.add(events.subList(from, to));
            from = to;
        }
        return batches;
    }
}
