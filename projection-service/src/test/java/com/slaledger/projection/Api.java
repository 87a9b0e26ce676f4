package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.TestTokens;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The query API as a test calls it: any status is returned, not thrown. */
record Api(RestClient http) {

    /** Calls with a token holding every role, for tests about behaviour rather than access. */
    static Api on(int port) {
        return as(port, TestTokens.all());
    }

    static Api as(int port, String token) {
        RestClient.Builder builder = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {});
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        return new Api(builder.build());
    }

    ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    ResponseEntity<String> post(String path) {
        return http.post().uri(path).retrieve().toEntity(String.class);
    }

    /**
     * A GET of {@code path} with the query {@code rest} and {@code name=value}, the value encoded
     * as a query parameter's value is (a {@code +} as {@code %2B}).
     */
    ResponseEntity<String> get(String path, String rest, String name, String value) {
        return http.get()
                .uri(builder -> builder.path(path)
                        .query(rest)
                        .queryParam(name, "{value}")
                        .build(value))
                .retrieve()
                .toEntity(String.class);
    }

    /** The body of a 200 answer as JSON; any other status fails the test with the body. */
    JsonNode json(String path) {
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode().value())
                .as(path + ": " + response.getBody())
                .isEqualTo(200);
        return SlaJson.mapper().readTree(response.getBody());
    }

    /**
     * The code a query value the endpoint cannot take is refused with: UNREADABLE_REQUEST when it
     * holds a control character (the firewall, before any endpoint reads it), else INVALID.
     */
    static String refusalOf(String value) {
        return value.codePoints().anyMatch(Character::isISOControl) ? "UNREADABLE_REQUEST" : "INVALID";
    }
}
