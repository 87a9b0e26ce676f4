package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.Story;
import com.slaledger.verifier.BundleVerifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A sender's {@code issuedAt} is a claim, kept as the envelope's {@code occurredAt}; every time a
 * read model shows or counts with is the service's, when it received the command ({@code
 * receivedAt}, which the hash chain covers), not when the store wrote the event ({@code
 * recordedAt}, which it does not). Contracts whose every event claims a generated time (1970 to
 * 2199, most of them far from the truth) and was stored a generated while after it was received go
 * through the broker; their views, versions, provenance and supplier's scorecard keep the times of
 * receipt, and the history keeps the claim and the storage time.
 */
@ProjectionServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimedTimesTest {

    private static final int CONTRACTS = 8;
    private static final String SUPPLIER = "claims-co";

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    private final List<List<EventEnvelope>> published = new ArrayList<>();
    private Api api;

    /**
     * Drafted at 10:00 on 2026-12-01 with a clause left open at 12:00, 1.0 at 15:00; that clause
     * filled in on 2026-12-11 at 16:00 (2.0); then an amendment proposed, and every other contract
     * terminated. Ten days and four hours from open to filled in, ten days and one hour from 1.0 to 2.0.
     */
    private static Story story(String id, Iterator<Instant> claims, boolean terminated) {
        Story story = Story.contract(id, "acme", SUPPLIER)
                .claiming(stored -> claims.next())
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .at("2026-12-11T14:00:00Z")
                .fillInTogether(Story.RESPONSE_TIME, new ContractVersion(2, 0))
                .then(
                        Party.CLIENT,
                        new ChangeProposed(
                                ContractId.of(id),
                                Story.AVAILABILITY,
                                ChangeKind.AMEND,
                                Party.CLIENT,
                                null,
                                "99.9 % a month.",
                                null,
                                null,
                                null,
                                null,
                                new BigDecimal("6"),
                                null));
        return terminated
                ? story.then(
                        Party.SUPPLIER,
                        new ContractTerminated(
                                ContractId.of(id), LocalDate.parse("2026-12-12"), "done", Party.SUPPLIER))
                : story;
    }

    @BeforeAll
    void publishedWithGeneratedClaims() {
        Iterator<Instant> claims = Arbitraries.longs()
                .between(0, Instant.parse("2199-12-31T23:59:59Z").getEpochSecond())
                .map(Instant::ofEpochSecond)
                .sampleStream()
                .iterator();
        Iterator<Long> storeDelays =
                Arbitraries.longs().between(1, 5_000_000).sampleStream().iterator();
        for (int i = 0; i < CONTRACTS; i++) {
            List<EventEnvelope> envelopes = story("CLAIMS-" + i, claims, i % 2 == 0).envelopes().stream()
                    .map(e -> e.withRecordedAt(e.receivedAt().plus(storeDelays.next(), ChronoUnit.MICROS)))
                    .toList();
            assertThat(envelopes)
                    .as("the claims differ from the times of receipt")
                    .anyMatch(e -> !e.occurredAt().equals(e.receivedAt()));
            events.publishAndAwait(envelopes);
            published.add(envelopes);
        }
        api = Api.on(port);
    }

    @Test
    void aViewsTimesAreWhenTheServiceReceivedEachStep() {
        for (List<EventEnvelope> envelopes : published) {
            String id = envelopes.get(0).contractId();
            JsonNode view = api.json("/api/contracts/" + id);
            assertThat(instant(view, "/draftedAt")).as(id).isEqualTo(received(envelopes, "ContractDrafted", 0));
            assertThat(instant(view, "/activatedAt")).as(id).isEqualTo(received(envelopes, "ContractActivated", 0));
            JsonNode responseTime = clause(view, "response-time");
            assertThat(instant(responseTime, "/openedAt")).as(id).isEqualTo(received(envelopes, "ClauseLeftOpen", 0));
            assertThat(instant(responseTime, "/filledInAt")).as(id).isEqualTo(received(envelopes, "ChangeAgreed", 0));
            assertThat(instant(responseTime, "/inForceSince")).as(id).isNull();
            if (view.get("status").asString().equals("TERMINATED")) {
                assertThat(instant(view, "/termination/at"))
                        .as(id)
                        .isEqualTo(received(envelopes, "ContractTerminated", 0));
            } else {
                assertThat(instant(clause(view, "availability"), "/pending/proposedAt"))
                        .as(id)
                        .isEqualTo(received(envelopes, "ChangeProposed", 1));
            }
        }
    }

    @Test
    void provenanceSaysWhenTheServiceReceivedEachStep() {
        for (List<EventEnvelope> envelopes : published) {
            String id = envelopes.get(0).contractId();
            JsonNode steps = api.json("/api/contracts/" + id + "/clauses/response-time/provenance")
                    .get("steps");
            assertThat(steps).as(id).isNotEmpty();
            for (JsonNode step : steps) {
                EventEnvelope envelope = envelopes.get(step.get("sequence").asInt());
                assertThat(instant(step, "/at")).as("%s step %s", id, step).isEqualTo(envelope.receivedAt());
            }
        }
    }

    @Test
    void theHistoryKeepsTheClaimBesideTheStorageTime() {
        List<EventEnvelope> envelopes = published.get(0);
        JsonNode lines = api.json("/api/contracts/" + envelopes.get(0).contractId() + "/history");
        assertThat(lines).hasSize(envelopes.size());
        for (JsonNode line : lines) {
            EventEnvelope envelope = envelopes.get(line.get("sequence").asInt());
            assertThat(instant(line, "/occurredAt")).isEqualTo(envelope.occurredAt());
            assertThat(instant(line, "/recordedAt")).isEqualTo(envelope.recordedAt());
        }
    }

    /** A version was reached when the service received the command of the event that reached it. */
    @Test
    void eachVersionWasReachedWhenTheServiceReceivedItsCommand() {
        for (List<EventEnvelope> envelopes : published) {
            String id = envelopes.get(0).contractId();
            JsonNode versions = api.json("/api/contracts/" + id + "/versions");
            assertThat(versions).as(id).hasSize(2);
            for (JsonNode version : versions) {
                EventEnvelope envelope = envelopes.get(version.get("sequence").asInt());
                assertThat(instant(version, "/reachedAt"))
                        .as("%s %s", id, version)
                        .isEqualTo(envelope.receivedAt());
            }
        }
    }

    /** Each export verifies offline: the times it shows are those the chain covers. */
    @Test
    void eachExportVerifiesOffline() {
        for (List<EventEnvelope> envelopes : published) {
            String id = envelopes.get(0).contractId();
            JsonNode written = SlaJson.mapper()
                    .readTree(api.get("/api/contracts/" + id + "/export").getBody());
            BundleVerifier.Report report =
                    BundleVerifier.verify(SlaJson.mapper().treeToValue(written, ExportBundle.class), written, null);
            assertThat(report.valid()).as("%s: %s", id, report.reason()).isTrue();
            assertThat(report.versionsChecked()).as(id).isEqualTo(2);
        }
    }

    /** The supplier's days are counted between times of receipt, whatever each step claimed. */
    @Test
    void theScorecardCountsDaysBetweenTimesOfReceipt() {
        JsonNode scorecard = api.json("/api/suppliers/" + SUPPLIER + "/scorecard");
        assertThat(scorecard.get("contracts").asInt()).isEqualTo(CONTRACTS);
        assertThat(scorecard.get("clausesFilledIn").asInt()).isEqualTo(CONTRACTS);
        assertThat(scorecard.get("medianDaysOpenToFilledIn").asDouble()).isEqualTo(10.17);
        assertThat(scorecard.at("/sla20/medianDaysFromOneToTwo").asDouble()).isEqualTo(10.04);
    }

    private static JsonNode clause(JsonNode view, String clauseId) {
        for (JsonNode clause : view.get("clauses")) {
            if (clause.get("clauseId").asString().equals(clauseId)) {
                return clause;
            }
        }
        throw new AssertionError("no clause " + clauseId + " in " + view);
    }

    private static Instant instant(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isMissingNode() || value.isNull() ? null : Instant.parse(value.asString());
    }

    /** When the service received the command of the {@code nth} event of this type (from 0). */
    private static Instant received(List<EventEnvelope> envelopes, String type, int nth) {
        return envelopes.stream()
                .filter(e -> e.type().equals(type))
                .skip(nth)
                .findFirst()
                .orElseThrow()
                .receivedAt();
    }
}
