package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.view.ContractFold;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.ingest.FoldVersionCheck;
import com.slaledger.projection.ingest.IngestProperties;
import com.slaledger.projection.ingest.LiveConsumer;
import com.slaledger.projection.ingest.RebuildJob;
import com.slaledger.projection.ingest.RebuildsThatFail;
import com.slaledger.testsupport.Story;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Read models made by another fold are rebuilt when the service starts, from the topic, and then
 * record this build's fold; read models of this build's fold are left alone. A rebuild that fails
 * leaves the other fold's read models and version, so the next start tries again.
 */
@ProjectionServiceTest
class FoldVersionTest {

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FoldVersionCheck check;

    @Autowired
    RebuildJob rebuild;

    /** A rebuild whose writer fails on its first batch, as when the database goes away under it. */
    RebuildJob failingRebuild;

    @Autowired
    void failingRebuild(
            DataSource dataSource,
            KafkaAdmin kafkaAdmin,
            LiveConsumer live,
            IngestProperties properties,
            ContractViews views,
            Clock clock) {
        failingRebuild = RebuildsThatFail.whoseWritersFail(dataSource, kafkaAdmin, live, properties, views, clock);
    }

    @Test
    void readModelsOfAnotherFoldAreRebuiltWhenTheServiceStarts() {
        assertThat(check.storedVersion()).as("a new database is this build's").isEqualTo(ContractFold.VERSION);
        assertThat(check.rebuildIfFoldedOtherwise()).isFalse();
        events.publishAndAwait(
                Story.toTwoPointZero("FOLD-1", "foldco", "hostco").envelopes());
        String folded = view("FOLD-1");

        // What an earlier fold made of the same events, and the version it left.
        jdbc.sql("UPDATE contract_view SET view = replace(view, '\"2.0\"', '\"9.9\"') WHERE contract_id = 'FOLD-1'")
                .update();
        jdbc.sql("UPDATE read_model_fold SET version = 0").update();
        assertThat(view("FOLD-1")).isNotEqualTo(folded);

        assertThat(check.rebuildIfFoldedOtherwise()).as("a rebuild starts").isTrue();
        await().atMost(Duration.ofSeconds(90)).until(() -> rebuild.status().state() != RebuildJob.State.RUNNING);
        assertThat(rebuild.status().state()).isEqualTo(RebuildJob.State.DONE);

        assertThat(view("FOLD-1")).as("folded again from the topic").isEqualTo(folded);
        assertThat(check.storedVersion()).isEqualTo(ContractFold.VERSION);
        assertThat(check.rebuildIfFoldedOtherwise()).as("once is enough").isFalse();
    }

    /**
     * A start-up rebuild that fails swaps nothing in: the read models keep the other fold's views
     * and version, so the next start (here, the next check) rebuilds again, and that one replaces them.
     */
    @Test
    void aRebuildThatFailsLeavesTheOtherFoldsVersionSoTheNextStartTriesAgain() {
        events.publishAndAwait(
                Story.toTwoPointZero("FOLD-2", "foldco", "hostco").envelopes());
        String folded = view("FOLD-2");
        jdbc.sql("UPDATE contract_view SET view = replace(view, '\"2.0\"', '\"9.9\"') WHERE contract_id = 'FOLD-2'")
                .update();
        jdbc.sql("UPDATE read_model_fold SET version = 0").update();
        String earlier = view("FOLD-2");
        FoldVersionCheck failing = new FoldVersionCheck(jdbc, failingRebuild);

        assertThat(failing.rebuildIfFoldedOtherwise()).as("a rebuild starts").isTrue();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> failingRebuild.status().state() != RebuildJob.State.RUNNING);

        assertThat(failingRebuild.status().state()).isEqualTo(RebuildJob.State.FAILED);
        assertThat(view("FOLD-2")).as("nothing swapped in").isEqualTo(earlier);
        assertThat(check.storedVersion()).as("the other fold's version stays").isZero();

        assertThat(check.rebuildIfFoldedOtherwise())
                .as("the next start tries again")
                .isTrue();
        await().atMost(Duration.ofSeconds(90)).until(() -> rebuild.status().state() != RebuildJob.State.RUNNING);
        assertThat(rebuild.status().state()).isEqualTo(RebuildJob.State.DONE);
        assertThat(view("FOLD-2")).isEqualTo(folded);
        assertThat(check.storedVersion()).isEqualTo(ContractFold.VERSION);
    }

    private String view(String contractId) {
        return jdbc.sql("SELECT view FROM contract_view WHERE contract_id = ?")
                .param(contractId)
                .query(String.class)
                .single();
    }
}
