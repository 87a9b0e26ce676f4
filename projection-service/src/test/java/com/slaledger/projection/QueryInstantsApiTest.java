package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.Story;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Every instant query parameter takes the years 1 to 9999, as the README says: beyond them (which
 * Java reads and PostgreSQL does not) is 400 INVALID through the real endpoint, where it was 500,
 * and the first and last instants of the years are answered.
 */
@ProjectionServiceTest
class QueryInstantsApiTest {

    /** An endpoint, the rest of its query, and its instant parameter. */
    private record Parameter(String path, String rest, String name) {}

    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("/api/contracts/QI-1", "", "asOf"),
            new Parameter("/api/contracts/QI-1/breaches", "", "knownAt"),
            new Parameter("/api/contracts/QI-1/credits", "", "knownAt"),
            new Parameter("/api/contracts/QI-1/clauses/response-time/evidence", "", "knownAt"),
            new Parameter(
                    "/api/contracts/QI-1/clauses/availability/what-if",
                    "unit=PERCENT&target=96&creditPercent=5",
                    "knownAt"),
            new Parameter("/api/contracts/QI-1/pinch", "", "knownAt"));

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Test
    void anInstantParameterTakesTheYearsOneTo9999() {
        events.publishAndAwait(Story.contract("QI-1")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .envelopes());
        for (Parameter parameter : PARAMETERS) {
            for (String value : List.of(
                    "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z",
                    "-4714-11-24T00:00:00Z",
                    "+294277-01-01T00:00:00Z",
                    "0000-12-31T23:59:59Z",
                    "+10000-01-01T00:00:00Z",
                    "2026-12-01T10:00:00")) {
                ResponseEntity<String> refused = get(parameter, value);
                String what = parameter.path() + "?" + parameter.name() + "=" + value;
                assertThat(refused.getStatusCode().value())
                        .as(what + ": " + refused.getBody())
                        .isEqualTo(400);
                JsonNode problem = SlaJson.mapper().readTree(refused.getBody());
                assertThat(problem.path("code").asString("")).as(what).isEqualTo("INVALID");
                assertThat(problem.path("detail").asString(""))
                        .as(what)
                        .isEqualTo(parameter.name()
                                + (value.endsWith("Z")
                                        ? " must be an instant from the year 1 to 9999, not "
                                        : " must be an instant such as 2026-11-27T09:15:00Z, not ")
                                + value);
            }
            ResponseEntity<String> last = get(parameter, "9999-12-31T23:59:59.999999999Z");
            assertThat(last.getStatusCode().value())
                    .as(parameter + ": " + last.getBody())
                    .isEqualTo(200);
            ResponseEntity<String> first = get(parameter, "0001-01-01T00:00:00Z");
            assertThat(first.getStatusCode().value())
                    .as(parameter + ": nothing was known yet, which is no failure: " + first.getBody())
                    .isIn(200, 404, 409);
        }
    }

    private ResponseEntity<String> get(Parameter parameter, String value) {
        return Api.on(port).get(parameter.path(), parameter.rest(), parameter.name(), value);
    }
}
