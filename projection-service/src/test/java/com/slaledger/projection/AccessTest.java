package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.security.Tokens;
import com.slaledger.testsupport.AdminActionLines;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may read what, for every endpoint of the query API. */
@ProjectionServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class AccessTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    void contracts() {
        events.publishAndAwait(
                Story.toTwoPointZero("ACC-MINE", "mine", "hostco").envelopes());
        events.publishAndAwait(
                Story.toTwoPointZero("ACC-THEIRS", "theirs", "otherco").envelopes());
    }

    /**
     * The auditor's pages and their scripts are served with a policy that lets only this server's
     * scripts run (ADR 0021), and no page holds what that policy would block: an inline script, an
     * event handler attribute, a style attribute. The browser test shows the pages work under it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/ui/login",
                "/ui/contracts",
                "/ui/contracts/ACC-MINE",
                "/ui/contracts/ACC-MINE/diff",
                "/ui/suppliers/hostco",
                "/ui/app.js",
                "/ui/ui.css"
            })
    void theAuditorsPagesRunOnlyThisServersScripts(String path) {
        HttpResponse<String> page = RawHttp.send("http://localhost:" + port + path, "GET", null, new byte[0], false);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Content-Security-Policy"))
                .containsExactly(com.slaledger.projection.access.AccessConfiguration.PAGES_CONTENT_SECURITY_POLICY);
        if (path.endsWith(".js") || path.endsWith(".css")) {
            return;
        }
        List<String> scripts = java.util.regex.Pattern.compile("<script([^>]*)>")
                .matcher(page.body())
                .results()
                .map(tag -> tag.group(1))
                .toList();
        assertThat(scripts).isNotEmpty().allSatisfy(tag -> assertThat(tag).matches(" src=\"/ui/[a-z-]+\\.js\""));
        assertThat(page.body()).doesNotContainPattern("(?i)\\s(on[a-z]+|style)\\s*=");
        scripts.forEach(tag -> assertThat(RawHttp.send(
                                "http://localhost:" + port + tag.substring(6, tag.length() - 1),
                                "GET",
                                null,
                                new byte[0],
                                false)
                        .statusCode())
                .as(tag)
                .isEqualTo(200));
    }

    /** Swagger UI, also served here, is a third party's page, which the policy was not written or tested for. */
    @Test
    void swaggerUiIsNotBoundByThePagesPolicy() {
        HttpResponse<String> swagger = RawHttp.send(
                "http://localhost:" + port + "/swagger-ui/index.html", "GET", TestTokens.all(), new byte[0], false);

        assertThat(swagger.statusCode()).isEqualTo(200);
        assertThat(swagger.headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    /** Every endpoint with the role that may call it and one that may not. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("/api/contracts", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE?asOf=2030-01-01T00:00:00Z", "ANALYST", "ADMIN"),
                Arguments.of("/api/contracts/ACC-MINE/versions", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE/versions/2.0", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE/diff?from=1.0&to=2.0", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE/credits", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/open-clauses", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/suppliers/hostco/scorecard", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE/clauses/response-time/evidence", "ANALYST", "INTEGRATION"),
                Arguments.of(
                        "/api/contracts/ACC-MINE/clauses/response-time/what-if?target=30&unit=MINUTES&creditPercent=2.5",
                        "AUDITOR",
                        "INTEGRATION"),
                Arguments.of("/api/contracts/ACC-MINE/pinch", "ANALYST", "INTEGRATION"),
                Arguments.of("/api/admin/parked", "ADMIN", "AUDITOR"),
                Arguments.of("/api/contracts/ACC-MINE/history", "AUDITOR", "ANALYST"),
                Arguments.of("/api/contracts/ACC-MINE/history/verify", "AUDITOR", "ANALYST"),
                Arguments.of("/api/contracts/ACC-MINE/clauses/response-time/provenance", "AUDITOR", "ANALYST"),
                Arguments.of("/api/contracts/ACC-MINE/export", "AUDITOR", "ANALYST"),
                Arguments.of("/api/admin/rebuild", "ADMIN", "AUDITOR"),
                Arguments.of("/actuator/metrics", "ADMIN", "AUDITOR"),
                Arguments.of("/actuator/prometheus", "ADMIN", "ANALYST"),
                Arguments.of("/v3/api-docs", "ANALYST", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointNeedsAValidTokenWithTheRightRole(String path, String allowed, String refused) {
        assertThat(status(path, null)).as("no token").isEqualTo(401);
        assertThat(status(
                        path, Tokens.mint(TestTokens.SECRET, "late", List.of(allowed), null, Duration.ofSeconds(-60))))
                .as("expired token")
                .isEqualTo(401);
        assertThat(status(
                        path,
                        Tokens.mint(
                                "another-secret-another-secret-another-secret",
                                "forged",
                                List.of(allowed),
                                null,
                                Duration.ofMinutes(5))))
                .as("token signed with another key")
                .isEqualTo(401);
        if (refused != null) {
            assertThat(status(path, TestTokens.withRoles(refused)))
                    .as("wrong role " + refused)
                    .isEqualTo(403);
        }
        assertThat(status(path, TestTokens.withRoles(allowed)))
                .as("right role " + allowed)
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointRefusesAnOversizedBody(String path, String allowed, String refused) {
        HttpResponse<String> answer = RawHttp.send(
                "http://localhost:" + port + path, "GET", TestTokens.withRoles(allowed), new byte[300_000], false);
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"code\":\"TOO_LARGE\"");
        HttpResponse<String> chunked = RawHttp.send(
                "http://localhost:" + port + path, "GET", TestTokens.withRoles(allowed), new byte[300_000], true);
        assertThat(chunked.statusCode()).as("chunked").isEqualTo(413);
    }

    @Test
    void healthAndInfoArePublic() {
        assertThat(status("/actuator/health", null)).isEqualTo(200);
        assertThat(status("/actuator/info", null)).isEqualTo(200);
    }

    @Test
    void anonymousHealthShowsTheStatusOnlyAndTheDetailsAreAdmins() {
        assertThat(Api.as(port, null).get("/actuator/health").getBody())
                .contains("\"status\"")
                .doesNotContain("components")
                .doesNotContain("lag");
        assertThat(Api.as(port, TestTokens.withRoles("ANALYST"))
                        .get("/actuator/health")
                        .getBody())
                .doesNotContain("components");
        assertThat(Api.as(port, TestTokens.withRoles("ADMIN"))
                        .get("/actuator/health")
                        .getBody())
                .contains("consumerLag")
                .contains("parkedEvents");
    }

    static Stream<String> contractPaths() {
        return Stream.of(
                "",
                "?asOf=2030-01-01T00:00:00Z",
                "/versions",
                "/versions/2.0",
                "/diff?from=1.0&to=2.0",
                "/credits",
                "/history",
                "/history/verify",
                "/clauses/response-time/provenance",
                "/export",
                "/clauses/response-time/evidence",
                "/clauses/response-time/what-if?target=30&unit=MINUTES&creditPercent=2.5",
                "/pinch",
                "/stream");
    }

    @ParameterizedTest(name = "theirs{0}")
    @MethodSource("contractPaths")
    void aPartyScopedCallerGets404ForAnotherPartysContract(String suffix) {
        String scoped = TestTokens.forParties(List.of("mine"), "ANALYST", "AUDITOR");
        assertThat(status("/api/contracts/ACC-THEIRS" + suffix, scoped)).isEqualTo(404);
        if (!suffix.equals("/stream")) {
            assertThat(status("/api/contracts/ACC-MINE" + suffix, scoped)).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "tricks{0}")
    @MethodSource("contractPaths")
    void trickyContractIdsGetACleanAnswerOnEveryContractEndpoint(String suffix, CapturedOutput log) {
        int before = log.getAll().length();
        for (String id : List.of(
                "x'%20OR%20'1'='1",
                "ACC-MINE';DROP%20TABLE%20event_log;--",
                "..%2F..%2Fetc%2Fpasswd",
                "ACC-MINE%00",
                "%22%3E%3Cscript%3E")) {
            assertThat(status("/api/contracts/" + id + suffix, TestTokens.all()))
                    .as(id + suffix)
                    .isIn(400, 404);
        }
        assertThat(log.getAll().substring(before))
                .as("nothing logged as an error")
                .doesNotContain("ERROR");
    }

    @Test
    void listsOnlyShowAPartyScopedCallersOwnContracts() {
        String scoped = TestTokens.forParties(List.of("mine"), "ANALYST");
        String contracts = Api.as(port, scoped).get("/api/contracts?size=200").getBody();
        assertThat(contracts).contains("ACC-MINE").doesNotContain("ACC-THEIRS");
        String open = Api.as(port, scoped).get("/api/open-clauses?size=200").getBody();
        assertThat(open).doesNotContain("ACC-THEIRS");
        assertThat(Api.as(port, scoped)
                        .get("/api/suppliers/otherco/scorecard")
                        .getStatusCode()
                        .value())
                .as("the reference check stays readable across clients")
                .isEqualTo(200);
    }

    @Test
    void sqlMetaCharactersAndPathTricksGetACleanAnswer(CapturedOutput log) {
        int before = log.getAll().length();
        String token = TestTokens.all();
        assertThat(status("/api/contracts/x'%20OR%20'1'='1", token)).isIn(400, 404);
        assertThat(status("/api/contracts/ACC-MINE;DROP%20TABLE%20event_log", token))
                .isIn(400, 404);
        assertThat(status("/api/contracts?clientId=x'%20OR%201=1--", token)).isEqualTo(200);
        assertThat(Api.as(port, token)
                        .get("/api/contracts?clientId=x'%20OR%201=1--")
                        .getBody())
                .contains("\"total\":0");
        assertThat(status("/api/contracts?page=1;DROP", token)).isEqualTo(400);
        assertThat(status("/api/contracts/ACC-MINE/credits?month=2026-13", token))
                .isEqualTo(400);
        assertThat(status("/api/contracts/..%2F..%2Fetc%2Fpasswd", token)).isIn(400, 404);
        assertThat(status("/api/contracts/ACC-MINE/versions/1.0'--", token)).isEqualTo(400);
        assertThat(status("/api/contracts/ACC-MINE?asOf=2030'%20OR%201=1--", token))
                .isEqualTo(400);
        assertThat(status("/api/contracts/ACC-MINE/diff?from=1.0'--&to=2.0", token))
                .isEqualTo(400);
        assertThat(status("/api/open-clauses?supplierId=x'%20OR%201=1--&overdue=maybe", token))
                .isEqualTo(400);
        assertThat(status("/api/suppliers/x'%20OR%201=1--/scorecard", token)).isIn(200, 400, 404);
        assertThat(jdbc.sql("SELECT count(*) FROM event_log").query(Long.class).single())
                .isPositive();
        assertThat(log.getAll().substring(before))
                .as("nothing logged as an error")
                .doesNotContain("ERROR");
    }

    /**
     * A query parameter that cannot be read as its type is bad input like any other: 400 with the
     * stable code INVALID, not the framework's answer without one.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/contracts?page=1;DROP",
                "/api/contracts?status=SIGNED_TWICE",
                "/api/contracts/ACC-MINE?asOf=2030'%20OR%201=1--",
                "/api/contracts/ACC-MINE?minSequence=abc",
                "/api/contracts/ACC-MINE/breaches?fromSequence=99999999999999999999",
                "/api/open-clauses?overdue=maybe"
            })
    void aParameterOfTheWrongTypeIs400WithItsCode(String path) {
        org.springframework.http.ResponseEntity<String> answer =
                Api.as(port, TestTokens.all()).get(path);

        assertThat(answer.getStatusCode().value()).as(path).isEqualTo(400);
        assertThat(answer.getBody()).as(path).contains("\"code\":\"INVALID\"");
    }

    /**
     * The admin action log (written by the filter both services share, checked in depth in
     * contract-service's {@code AdminActionLogTest}) runs here too: a retry of a contract that is not
     * parked, and a rebuild asked for without the ADMIN role, each leave their line.
     */
    @Test
    void adminRequestsForAChangeLeaveALineWithWhoAskedAndTheAnswer() {
        try (AdminActionLines log = new AdminActionLines()) {
            String operator = Tokens.mint(
                    TestTokens.SECRET, "operator@hostco.example", List.of("ADMIN"), null, Duration.ofMinutes(5));
            HttpResponse<String> retry = RawHttp.send(
                    "http://localhost:" + port + "/api/admin/parked/ACC-MINE/retry",
                    "POST",
                    operator,
                    new byte[0],
                    false);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
            HttpResponse<String> rebuild = RawHttp.send(
                    "http://localhost:" + port + "/api/admin/rebuild",
                    "POST",
                    TestTokens.withRoles("AUDITOR"),
                    new byte[0],
                    false);
            assertThat(rebuild.statusCode()).isEqualTo(403);

            assertThat(log.lines()).hasSize(2);
            assertThat(log.lines().get(0).get("path").asString()).isEqualTo("/api/admin/parked/ACC-MINE/retry");
            assertThat(log.lines().get(0).get("by").asString()).isEqualTo("operator@hostco.example");
            assertThat(log.lines().get(0).get("code").asString()).isEqualTo("NOT_PARKED");
            assertThat(log.lines().get(1).get("path").asString()).isEqualTo("/api/admin/rebuild");
            assertThat(log.lines().get(1).get("status").asInt()).isEqualTo(403);
        }
    }

    private int status(String path, String token) {
        return Api.as(port, token).get(path).getStatusCode().value();
    }
}
