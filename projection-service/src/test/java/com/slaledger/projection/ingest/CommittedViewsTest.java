package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.LostCommitAnswers;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.WrittenOutsideTheTopic;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.testsupport.Story;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live writer hands its views to the current-view cache only once their transaction has
 * committed, and reads them back from there. A batch not committed leaves nothing behind and its
 * contracts are read from the table next, so the retried batch starts from what the table holds
 * (ADR 0008): a commit whose answer was lost may have happened, and the retried batch then finds
 * its events stored.
 */
@ProjectionServiceTest
class CommittedViewsTest {

    @Autowired
    JdbcClient jdbc;

    /** Written through the writer, not the topic (WrittenOutsideTheTopic). */
    @AfterEach
    void forgetWhatWasWrittenOutsideTheTopic() {
        WrittenOutsideTheTopic.forget(jdbc, "P-COMMITTED-%");
    }

    @Autowired
    ProjectionWriter writer;

    @Autowired
    ContractViews views;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    LostCommitAnswers.Manager transactionManager;

    @Test
    void aRolledBackBatchLeavesTheCacheAsItWasAndACommittedOneUpdatesIt() {
        List<EventEnvelope> events = firstEventCommitted("P-COMMITTED-1");
        List<EventEnvelope> rest = events.subList(1, events.size());

        transactions.executeWithoutResult(tx -> {
            writer.apply(rest);
            tx.setRollbackOnly();
        });
        assertThat(views.held("P-COMMITTED-1"))
                .as("a contract of a batch not committed is read from the table next")
                .isNull();
        assertThat(views.current("P-COMMITTED-1").orElseThrow().lastSequence())
                .as("nothing of the rolled-back batch")
                .isZero();

        transactions.executeWithoutResult(tx -> writer.apply(rest));
        assertThat(views.held("P-COMMITTED-1").lastSequence())
                .as("the retried batch applied on the committed view, in full")
                .isEqualTo(events.size() - 1);
        assertThat(views.current("P-COMMITTED-1").orElseThrow().lastSequence()).isEqualTo(events.size() - 1);
    }

    @Test
    void aCommitWhoseAnswerIsLostIsNotAppliedAgainOnTheViewHeldFromBefore() {
        List<EventEnvelope> events = firstEventCommitted("P-COMMITTED-2");
        List<EventEnvelope> rest = events.subList(1, events.size());

        Thread test = Thread.currentThread();
        transactionManager.loseNextAnswer(thread -> thread == test);
        assertThatThrownBy(() ->
                        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> writer.apply(rest)))
                .isInstanceOf(TransactionSystemException.class);
        assertThat(transactionManager.lost()).isPositive();
        assertThat(views.held("P-COMMITTED-2"))
                .as("perhaps behind the table: not held")
                .isNull();

        ProjectionWriter.Outcome retried = transactions.execute(tx -> writer.apply(rest));
        assertThat(retried.duplicates())
                .as("the retried batch finds its events stored")
                .isEqualTo(rest.size());
        assertThat(retried.applied()).isZero();
        assertThat(retried.confirmed())
                .as("the view the lost commit stored, for live subscribers, who were never shown it")
                .extracting(ContractView::lastSequence)
                .containsExactly((long) events.size() - 1);
        assertThat(views.held("P-COMMITTED-2").lastSequence())
                .as("and held again")
                .isEqualTo(events.size() - 1);
        assertThat(views.current("P-COMMITTED-2").orElseThrow().lastSequence()).isEqualTo(events.size() - 1);
    }

    /** A contract's three events, the first of them committed and held. */
    private List<EventEnvelope> firstEventCommitted(String contractId) {
        List<EventEnvelope> events = Story.contract(contractId, "acme", "hostco")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .envelopes();
        transactions.executeWithoutResult(tx -> writer.apply(events.subList(0, 1)));
        assertThat(views.held(contractId).lastSequence()).isZero();
        return events;
    }
}
