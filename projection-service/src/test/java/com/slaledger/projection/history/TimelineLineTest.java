package com.slaledger.projection.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A line of the timeline is stored without its envelope's header and with an unchanged clause once,
 * and reads back, with the header of its stored envelope, as the whole line: for every event of a
 * contract that drafts, leaves open, signs, breaches, proposes and agrees.
 */
class TimelineLineTest {

    private static final List<EventEnvelope> EVENTS = Story.toTwoPointZero("P-LINE", "acme", "hostco")
            .creditedBreach("B-9", "2027-02-02T10:00:00Z", "0.00", "500.00", "500.00", false)
            .envelopes();

    @Test
    void everyLineReadsBackWholeFromItsStoredFormAndItsEnvelope() {
        for (ContractFold.Transition t : ContractFold.transitions(EVENTS)) {
            byte[] stored = SlaJson.mapper().writeValueAsBytes(TimelineLine.of(t.event(), t.before(), t.after()));
            byte[] envelope = SlaJson.mapper().writeValueAsBytes(t.envelope());

            HistoryEntry read = SlaJson.mapper()
                    .readValue(stored, TimelineLine.class)
                    .entry(SlaJson.mapper().readValue(envelope, EventHeader.class));

            EventEnvelope e = t.envelope();
            String clauseId = t.event().accept(ClauseOf.INSTANCE);
            assertThat(read)
                    .as("line of %s at %d", e.type(), e.sequence())
                    .isEqualTo(new HistoryEntry(
                            e.sequence(),
                            e.type(),
                            e.occurredAt(),
                            e.recordedAt(),
                            e.actor(),
                            e.commandId(),
                            t.after().version(),
                            Summaries.of(t.event()),
                            clauseId,
                            clause(t.before(), clauseId),
                            clause(t.after(), clauseId),
                            e.hash()));
        }
    }

    @Test
    void aLineRepeatsNeitherTheHeaderNorAClauseTheEventLeftAsItWas() {
        List<ContractFold.Transition> transitions = ContractFold.transitions(EVENTS);
        int unchanged = 0;
        for (ContractFold.Transition t : transitions) {
            JsonNode stored = SlaJson.mapper().valueToTree(TimelineLine.of(t.event(), t.before(), t.after()));
            assertThat(stored.propertyNames())
                    .containsExactlyInAnyOrder(
                            "contractVersion", "summary", "clauseId", "before", "after", "clauseUnchanged");
            if (stored.get("clauseUnchanged").asBoolean()) {
                unchanged++;
                assertThat(stored.get("before").isNull()).isTrue();
                assertThat(stored.get("after").isNull()).isFalse();
            }
        }
        assertThat(unchanged).as("the breaches' lines").isEqualTo(3);
    }

    private static ClauseView clause(ContractView view, String clauseId) {
        return view == null || clauseId == null ? null : view.clause(clauseId).orElse(null);
    }
}
