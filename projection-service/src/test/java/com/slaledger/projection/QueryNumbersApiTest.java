package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.Story;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Every number query parameter is read as ASCII digits only, as the README says: anything else
 * (digits of other scripts, whitespace, a plus, hex, generated text) is 400 INVALID through the
 * real endpoint, and the same request with a number written plainly is answered after it.
 */
@ProjectionServiceTest
class QueryNumbersApiTest {

    private static final String WHAT_IF = "/api/contracts/QN-1/clauses/availability/what-if";

    /** An endpoint, the rest of its query, one number parameter, and a value it answers. */
    private record Parameter(String path, String rest, String name, String answered) {}

    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("/api/contracts/QN-1/history", "", "fromSequence", "1"),
            new Parameter("/api/contracts/QN-1/history", "", "size", "5"),
            new Parameter("/api/contracts/QN-1/breaches", "", "fromSequence", "1"),
            new Parameter("/api/contracts/QN-1/breaches", "", "size", "5"),
            new Parameter("/api/contracts/QN-1", "", "minSequence", "0"),
            new Parameter("/api/contracts/QN-1/pinch", "", "months", "5"),
            new Parameter("/api/contracts", "", "page", "1"),
            new Parameter("/api/contracts", "", "size", "5"),
            new Parameter("/api/open-clauses", "", "page", "1"),
            new Parameter("/api/open-clauses", "", "size", "5"),
            new Parameter("/api/admin/parked", "", "limit", "5"),
            new Parameter("/api/contracts/QN-1/clauses/response-time/evidence", "", "coverage", "0.9"),
            new Parameter("/api/contracts/QN-1/clauses/response-time/evidence", "", "creditPercent", "2.5"),
            new Parameter(WHAT_IF, "unit=PERCENT&creditPercent=5", "target", "96"),
            new Parameter(WHAT_IF, "unit=PERCENT&target=96", "creditPercent", "5e0"));

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Test
    void aNumberParameterTakesOnlyAsciiDigits() {
        events.publishAndAwait(Story.contract("QN-1")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .envelopes());
        for (Parameter parameter : PARAMETERS) {
            // Not empty: Spring takes an empty parameter as absent, and gives it its default.
            List<String> values =
                    new ArrayList<>(List.of("໕", "٣", " 5", "+5", "0x5", "5d", "NaN", "Infinity", ".5", " "));
            values.addAll(Arbitraries.strings()
                    .ofMinLength(1)
                    .ofMaxLength(12)
                    .filter(s -> !s.matches("[-0-9.eE]+"))
                    .list()
                    .ofSize(8)
                    .sample());
            for (String value : values) {
                ResponseEntity<String> refused = get(parameter, value);
                String what = parameter.path() + "?" + parameter.name() + "=" + value;
                assertThat(refused.getStatusCode().value()).as(what).isEqualTo(400);
                JsonNode problem = SlaJson.mapper().readTree(refused.getBody());
                if (!Api.refusalOf(value).equals("INVALID")) {
                    // Refused by the firewall before any endpoint reads it, as in any parameter.
                    assertThat(problem.path("code").asString("")).as(what).isEqualTo(Api.refusalOf(value));
                    continue;
                }
                assertThat(problem.path("code").asString(""))
                        .as("%s: %s", what, refused.getBody())
                        .isEqualTo("INVALID");
                // Said in the published language's words, the value repeated only as printable text.
                assertThat(problem.path("detail").asString(""))
                        .as(what)
                        .startsWith(parameter.name() + " must be a")
                        .doesNotContain("java.lang", "Failed to convert")
                        .doesNotContainPattern("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]");
            }
            ResponseEntity<String> answered = get(parameter, parameter.answered());
            assertThat(answered.getStatusCode().value())
                    .as(parameter + ": " + answered.getBody())
                    .isEqualTo(200);
        }
    }

    private ResponseEntity<String> get(Parameter parameter, String value) {
        return Api.on(port).get(parameter.path(), parameter.rest(), parameter.name(), value);
    }
}
