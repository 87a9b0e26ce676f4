package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.command.DraftClause;
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** Who may call contract-service, for every endpoint. */
@ContractServiceTest
@ExtendWith(OutputCaptureExtension.class)
class AccessTest {

    @LocalServerPort
    int port;

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", "/api/commands", "INTEGRATION", "ANALYST", 200),
                Arguments.of("GET", "/api/contracts/ACCESS-1/history/verify", "AUDITOR", "INTEGRATION", 404),
                Arguments.of("GET", "/api/admin/dead-letters", "ADMIN", "INTEGRATION", 200),
                // limit=0 answers 400 past the access check, and re-drives nothing other tests could see.
                Arguments.of("POST", "/api/admin/dead-letters/redrive?limit=0", "ADMIN", "AUDITOR", 400),
                Arguments.of("GET", "/actuator/metrics", "ADMIN", "AUDITOR", 200),
                Arguments.of("GET", "/actuator/prometheus", "ADMIN", "INTEGRATION", 200),
                Arguments.of("GET", "/v3/api-docs", "INTEGRATION", null, 200));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void everyEndpointNeedsAValidTokenWithTheRightRole(
            String method, String path, String allowed, String refused, int answer) {
        assertThat(status(method, path, null)).as("no token").isEqualTo(401);
        assertThat(status(
                        method,
                        path,
                        Tokens.mint(TestTokens.SECRET, "late", List.of(allowed), null, Duration.ofSeconds(-60))))
                .as("expired")
                .isEqualTo(401);
        assertThat(status(
                        method,
                        path,
                        Tokens.mint(
                                "another-secret-another-secret-another-secret",
                                "x",
                                List.of(allowed),
                                null,
                                Duration.ofMinutes(5))))
                .as("another key")
                .isEqualTo(401);
        if (refused != null) {
            assertThat(status(method, path, TestTokens.withRoles(refused)))
                    .as("wrong role")
                    .isEqualTo(403);
        }
        assertThat(status(method, path, TestTokens.withRoles(allowed)))
                .as("right role")
                .isEqualTo(answer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void everyEndpointRefusesAnOversizedBody(String method, String path, String allowed) {
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> answer = RawHttp.send(
                    "http://localhost:" + port + path,
                    method,
                    TestTokens.withRoles(allowed),
                    new byte[300_000],
                    chunked);
            assertThat(answer.statusCode())
                    .as(chunked ? "chunked" : "with a length")
                    .isEqualTo(413);
            assertThat(answer.body()).contains("\"code\":\"TOO_LARGE\"");
        }
    }

    @Test
    void aChunkedCommandWithinTheLimitGoesThrough() {
        HttpResponse<String> answer = RawHttp.send(
                "http://localhost:" + port + "/api/commands",
                "POST",
                TestTokens.withRoles("INTEGRATION"),
                bytes(envelope(Party.CLIENT, draft("ACCESS-CHUNKED"))),
                true);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void sqlMetaCharactersAndPathTricksGetACleanAnswer(CapturedOutput log) {
        int before = log.getAll().length();
        String token = TestTokens.all();
        assertThat(status("GET", "/api/contracts/x'%20OR%20'1'='1/history/verify", token))
                .isIn(400, 404);
        assertThat(status("GET", "/api/contracts/A;DROP%20TABLE%20domain_event_entry/history/verify", token))
                .isIn(400, 404);
        assertThat(status("GET", "/api/contracts/..%2F..%2Fetc%2Fpasswd/history/verify", token))
                .isIn(400, 404);
        assertThat(status("GET", "/api/admin/dead-letters?limit=1%20OR%201=1", token))
                .isEqualTo(400);
        assertThat(status("POST", "/api/admin/dead-letters/redrive?limit=1;DROP", token))
                .isIn(400, 404);
        assertThat(log.getAll().substring(before))
                .as("nothing logged as an error")
                .doesNotContain("ERROR");
    }

    @Test
    void healthAndInfoArePublic() {
        assertThat(status("GET", "/actuator/health", null)).isEqualTo(200);
        assertThat(status("GET", "/actuator/info", null)).isEqualTo(200);
    }

    @Test
    void aCommandForAPartyTheTokenDoesNotHoldIsForbidden() {
        String acmeOnly = TestTokens.forParties(List.of("acme"), "INTEGRATION");
        assertThat(post(bytes(envelope(Party.SUPPLIER, draft("ACCESS-2"))), acmeOnly))
                .as("acme is the client, not the supplier")
                .isEqualTo(403);
        assertThat(post(bytes(envelope(Party.CLIENT, draft("ACCESS-2"))), acmeOnly))
                .isEqualTo(200);
        String hostcoOnly = TestTokens.forParties(List.of("hostco"), "INTEGRATION");
        DraftClause clause = new DraftClause(ContractId.of("ACCESS-2"), ClauseId.of("a"), "A", "t", null, null, null);
        assertThat(post(bytes(envelope(Party.CLIENT, clause)), hostcoOnly)).isEqualTo(403);
        assertThat(post(bytes(envelope(Party.SUPPLIER, clause)), hostcoOnly)).isEqualTo(200);
        assertThat(post(
                        bytes(envelope(
                                Party.CLIENT,
                                new DraftClause(
                                        ContractId.of("ACCESS-2"), ClauseId.of("b"), "B", "t", null, null, null))),
                        TestTokens.withRoles("INTEGRATION")))
                .as("a token without parties is trusted")
                .isEqualTo(200);
    }

    @Test
    void aCallerOutsideTheContractIsToldItDoesNotExistAndLearnsNothingOfIt() {
        post(bytes(envelope(Party.CLIENT, draft("ACCESS-3"))), TestTokens.withRoles("INTEGRATION"));
        String outsider = TestTokens.forParties(List.of("nobody"), "INTEGRATION", "AUDITOR");
        DraftClause clause = new DraftClause(ContractId.of("ACCESS-3"), ClauseId.of("a"), "A", "t", null, null, null);
        HttpResponse<String> existing = RawHttp.send(
                "http://localhost:" + port + "/api/commands",
                "POST",
                outsider,
                bytes(envelope(Party.CLIENT, clause)),
                false);
        assertThat(existing.statusCode()).isEqualTo(404);
        assertThat(existing.body()).contains("NOT_FOUND").doesNotContain("\"sequence\":0");
        DraftClause elsewhere =
                new DraftClause(ContractId.of("ACCESS-NONE"), ClauseId.of("a"), "A", "t", null, null, null);
        assertThat(post(bytes(envelope(Party.CLIENT, elsewhere)), outsider))
                .as("the same answer as for a contract that exists")
                .isEqualTo(404);
        assertThat(status("GET", "/api/contracts/ACCESS-3/history/verify", outsider))
                .isEqualTo(404);
        assertThat(status(
                        "GET",
                        "/api/contracts/ACCESS-3/history/verify",
                        TestTokens.forParties(List.of("acme"), "AUDITOR")))
                .isEqualTo(200);
    }

    private int post(byte[] body, String token) {
        return client(token)
                .post()
                .uri("/api/commands")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toBodilessEntity()
                .getStatusCode()
                .value();
    }

    private int status(String method, String path, String token) {
        RestClient.RequestBodySpec request =
                client(token).method(HttpMethod.valueOf(method)).uri(path);
        if (method.equals("POST")) {
            request.contentType(MediaType.APPLICATION_JSON)
                    .body(bytes(envelope(Party.CLIENT, draft("ACCESS-" + System.nanoTime()))));
        }
        return request.retrieve().toBodilessEntity().getStatusCode().value();
    }

    private RestClient client(String token) {
        RestClient.Builder builder = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {});
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        return builder.build();
    }
}
