package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.BadRequests;
import com.slaledger.testsupport.PostgresServer;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every error the query API answers is Problem Details with a stable code, whichever layer refuses
 * the request (Tomcat, the firewall, Spring MVC, an endpoint), as the README's "HTTP errors" says:
 * generated bad requests sent as bytes, then a good one still answered.
 */
@ProjectionServiceTest
@ExtendWith(OutputCaptureExtension.class)
class HttpErrorsTest {

    private static final List<String> PATHS =
            List.of("/api/contracts", "/api/contracts/ERR-1", "/api/contracts/ERR-1/history", "/api/open-clauses");

    /** Endpoints that read the query's {@code clientId} and {@code size}. */
    private static final List<String> QUERIED = List.of("/api/contracts", "/api/open-clauses");

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @Test
    void generatedBadRequestsAreAnsweredAsProblemsWithACode(CapturedOutput log) {
        events.publishAndAwait(Story.contract("ERR-1").envelopes());
        String token = TestTokens.all();
        assertThat(BadRequests.wrongAnswers(port, BadRequests.against(PATHS, QUERIED, token), 200, log))
                .isEmpty();
        BadRequests.Answer good = BadRequests.get(port, "/api/contracts/ERR-1", token);
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.body()).contains("ERR-1");
    }

    /**
     * An endpoint that fails for want of its table (as when the database is broken) goes through
     * to the error page: 500 INTERNAL_ERROR, without the database's message; once the table is
     * back, the next request is answered.
     */
    @Test
    void anEndpointThatFailsIsAnswered500WithACodeAndTheNextRequestIsAnswered() throws Exception {
        String token = TestTokens.all();
        String database =
                jdbc.sql("SELECT current_database()").query(String.class).single();
        String schema = jdbc.sql("SELECT current_schema()").query(String.class).single();
        try (Connection admin = DriverManager.getConnection(
                        PostgresServer.get().jdbcUrl(database),
                        PostgresServer.get().username(),
                        PostgresServer.get().password());
                Statement sql = admin.createStatement()) {
            sql.execute("ALTER TABLE " + schema + ".contract_view RENAME TO contract_view_away");
            try {
                BadRequests.Answer failed = BadRequests.get(port, "/api/contracts?clientId=anyone", token);
                assertThat(failed.status()).as(failed.body()).isEqualTo(500);
                assertThat(failed.contentType()).startsWith("application/problem+json");
                assertThat(failed.body())
                        .contains("\"code\":\"INTERNAL_ERROR\"")
                        .doesNotContain("contract_view");
            } finally {
                sql.execute("ALTER TABLE " + schema + ".contract_view_away RENAME TO contract_view");
            }
        }
        BadRequests.Answer answered = BadRequests.get(port, "/api/contracts?clientId=anyone", token);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    }

    @Test
    void eachLayerAnswersWithItsOwnCode() {
        String token = TestTokens.all();
        assertThat(codeOf("GET /api/contracts/a%00b", token)).isEqualTo("400 UNREADABLE_REQUEST"); // Tomcat
        assertThat(codeOf("GET /api/contracts/a;b", token)).isEqualTo("400 UNREADABLE_REQUEST"); // firewall
        assertThat(codeOf("GET /api/contracts?clientId=%FF", token)).isEqualTo("400 UNREADABLE_REQUEST");
        assertThat(codeOf("GET /api/contracts?page=x", token)).isEqualTo("400 INVALID"); // the endpoint
        assertThat(codeOf("GET /api/nothing-here", token)).isEqualTo("404 NO_SUCH_PATH");
        assertThat(codeOf("GET /api/contracts/NOPE", token)).isEqualTo("404 NOT_FOUND");
        assertThat(codeOf("DELETE /api/contracts", token)).isEqualTo("405 METHOD_NOT_ALLOWED");
        assertThat(codeOf("GET /error", token)).isEqualTo("404 NO_SUCH_PATH");
        assertThat(BadRequests.statusAndCode(port, "GET /api/contracts", token, "Accept: application/xml\r\n"))
                .isEqualTo("406 NOT_ACCEPTABLE");
        assertThat(codeOf("GET /api/contracts", null)).isEqualTo("401 UNAUTHENTICATED");
    }

    /**
     * A control character in a query value is refused before any query runs, as it is in a name: a
     * NUL in a text filter reached PostgreSQL, which holds no NUL in text, and the list was
     * answered 500 INTERNAL_ERROR. The answer names the parameter without repeating the character,
     * and the next request is answered.
     */
    @Test
    void aControlCharacterInAQueryValueIsRefusedAndTheNextRequestIsAnswered() {
        events.publishAndAwait(
                Story.contract("ERR-3", "acme-err-3", "hostco-err-3").envelopes());
        String token = TestTokens.all();
        for (String query : List.of(
                "/api/contracts?clientId=acme%00",
                "/api/contracts?supplierId=%00",
                "/api/open-clauses?overdue=true&clientId=%00x",
                "/api/open-clauses?supplierId=a%0Ab",
                "/api/contracts/ERR-3/breaches?clauseId=x%00",
                "/api/contracts?status=%00",
                "/api/contracts/ERR-3/diff?from=1.0%00&to=1.0")) {
            assertThat(codeOf("GET " + query, token)).as(query).isEqualTo("400 UNREADABLE_REQUEST");
        }
        BadRequests.Answer refused = BadRequests.get(port, "/api/contracts?clientId=acme%00", token);
        assertThat(SlaJson.mapper().readTree(refused.body()).path("detail").asString())
                .contains("clientId", "\"acme?\"")
                .doesNotContain("\u0000");
        BadRequests.Answer listed = BadRequests.get(port, "/api/contracts?clientId=acme-err-3", token);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("\"contractId\":\"ERR-3\"");
    }

    /**
     * Two {@code Authorization} headers are refused whichever holds the valid token: Spring would
     * read the first, a proxy in front may have checked the other.
     */
    @Test
    void aRequestWithTwoAuthorizationHeadersIsRefusedWhicheverIsValid() {
        String token = TestTokens.all();
        for (String headers : List.of(
                "Authorization: Bearer " + token + "\r\nAuthorization: Bearer x\r\n",
                "Authorization: Bearer x\r\nauthorization: Bearer " + token + "\r\n",
                "Authorization: Bearer " + token + "\r\nAuthorization: Bearer " + token + "\r\n")) {
            BadRequests.Answer answer = BadRequests.send(
                    port,
                    BadRequests.request("GET", "/api/contracts", null, headers).bytes());
            assertThat(answer.status()).as(headers).isEqualTo(401);
            JsonNode problem = SlaJson.mapper().readTree(answer.body());
            assertThat(problem.path("code").asString()).isEqualTo("UNAUTHENTICATED");
            assertThat(problem.path("detail").asString()).contains("more than one Authorization header");
        }
        assertThat(BadRequests.get(port, "/api/contracts", token).status()).isEqualTo(200);
    }

    /**
     * A parameter that cannot be read as its type, or that is missing, is told in the published
     * language's words, as a command's field is (ADR 0026): what it must be and what was sent, never
     * a Java type or Spring's converter.
     */
    @Test
    void aParameterOfTheWrongKindIsToldWhatItMustBe() {
        events.publishAndAwait(Story.contract("ERR-2").envelopes());
        String token = TestTokens.all();
        assertThat(detailOf("/api/contracts?status=SIGNED", token))
                .isEqualTo("status must be one of "
                        + Arrays.stream(ContractView.ContractStatus.values())
                                .map(Enum::name)
                                .collect(Collectors.joining(", "))
                        + ", not SIGNED");
        assertThat(detailOf("/api/contracts/ERR-2/credits?month=2026-13", token))
                .isEqualTo("month must be a month such as 2026-11, not 2026-13");
        assertThat(detailOf("/api/contracts/ERR-2?asOf=2026-12-01", token))
                .isEqualTo("asOf must be an instant such as 2026-11-27T09:15:00Z, not 2026-12-01");
        assertThat(detailOf("/api/open-clauses?overdue=maybe", token))
                .isEqualTo("overdue must be true or false, not maybe");
        assertThat(detailOf("/api/contracts?size=99999999999", token))
                .isEqualTo("size must be a whole number from -2147483648 to 2147483647, not 99999999999");
        assertThat(detailOf("/api/contracts/ERR-2/history?fromSequence=%E2%80%AE5", token))
                .isEqualTo("fromSequence must be a whole number, not ?5");
        assertThat(detailOf("/api/contracts/ERR-2/diff?from=1.0", token)).isEqualTo("to is required");
        assertThat(detailOf("/api/contracts/ERR-2/diff?from=&to=1.0", token))
                .as("empty is not given")
                .isEqualTo("from is required");
        assertThat(detailOf("/api/contracts/ERR-2?minSequence=", token)).isEqualTo("minSequence is required");
        assertThat(detailOf("/api/contracts/ERR-2?asof=2026-01-01T00:00:00Z", token))
                .as("a misspelt asOf is not answered with the contract as it is now")
                .isEqualTo("asof is not a parameter of this endpoint; it takes asOf");
        assertThat(detailOf("/api/contracts?clientid=acme&Status=ACTIVE", token))
                .isEqualTo("Status, clientid are not parameters of this endpoint; it takes clientId, page, size,"
                        + " status, supplierId");
        assertThat(detailOf("/api/contracts/ERR-2/versions?x", token))
                .isEqualTo("x is not a parameter of this endpoint; it takes none");
        BadRequests.Answer good = BadRequests.get(port, "/api/contracts/ERR-2/credits?month=2026-12", token);
        assertThat(good.status()).as(good.body()).isEqualTo(200);
    }

    private String detailOf(String path, String token) {
        BadRequests.Answer answer = BadRequests.get(port, path, token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode problem = SlaJson.mapper().readTree(answer.body());
        assertThat(problem.path("code").asString()).isEqualTo("INVALID");
        return problem.path("detail").asString();
    }

    private String codeOf(String request, String token) {
        return BadRequests.statusAndCode(port, request, token);
    }
}
