package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractFold;
import com.slaledger.testsupport.Story;
import com.slaledger.verifier.BundleVerifier;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A contract longer than the pages the service reads it in (1,000 events): the answers that read
 * it in pages (verify, the view as of an instant, the breaches known at an instant, the export)
 * cross page boundaries and still give
 * what the whole contract gives (ADR 0015).
 */
@ProjectionServiceTest
class LongContractTest {

    private static final String ID = "P-LONG";

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher publisher;

    private Api api;
    private List<EventEnvelope> events;

    @BeforeEach
    void aContractOfMoreThanTwoPagesOfEvents() {
        api = Api.on(port);
        Story story = Story.contract(ID)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed();
        for (int i = 0; i < 2_100; i++) {
            story.experience("long-" + i, Story.RESPONSE_TIME, "2026-12-03T10:00:00Z");
        }
        events = story.envelopes();
        publisher.publishAndAwait(events);
    }

    @Test
    void verifyAsOfAndTheExportReadEveryPage() {
        JsonNode verify = api.json("/api/contracts/" + ID + "/history/verify");
        assertThat(verify.get("valid").asBoolean()).isTrue();
        assertThat(verify.get("eventsChecked").asInt()).isEqualTo(events.size());

        EventEnvelope late = events.get(1_500);
        JsonNode asOf = api.json("/api/contracts/" + ID + "?asOf=" + late.recordedAt());
        assertThat(asOf.get("lastSequence").asLong()).isEqualTo(late.sequence());
        assertThat(asOf.get("breachCount").asLong())
                .isEqualTo(ContractFold.replay(events.subList(0, 1_501)).breachCount());
        JsonNode knownThen =
                api.json("/api/contracts/" + ID + "/breaches?size=200&fromSequence=1400&knownAt=" + late.recordedAt());
        assertThat(knownThen.get("breaches")).hasSize(101);
        assertThat(knownThen.at("/breaches/100/sequence").asLong())
                .as("the last breach known then, past the first page of 1,000 events")
                .isEqualTo(late.sequence());

        ExportBundle bundle = SlaJson.mapper()
                .readValue(api.get("/api/contracts/" + ID + "/export").getBody(), ExportBundle.class);
        assertThat(bundle.events())
                .extracting(EventEnvelope::hash)
                .containsExactlyElementsOf(
                        events.stream().map(EventEnvelope::hash).toList());
        assertThat(bundle.head().lastSequence()).isEqualTo(events.size() - 1);
        String key = Api.as(port, null).get("/api/signing-key").getBody();
        BundleVerifier.Report report = BundleVerifier.verify(bundle, SigningKeys.readPublic(key));
        assertThat(report.valid()).as(report.reason()).isTrue();
    }
}
