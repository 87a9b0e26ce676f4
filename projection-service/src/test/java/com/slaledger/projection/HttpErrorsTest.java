package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.testsupport.BadRequests;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

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
    private static final List<String> QUERIED = List.of("/api/contracts");

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Test
    void generatedBadRequestsAreAnsweredAsProblemsWithACode(CapturedOutput log) {
        events.publishAndAwait(Story.contract("ERR-1").envelopes());
        String token = TestTokens.all();
        int before = log.getAll().length();
        assertThat(BadRequests.wrongAnswers(port, BadRequests.against(PATHS, QUERIED, token), 200))
                .isEmpty();
        assertThat(log.getAll().substring(before))
                .as("nothing logged as an error")
                .doesNotContain("ERROR");
        BadRequests.Answer good = BadRequests.get(port, "/api/contracts/ERR-1", token);
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.body()).contains("ERR-1");
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

    private String codeOf(String request, String token) {
        return BadRequests.statusAndCode(port, request, token);
    }
}
