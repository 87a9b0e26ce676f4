package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.testsupport.Story;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live writer hands its views to the current-view cache only once their transaction has
 * committed, and reads them back from there: a rolled-back batch leaves nothing behind, so the
 * retried batch starts from what the table holds (ADR 0008).
 */
@ProjectionServiceTest
class CommittedViewsTest {

    @Autowired
    ProjectionWriter writer;

    @Autowired
    ContractViews views;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aRolledBackBatchLeavesTheCacheAsItWasAndACommittedOneUpdatesIt() {
        List<EventEnvelope> events =
                Story.contract("P-COMMITTED-1", "acme", "hostco").envelopes();
        List<EventEnvelope> first = events.subList(0, 1);
        List<EventEnvelope> rest = events.subList(1, events.size());
        transactions.executeWithoutResult(tx -> writer.apply(first));
        assertThat(views.held("P-COMMITTED-1").lastSequence()).isZero();

        transactions.executeWithoutResult(tx -> {
            writer.apply(rest);
            tx.setRollbackOnly();
        });
        assertThat(views.held("P-COMMITTED-1").lastSequence())
                .as("nothing of the rolled-back batch")
                .isZero();

        transactions.executeWithoutResult(tx -> writer.apply(rest));
        assertThat(views.held("P-COMMITTED-1").lastSequence())
                .as("the retried batch applied on the committed view, in full")
                .isEqualTo(events.size() - 1);
        assertThat(views.current("P-COMMITTED-1").orElseThrow().lastSequence()).isEqualTo(events.size() - 1);
    }
}
