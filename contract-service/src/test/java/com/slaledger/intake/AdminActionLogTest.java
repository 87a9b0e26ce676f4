package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.json.SlaJson;
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.AdminActionLines;
import com.slaledger.testsupport.HostileTokens;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every admin request that asks for a change leaves one line on {@code sla.admin}: who asked, what,
 * and what came of it, also when the request was refused. {@code limit=0} is refused past the
 * access check (400 INVALID), so these requests re-drive nothing that other tests wait for; the
 * successful re-drive's line is checked in {@link DeadLetterRedriveTest}.
 */
@ContractServiceTest
class AdminActionLogTest {

    private static final String REDRIVE = "/api/admin/dead-letters/redrive";

    @LocalServerPort
    int port;

    @Test
    void anAdminRequestForAChangeIsLoggedWithWhoAskedAndWhatCameOfIt() {
        try (AdminActionLines log = new AdminActionLines()) {
            String operator = Tokens.mint(
                    TestTokens.SECRET, "operator@supplier.example", List.of("ADMIN"), null, Duration.ofMinutes(5));
            HttpResponse<String> answer = post(REDRIVE + "?limit=0", operator);
            assertThat(answer.statusCode()).isEqualTo(400);

            assertThat(log.lines()).hasSize(1);
            JsonNode line = log.lines().get(0);
            assertThat(line.get("method").asString()).isEqualTo("POST");
            assertThat(line.get("path").asString()).isEqualTo(REDRIVE);
            assertThat(line.get("query").asString()).isEqualTo("limit=0");
            assertThat(line.get("by").asString()).isEqualTo("operator@supplier.example");
            assertThat(line.get("roles").get(0).asString()).isEqualTo("ADMIN");
            assertThat(line.get("status").asInt()).isEqualTo(400);
            assertThat(line.get("code").asString()).isEqualTo("INVALID");
            assertThat(line.get("tookMs").asLong()).isNotNegative();
        }
    }

    /**
     * A path the handlers decode to an admin path is logged as one, whatever its spelling: matched on
     * the raw URI, an encoded letter would have taken an action past the log.
     */
    @Test
    void anEncodedAdminPathIsLoggedAsTheActionItReaches() {
        try (AdminActionLines log = new AdminActionLines()) {
            HttpResponse<String> answer =
                    post("/api/%61dmin/dead-letters/redriv%65?limit=0", TestTokens.withRoles("ADMIN"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("\"code\":\"INVALID\"");

            assertThat(log.lines()).hasSize(1);
            assertThat(log.lines().get(0).get("path").asString()).isEqualTo(REDRIVE);
            assertThat(log.lines().get(0).get("code").asString()).isEqualTo("INVALID");
        }
    }

    @Test
    void refusedAttemptsAreLoggedTooAndReadsAreNot() {
        try (AdminActionLines log = new AdminActionLines()) {
            assertThat(post(REDRIVE + "?limit=0", null).statusCode()).isEqualTo(401);
            assertThat(post(REDRIVE + "?limit=0", TestTokens.withRoles("INTEGRATION"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(RawHttp.send(
                                    "http://localhost:" + port + REDRIVE + "?limit=0",
                                    "POST",
                                    TestTokens.withRoles("ADMIN"),
                                    new byte[300_000],
                                    true)
                            .statusCode())
                    .as("a body over the limit, refused before the token is read")
                    .isEqualTo(413);
            assertThat(RawHttp.send(
                                    "http://localhost:" + port + "/api/admin/dead-letters?limit=1",
                                    "GET",
                                    TestTokens.withRoles("ADMIN"),
                                    new byte[0],
                                    false)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(post("/api/commands", TestTokens.withRoles("INTEGRATION"))
                            .statusCode())
                    .as("not an admin path")
                    .isBetween(400, 499);

            List<JsonNode> lines = log.lines();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0).get("status").asInt()).isEqualTo(401);
            assertThat(lines.get(0).get("code").asString()).isEqualTo("UNAUTHENTICATED");
            assertThat(lines.get(0).get("by").isNull()).isTrue();
            assertThat(lines.get(1).get("status").asInt()).isEqualTo(403);
            assertThat(lines.get(1).get("code").asString()).isEqualTo("NOT_ALLOWED");
            assertThat(lines.get(1).get("by").asString()).isEqualTo("test");
            assertThat(lines.get(2).get("status").asInt()).isEqualTo(413);
            assertThat(lines.get(2).get("code").asString()).isEqualTo("TOO_LARGE");
            assertThat(lines.get(2).get("by").isNull()).isTrue();
        }
    }

    /**
     * Subjects as an identity provider may write them, with line breaks (also U+2028 and U+0085),
     * quotes, controls, DEL and any other character: each request still leaves exactly one line, in
     * printable ASCII, with the subject as it was.
     */
    @Test
    void aGeneratedSubjectCannotStartALineOfItsOwn() {
        // Any character a JSON string can carry through UTF-8: everything but lone surrogates.
        List<String> subjects = Stream.concat(
                        Stream.of(
                                "ops\n{\"method\":\"POST\",\"by\":\"someone else\"}",
                                "ops\r\u2028\u0085x",
                                // DEL, which JSON does not escape (found by the generator).
                                "ops\u007f"),
                        Arbitraries.strings()
                                .withCharRange('\u0000', '\uD7FF')
                                .withCharRange('\uE000', '\uFFFD')
                                .ofMinLength(1)
                                .ofMaxLength(40)
                                .sampleStream()
                                .limit(40))
                .toList();
        try (AdminActionLines log = new AdminActionLines()) {
            for (String subject : subjects) {
                log.clear();
                String token = Tokens.mint(TestTokens.SECRET, subject, List.of("ADMIN"), null, Duration.ofMinutes(5));
                assertThat(post(REDRIVE + "?limit=0", token).statusCode()).isEqualTo(400);
                assertThat(log.texts()).as(subject).hasSize(1);
                assertThat(log.texts().get(0).chars())
                        .as("printable ASCII only: %s", subject)
                        .allMatch(c -> c >= 0x20 && c < 0x7f);
                assertThat(log.lines().get(0).get("by").asString()).isEqualTo(subject);
            }
        }
    }

    /**
     * Generated tokens (claims of any JSON type, the wrong key, no signature): each attempt leaves
     * one line whose status and code are the answer's.
     */
    @Test
    void everyGeneratedAttemptLeavesOneLineWithItsAnswer() {
        List<HostileTokens.Token> tokens =
                HostileTokens.tokens(TestTokens.SECRET).sampleStream().limit(40).toList();
        try (AdminActionLines log = new AdminActionLines()) {
            for (HostileTokens.Token token : tokens) {
                log.clear();
                HttpResponse<String> answer = post(REDRIVE + "?limit=0", token.value());
                assertThat(answer.statusCode()).as(token.claims()).isIn(400, 401, 403);
                assertThat(log.lines()).as(token.claims()).hasSize(1);
                JsonNode line = log.lines().get(0);
                assertThat(line.get("status").asInt()).as(token.claims()).isEqualTo(answer.statusCode());
                assertThat(line.get("code").asString())
                        .as(token.claims())
                        .isEqualTo(SlaJson.mapper()
                                .readTree(answer.body())
                                .get("code")
                                .asString());
            }
        }
    }

    private HttpResponse<String> post(String path, String token) {
        return RawHttp.send("http://localhost:" + port + path, "POST", token, new byte[0], false);
    }
}
