package com.slaledger.projection;

import static com.slaledger.api.ServiceLevel.Unit.MINUTES;
import static com.slaledger.api.ServiceLevel.Unit.PERCENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.testsupport.Story;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Evidence, what-if and pinch over HTTP: the answers, knownAt, and the refusals with their codes. */
@ProjectionServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperienceApiTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    private List<EventEnvelope> story;

    @BeforeAll
    void publish() {
        story = Story.contract("EXP-API-1")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .breach("e1", Story.RESPONSE_TIME, "2026-12-03T10:00:00Z", "45", MINUTES)
                .breach("e2", Story.RESPONSE_TIME, "2026-12-10T10:00:00Z", "70", MINUTES)
                .at("2027-02-01T00:00:00Z")
                .breach("e3", Story.RESPONSE_TIME, "2027-01-05T10:00:00Z", "50", MINUTES)
                .breach("b1", Story.AVAILABILITY, "2026-12-03T02:00:00Z", "97.0", PERCENT)
                .envelopes();
        events.publishAndAwait(story);
    }

    private JsonNode json(String path) {
        return Api.on(port).json(path);
    }

    private int status(String path) {
        return Api.on(port).get(path).getStatusCode().value();
    }

    private String code(String path) {
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(Api.on(port).get(path).getBody())
                .path("code")
                .asString();
    }

    @Test
    void evidenceOfTheOpenClauseAndAsItWasKnownBeforeTheLateBreach() {
        String path = "/api/contracts/EXP-API-1/clauses/response-time/evidence";
        JsonNode now = json(path + "?coverage=0.5");
        assertThat(now.get("breaches")).hasSize(3);
        assertThat(now.at("/spread/0/median").decimalValue()).isEqualByComparingTo("50");
        assertThat(now.at("/suggestedServiceLevel/level/target").decimalValue())
                .as("worsts 70 (Dec), 50 (Jan): half the months met 50")
                .isEqualByComparingTo("50");

        String before = story.get(story.size() - 2).recordedAt().minusSeconds(1).toString();
        JsonNode then = json(path + "?knownAt=" + before);
        assertThat(then.get("breaches")).hasSize(2);
    }

    /**
     * A breach both parties withdrew, published through the broker, is left out of the evidence and
     * of pinch's breaches per month (it counts there as disputed); the next one counts.
     */
    @Test
    void aWithdrawnBreachIsLeftOutOfTheEvidenceAndTheNextOneCounts() {
        Story withdrawn = Story.contract("EXP-API-W")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .breach("w1", Story.RESPONSE_TIME, "2026-12-03T10:00:00Z", "45", MINUTES)
                .breach("w2", Story.RESPONSE_TIME, "2026-12-10T10:00:00Z", "600", MINUTES)
                .disputed("w2", "the ticket was misfiled")
                .withdrawn("w2", null)
                .breach("w3", Story.RESPONSE_TIME, "2026-12-20T10:00:00Z", "55", MINUTES)
                .creditedBreach("a1", "2026-12-05T10:00:00Z", "0.00", "500.00", "500.00", false)
                .disputed("a1", "planned maintenance")
                .withdrawn("a1", "500.00")
                .creditedBreach("a2", "2026-12-06T10:00:00Z", "0.00", "500.00", "500.00", false);
        events.publishAndAwait(withdrawn.envelopes());

        JsonNode evidence = json("/api/contracts/EXP-API-W/clauses/response-time/evidence?coverage=1");
        assertThat(evidence.get("breaches").findValuesAsString("breachId")).containsExactly("w1", "w3");
        assertThat(evidence.at("/spread/0/max").decimalValue()).isEqualByComparingTo("55");
        assertThat(evidence.at("/suggestedServiceLevel/level/target").decimalValue())
                .isEqualByComparingTo("55");
        assertThat(evidence.get("notes").toString()).contains("1 breach(es) settled as withdrawn");

        JsonNode pinch = json("/api/contracts/EXP-API-W/pinch?months=1&knownAt=2026-12-31T23:00:00Z");
        JsonNode perMonth = pinch.at("/clauses/0/reasons/1/numbers");
        assertThat(perMonth.get("breaches").asInt()).isEqualTo(1);
        assertThat(perMonth.get("withdrawn").asInt()).isEqualTo(1);
        assertThat(pinch.at("/clauses/0/reasons/2/numbers/disputedOrWaived").asInt())
                .isEqualTo(1);
    }

    @Test
    void whatIfAndPinchAnswer() {
        JsonNode whatIf =
                json("/api/contracts/EXP-API-1/clauses/availability/what-if?target=96&unit=PERCENT&creditPercent=5");
        assertThat(whatIf.at("/totals/counted").asInt()).as("97.0 meets 96").isZero();
        assertThat(whatIf.at("/totals/difference/amount").asString()).isEqualTo("-500.00");
        JsonNode pinch = json("/api/contracts/EXP-API-1/pinch?months=3&knownAt=2027-01-31T00:00:00Z");
        assertThat(pinch.get("clauses").findValuesAsString("clauseId")).containsExactly("availability");
    }

    @Test
    void contractServicesVerifyAnswersUnavailableWhenItDoesNotAnswer() {
        // No contract-service runs beside this test's projection-service.
        assertThat(status("/api/contracts/EXP-API-1/history/verify/event-store"))
                .isEqualTo(503);
        assertThat(code("/api/contracts/EXP-API-1/history/verify/event-store")).isEqualTo("UNAVAILABLE");
        assertThat(status("/api/contracts/EXP-API-1/history/verify"))
                .as("the projection's own check still answers")
                .isEqualTo(200);
    }

    @Test
    void refusalsCarryTheirCodes() {
        String base = "/api/contracts/EXP-API-1";
        assertThat(status(base + "/clauses/nothing/evidence")).isEqualTo(404);
        assertThat(status("/api/contracts/EXP-NONE/pinch")).isEqualTo(404);
        assertThat(status(base + "/clauses/availability/evidence")).isEqualTo(409);
        assertThat(code(base + "/clauses/availability/evidence")).isEqualTo("CLAUSE_NOT_OPEN");
        assertThat(status(base + "/clauses/availability/what-if?target=30&unit=MINUTES&creditPercent=5"))
                .as("the measurements are in PERCENT")
                .isEqualTo(400);
        assertThat(code(base + "/clauses/availability/what-if?target=30&unit=MINUTES&creditPercent=5"))
                .isEqualTo("INVALID");
        assertThat(status(base + "/clauses/response-time/evidence?coverage=0")).isEqualTo(400);
        assertThat(status(base + "/pinch?months=0")).isEqualTo(400);
        assertThat(status(base + "/clauses/availability/what-if?target=30&unit=FURLONGS&creditPercent=5"))
                .isEqualTo(400);
        // The limits a command's target and credit % are held to (FieldProblems).
        for (String query : java.util.List.of(
                "target=1e400&creditPercent=5",
                "target=96.12345&creditPercent=5",
                "target=-1&creditPercent=5",
                "target=100.0001&creditPercent=5",
                "target=96&creditPercent=2.123456",
                "target=96&creditPercent=101")) {
            String whatIf = base + "/clauses/availability/what-if?unit=PERCENT&" + query;
            assertThat(code(whatIf)).as(query).isEqualTo("INVALID");
        }
        assertThat(code(base + "/clauses/response-time/evidence?creditPercent=1e-9"))
                .isEqualTo("INVALID");
    }
}
