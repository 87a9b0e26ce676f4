package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.WrittenOutsideTheTopic;
import com.slaledger.testsupport.Story;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contract parked for good keeps its waiting events as they are, one of them unreadable: a
 * batch that brings it another event and a neighbour's applies the neighbour's in the batch's own
 * transaction, without reading what waits.
 */
@ProjectionServiceTest
class ParkedForGoodTest {

    @Autowired
    JdbcClient jdbc;

    /** Written through the writer, not the topic (WrittenOutsideTheTopic). */
    @AfterEach
    void forgetWhatWasWrittenOutsideTheTopic() {
        WrittenOutsideTheTopic.forget(jdbc, "P-GOOD-%");
    }

    @Autowired
    ProjectionWriter writer;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aBatchTouchingAContractParkedWithAnUnreadableEventAppliesItsNeighbour() {
        List<EventEnvelope> story = new ArrayList<>(Story.contract("P-GOOD-PARKED")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .envelopes());
        ObjectNode unknown = SlaJson.mapper().valueToTree(story.get(1));
        unknown.put("type", "ClauseTeleported");
        EventEnvelope unreadable = SlaJson.mapper().treeToValue(unknown, EventEnvelope.class);
        transactions.executeWithoutResult(tx -> writer.apply(story.subList(0, 1)));
        transactions.executeWithoutResult(
                tx -> writer.park("P-GOOD-PARKED", 1L, "unknown type", null, List.of(unreadable), Map.of()));

        List<EventEnvelope> neighbour = Story.contract("P-GOOD-NEIGHBOUR").envelopes();
        ProjectionWriter.Outcome outcome =
                transactions.execute(tx -> writer.apply(List.of(story.get(2), neighbour.get(0))));

        assertThat(outcome.applied()).isEqualTo(1);
        assertThat(outcome.parked()).isEqualTo(1);
        assertThat(outcome.changed()).extracting(v -> v.contractId()).containsExactly("P-GOOD-NEIGHBOUR");
    }
}
