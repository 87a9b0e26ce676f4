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

/**
 * Every whole-number query parameter is read as ASCII digits only, as the README says: anything
 * else (digits of other scripts, whitespace, a plus, hex, generated text) is 400 INVALID through
 * the real endpoint, and the same request with a number written plainly is answered after it.
 */
@ProjectionServiceTest
class WholeNumberParametersTest {

    /** Each endpoint and its whole-number parameter, with a value it answers. */
    private static final List<String[]> PARAMETERS = List.of(
            new String[] {"/api/contracts/WN-1/history", "fromSequence", "1"},
            new String[] {"/api/contracts/WN-1/history", "size", "5"},
            new String[] {"/api/contracts/WN-1/breaches", "fromSequence", "1"},
            new String[] {"/api/contracts/WN-1/breaches", "size", "5"},
            new String[] {"/api/contracts/WN-1", "minSequence", "0"},
            new String[] {"/api/contracts/WN-1/pinch", "months", "5"},
            new String[] {"/api/contracts", "page", "1"},
            new String[] {"/api/contracts", "size", "5"},
            new String[] {"/api/open-clauses", "page", "1"},
            new String[] {"/api/open-clauses", "size", "5"},
            new String[] {"/api/admin/parked", "limit", "5"});

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Test
    void aWholeNumberParameterTakesOnlyAsciiDigits() {
        events.publishAndAwait(Story.contract("WN-1").envelopes());
        for (String[] parameter : PARAMETERS) {
            // Not empty: Spring takes an empty parameter as absent, and gives it its default.
            List<String> values = new ArrayList<>(List.of("໕", "٣", " 5", "+5", "0x5", "5.0", " "));
            values.addAll(Arbitraries.strings()
                    .ofMinLength(1)
                    .ofMaxLength(12)
                    .filter(s -> !s.matches("-?[0-9]+"))
                    .list()
                    .ofSize(8)
                    .sample());
            for (String value : values) {
                ResponseEntity<String> refused = get(parameter[0], parameter[1], value);
                String what = parameter[0] + "?" + parameter[1] + "=" + value;
                assertThat(refused.getStatusCode().value()).as(what).isEqualTo(400);
                assertThat(SlaJson.mapper()
                                .readTree(refused.getBody())
                                .path("code")
                                .asString(""))
                        .as("%s: %s", what, refused.getBody())
                        .isEqualTo("INVALID");
            }
            ResponseEntity<String> answered = get(parameter[0], parameter[1], parameter[2]);
            assertThat(answered.getStatusCode().value())
                    .as(parameter[0] + "?" + parameter[1] + "=" + parameter[2] + ": " + answered.getBody())
                    .isEqualTo(200);
        }
    }

    private ResponseEntity<String> get(String path, String name, String value) {
        return Api.on(port)
                .http()
                .get()
                .uri(builder -> builder.path(path).queryParam(name, "{value}").build(value))
                .retrieve()
                .toEntity(String.class);
    }
}
