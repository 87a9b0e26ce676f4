package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.json.SlaJson;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The query API as a test calls it: any status is returned, not thrown. */
record Api(RestClient http) {

    static Api on(int port) {
        return new Api(RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {}).build());
    }

    ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    /** The body of a 200 answer as JSON; any other status fails the test with the body. */
    JsonNode json(String path) {
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(200);
        return SlaJson.mapper().readTree(response.getBody());
    }
}
