package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.audit.SigningKeyEndpoint;
import com.slaledger.testsupport.Story;
import com.slaledger.verifier.BundleVerifier;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The auditor's four questions, asked of the seed's story. */
@ProjectionServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest {

    private static final ClauseId HELPDESK = Story.HELPDESK;

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    private Api api;
    private List<EventEnvelope> story;

    /** Two clauses left open, experience, a rejected and an agreed proposal, 2.0, then a breach recorded late. */
    static Story auditStory(String id) {
        ContractId contract = ContractId.of(id);
        return Story.contract(id, "acme", "hostco")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .then(
                        Party.SUPPLIER,
                        new ClauseLeftOpen(
                                contract,
                                HELPDESK,
                                "Helpdesk hours",
                                "Cover the night shift somehow.",
                                LocalDate.parse("2027-02-01"),
                                null))
                .signed()
                .experience("b-exp", Story.RESPONSE_TIME, "2026-12-02T03:00:00Z")
                .creditedBreach("b-1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
                .then(
                        Party.SUPPLIER,
                        new ChangeProposed(
                                contract,
                                Story.RESPONSE_TIME,
                                ChangeKind.FILL_IN,
                                Party.SUPPLIER,
                                null,
                                "Within 4 hours.",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .then(
                        Party.CLIENT,
                        new ChangeRejected(
                                contract,
                                Story.RESPONSE_TIME,
                                ChangeKind.FILL_IN,
                                Party.SUPPLIER,
                                Party.CLIENT,
                                "far too slow"))
                .fillInTogether(Story.RESPONSE_TIME, new ContractVersion(1, 1))
                .fillInTogether(HELPDESK, new ContractVersion(2, 0))
                .at("2027-01-10T00:00:00Z")
                .creditedBreach("b-late", "2026-12-20T02:00:00Z", "500.00", "500.00", "500.00", false);
    }

    @BeforeAll
    void publishTheStory() {
        story = auditStory("AUD-1").envelopes();
        events.publishAndAwait(story);
        for (String id : List.of("AUD-T1", "AUD-T2", "AUD-T3")) {
            events.publishAndAwait(auditStory(id).envelopes());
        }
    }

    @BeforeEach
    void client() {
        api = Api.on(port);
    }

    private ResponseEntity<String> get(String path) {
        return api.get(path);
    }

    private JsonNode json(String path) {
        return api.json(path);
    }

    private Instant recordedAt(int sequence) {
        return story.get(sequence).recordedAt();
    }

    private List<String> clauseStates(JsonNode view) {
        List<String> states = new java.util.ArrayList<>();
        view.get("clauses").forEach(clause -> states.add(clause.get("state").asString()));
        return states;
    }

    @Test
    void asOfShowsTheContractExactlyAsItStoodThen() {
        assertThat(get("/api/contracts/AUD-1?asOf=" + recordedAt(0).minusSeconds(1))
                        .getStatusCode()
                        .value())
                .isEqualTo(404);

        JsonNode draft = json("/api/contracts/AUD-1?asOf=" + recordedAt(3));
        assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
        assertThat(clauseStates(draft)).containsExactly("AGREED", "OPEN", "OPEN");

        JsonNode signed = json("/api/contracts/AUD-1?asOf=" + recordedAt(6));
        assertThat(signed.get("version").asString()).isEqualTo("1.0");

        JsonNode between = json("/api/contracts/AUD-1?asOf=" + recordedAt(12).plusSeconds(60));
        assertThat(between.get("version").asString()).isEqualTo("1.1");
        assertThat(clauseStates(between)).containsExactly("AGREED", "AGREED", "OPEN");

        assertThat(json("/api/contracts/AUD-1").get("version").asString()).isEqualTo("2.0");
    }

    @Test
    void versionOnePointZeroHasBothClausesOpen() {
        JsonNode one = json("/api/contracts/AUD-1/versions/1.0");
        assertThat(clauseStates(one)).containsExactly("AGREED", "OPEN", "OPEN");
        assertThat(get("/api/contracts/AUD-1/versions/7.3").getStatusCode().value())
                .isEqualTo(404);
    }

    /** A version has one spelling: 1.01 is not read as 1.1, nor 01.0 as 1.0 (ValueObjectTest has the rest). */
    @Test
    void aVersionSpelledAnotherWayIsRefusedNotReadAsAnother() {
        assertThat(codeOf("/api/contracts/AUD-1/versions/1.01")).isEqualTo("400 INVALID");
        assertThat(codeOf("/api/contracts/AUD-1/versions/01.0")).isEqualTo("400 INVALID");
        assertThat(codeOf("/api/contracts/AUD-1/diff?from=1.0&to=2.00")).isEqualTo("400 INVALID");
    }

    /** A 404 names what is missing, so a client can tell a wrong version from a wrong contract. */
    @Test
    void eachNotFoundNamesWhatIsMissing() {
        assertThat(codeOf("/api/contracts/AUD-NONE/versions/1.0")).isEqualTo("404 NOT_FOUND");
        assertThat(codeOf("/api/contracts/AUD-1/versions/7.3")).isEqualTo("404 VERSION_NOT_FOUND");
        assertThat(codeOf("/api/contracts/AUD-1/diff?from=1.0&to=7.3")).isEqualTo("404 VERSION_NOT_FOUND");
        assertThat(codeOf("/api/contracts/AUD-1/clauses/no-such-clause/provenance"))
                .isEqualTo("404 CLAUSE_NOT_FOUND");
        assertThat(codeOf("/api/contracts/AUD-1/clauses/no-such-clause/evidence"))
                .isEqualTo("404 CLAUSE_NOT_FOUND");
        assertThat(codeOf("/api/contracts/AUD-NONE/clauses/response-time/provenance"))
                .isEqualTo("404 NOT_FOUND");
    }

    private String codeOf(String path) {
        ResponseEntity<String> answer = get(path);
        return answer.getStatusCode().value() + " "
                + SlaJson.mapper().readTree(answer.getBody()).get("code").asString();
    }

    @Test
    void theDiffFromOnePointZeroToTwoPointZeroNamesExactlyTheTwoFilledInClauses() {
        JsonNode diff = json("/api/contracts/AUD-1/diff?from=1.0&to=2.0");
        assertThat(diff.get("changes").findValuesAsString("clauseId")).containsExactly("response-time", "helpdesk");
        assertThat(diff.get("changes").findValuesAsString("change")).containsOnly("FILLED_IN");
        assertThat(diff.at("/changes/0/before/intent").asString()).isEqualTo("Agree once we know the incidents.");
        assertThat(diff.at("/changes/0/after/text").asString()).isEqualTo("P1 within 30 minutes.");
    }

    /**
     * The drift issue 17 found: reopened under a new category and agreed, the clause showed its old
     * category in the view. One fold now: the view, the version snapshot and the provenance agree.
     */
    @Test
    void aClauseReopenedUnderANewCategoryShowsItInTheViewTheVersionAndTheProvenance() {
        ContractId id = ContractId.of("AUD-REOPEN-1");
        LeaveClauseOpen reopen = new LeaveClauseOpen(
                id,
                Story.AVAILABILITY,
                "Availability per service",
                "Measure availability per service, not per server.",
                java.time.LocalDate.parse("2027-06-01"),
                "learning");
        events.publishAndAwait(Story.contract(id.value())
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .reopenTogether(reopen, new ContractVersion(1, 1))
                .envelopes());

        String base = "/api/contracts/" + id;
        assertThat(json(base).at("/clauses/0/category").asString()).isEqualTo("learning");
        assertThat(json(base + "/versions/1.1").at("/clauses/0/category").asString())
                .isEqualTo("learning");
        assertThat(json(base + "/versions/1.0").at("/clauses/0/category").asString())
                .isNotEqualTo("learning");
        JsonNode steps = json(base + "/clauses/availability/provenance").get("steps");
        JsonNode agreed = steps.get(steps.size() - 1);
        assertThat(agreed.get("kind").asString()).isEqualTo("AGREED");
        assertThat(agreed.at("/wording/category").asString()).isEqualTo("learning");
        assertThat(agreed.at("/wording/heading").asString()).isEqualTo("Availability per service");
    }

    @Test
    void provenanceTellsHowTheClauseCameToBeInOrder() {
        JsonNode provenance = json("/api/contracts/AUD-1/clauses/response-time/provenance");
        assertThat(provenance.get("steps").findValuesAsString("kind"))
                .containsExactly("LEFT_OPEN", "AGREED", "EXPERIENCE", "PROPOSED", "REJECTED", "PROPOSED", "AGREED");
        JsonNode steps = provenance.get("steps");
        assertThat(steps.get(0).at("/wording/intent").asString()).isEqualTo("Agree once we know the incidents.");
        assertThat(steps.get(0).get("reviewBy").asString()).isEqualTo("2027-03-01");
        assertThat(steps.get(0).at("/by/party").asString()).isEqualTo("SUPPLIER");
        assertThat(steps.get(1).get("enteredVersion").asString()).isEqualTo("1.0");
        assertThat(steps.get(2).at("/breach/breachId").asString()).isEqualTo("b-exp");
        assertThat(steps.get(3).at("/wording/text").asString()).isEqualTo("Within 4 hours.");
        assertThat(steps.get(4).get("reason").asString()).isEqualTo("far too slow");
        assertThat(steps.get(6).at("/by/party").asString()).isEqualTo("CLIENT");
        assertThat(steps.get(6).get("enteredVersion").asString()).isEqualTo("1.1");
        List<Long> sequences =
                steps.findValues("sequence").stream().map(JsonNode::asLong).toList();
        assertThat(sequences).isSorted();
    }

    /**
     * A breach is often recorded after the clause changed. Its step says how it was judged, by the
     * clause's terms when it occurred: experience from while response time was still open, a breach
     * of availability from before the parties reopened it.
     */
    @Test
    void provenanceNamesALateRecordedBreachByTheClauseWhenItOccurredNotWhenItWasRecorded() {
        ContractId id = ContractId.of("AUD-LATE");
        LeaveClauseOpen reopen = new LeaveClauseOpen(
                id, Story.AVAILABILITY, "Availability", "Measure per service.", LocalDate.parse("2027-06-01"), null);
        List<EventEnvelope> late = Story.contract(id.value())
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .fillInTogether(Story.RESPONSE_TIME, new ContractVersion(2, 0)) // agreed at 17:00
                .reopenTogether(reopen, new ContractVersion(2, 1)) // reopened at 19:00
                .breach("while-open", Story.RESPONSE_TIME, "2026-12-01T16:30:00Z", "45", ServiceLevel.Unit.MINUTES)
                .breach("while-agreed", Story.AVAILABILITY, "2026-12-01T18:30:00Z", "97.0", ServiceLevel.Unit.PERCENT)
                .envelopes();
        assertThat(late.subList(late.size() - 2, late.size()))
                .extracting(e -> ((BreachRecorded) e.event()).treatment())
                .as("the story's breaches, judged by the shared rules")
                .containsExactly(BreachTreatment.EXPERIENCE, BreachTreatment.CREDITED);
        events.publishAndAwait(late);

        JsonNode responseTime = lastStep("AUD-LATE", "response-time");
        assertThat(responseTime.at("/breach/breachId").asString()).isEqualTo("while-open");
        assertThat(responseTime.get("kind").asString()).isEqualTo("EXPERIENCE");
        JsonNode availability = lastStep("AUD-LATE", "availability");
        assertThat(availability.at("/breach/breachId").asString()).isEqualTo("while-agreed");
        assertThat(availability.get("kind").asString()).isEqualTo("BREACH");
    }

    private JsonNode lastStep(String contract, String clause) {
        JsonNode steps = json("/api/contracts/" + contract + "/clauses/" + clause + "/provenance")
                .get("steps");
        return steps.get(steps.size() - 1);
    }

    @Test
    void aMonthsCreditsAreAnsweredAsKnownBeforeAndAfterALateRecordedBreach() {
        Instant beforeLate = recordedAt(story.size() - 2).plusSeconds(60);
        JsonNode before = json("/api/contracts/AUD-1/credits?month=2026-12&knownAt=" + beforeLate);
        assertThat(before.at("/months/0/credited/amount").asString()).isEqualTo("500.00");
        assertThat(before.at("/months/0/credits").findValuesAsString("breachId"))
                .containsExactly("b-1");

        JsonNode after = json("/api/contracts/AUD-1/credits?month=2026-12");
        assertThat(after.at("/months/0/credited/amount").asString()).isEqualTo("1000.00");
        assertThat(after.at("/months/0/credits").findValuesAsString("breachId")).containsExactly("b-1", "b-late");
    }

    @Test
    void theExportVerifiesOffline() {
        JsonNode written =
                SlaJson.mapper().readTree(get("/api/contracts/AUD-1/export").getBody());
        ExportBundle bundle = SlaJson.mapper().treeToValue(written, ExportBundle.class);
        assertThat(bundle.events()).hasSize(story.size());
        assertThat(bundle.versions())
                .extracting(ExportBundle.VersionSnapshot::version)
                .containsExactly("1.0", "1.1", "2.0");
        ResponseEntity<String> key = Api.as(port, null).get("/api/signing-key");
        assertThat(key.getStatusCode().value())
                .as("the public key is open to anyone")
                .isEqualTo(200);
        PublicKey serviceKey = SigningKeys.readPublic(key.getBody());
        BundleVerifier.Report report = BundleVerifier.verify(bundle, written, serviceKey);
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.versionsChecked())
                .as("every version recomputed by folding the bundle's events")
                .isEqualTo(3);
        assertThat(report.headSignedBy())
                .isEqualTo(SigningKeys.keyId(serviceKey))
                .isEqualTo(key.getHeaders().getFirst(SigningKeyEndpoint.KEY_ID_HEADER));
        assertThat(bundle.head().lastSequence()).isEqualTo(story.size() - 1);
        assertThat(BundleVerifier.verify(bundle, SigningKeys.generate().getPublic())
                        .valid())
                .as("another key")
                .isFalse();
    }

    @Test
    void oneAlteredByteInTheProjectionsCopyIsNamedByVerify() {
        jdbc.sql("UPDATE event_log SET envelope = replace(envelope, 'Helpdesk hours', 'Helpdesk houRs') "
                        + "WHERE contract_id = 'AUD-T1' AND sequence = 3")
                .update();
        JsonNode verify = json("/api/contracts/AUD-T1/history/verify");
        assertThat(verify.get("valid").asBoolean()).isFalse();
        assertThat(verify.get("brokenAtSequence").asLong()).isEqualTo(3);
    }

    @Test
    void twoReorderedEventsAreDetected() {
        jdbc.sql("UPDATE event_log SET sequence = -1 WHERE contract_id = 'AUD-T2' AND sequence = 8")
                .update();
        jdbc.sql("UPDATE event_log SET sequence = 8 WHERE contract_id = 'AUD-T2' AND sequence = 9")
                .update();
        jdbc.sql("UPDATE event_log SET sequence = 9 WHERE contract_id = 'AUD-T2' AND sequence = -1")
                .update();
        JsonNode verify = json("/api/contracts/AUD-T2/history/verify");
        assertThat(verify.get("valid").asBoolean()).isFalse();
        assertThat(verify.get("brokenAtSequence").asLong()).isEqualTo(8);
    }

    @Test
    void aDeletedEventIsDetected() {
        jdbc.sql("DELETE FROM event_log WHERE contract_id = 'AUD-T3' AND sequence = 5")
                .update();
        JsonNode verify = json("/api/contracts/AUD-T3/history/verify");
        assertThat(verify.get("valid").asBoolean()).isFalse();
        assertThat(verify.get("brokenAtSequence").asLong()).isEqualTo(5);
    }
}
