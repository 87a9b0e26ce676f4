package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.Party;
import com.slaledger.testsupport.BadRequests;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every error the command API answers is Problem Details with a stable code, whichever layer
 * refuses the request (Tomcat, the firewall, Spring MVC, the endpoint), as the README's "HTTP
 * errors" says: generated bad requests sent as bytes, then a good command still accepted.
 */
@ContractServiceTest
@ExtendWith(OutputCaptureExtension.class)
class HttpErrorsTest {

    private static final List<String> PATHS =
            List.of("/api/commands", "/api/contracts/HTTP-ERR-1/history/verify", "/api/admin/dead-letters");

    /** An endpoint that reads a query parameter: Tomcat decodes a query when one is read. */
    private static final List<String> QUERIED = List.of("/api/admin/dead-letters");

    @LocalServerPort
    int port;

    @Test
    void generatedBadRequestsAreAnsweredAsProblemsWithACode(CapturedOutput log) {
        String token = TestTokens.all();
        assertThat(BadRequests.wrongAnswers(port, BadRequests.against(PATHS, QUERIED, token), 200, log))
                .isEmpty();
        HttpResponse<String> good = RawHttp.send(
                "http://localhost:" + port + "/api/commands",
                "POST",
                token,
                bytes(envelope(Party.CLIENT, draft("HTTP-ERR-1"))),
                false);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(good.body()).contains("ACCEPTED");
    }

    @Test
    void eachLayerAnswersWithItsOwnCode() {
        String token = TestTokens.all();
        assertThat(codeOf("GET /api/commands/a%00b", token)).isEqualTo("400 UNREADABLE_REQUEST"); // Tomcat
        assertThat(codeOf("GET /api/commands/a;b", token)).isEqualTo("400 UNREADABLE_REQUEST"); // firewall
        assertThat(codeOf("GET /api/admin/dead-letters?limit=%FF", token)).isEqualTo("400 UNREADABLE_REQUEST");
        assertThat(codeOf("GET /api/admin/dead-letters?limt=5", token)).isEqualTo("400 INVALID");
        assertThat(codeOf("GET /api/admin/dead-letters?limit%00=5", token))
                .as("a name the firewall refuses once the names are read")
                .isEqualTo("400 UNREADABLE_REQUEST");
        assertThat(codeOf("GET /api/commands", token)).isEqualTo("405 METHOD_NOT_ALLOWED");
        assertThat(codeOf("GET /api/nothing-here", token)).isEqualTo("404 NO_SUCH_PATH");
        assertThat(codeOf("GET /error", token)).isEqualTo("404 NO_SUCH_PATH");
        HttpResponse<String> plain =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/commands"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
        HttpResponse<String> gzipped =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/commands"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("{}")))
                        .build());
        assertThat(gzipped.statusCode())
                .as("RFC 7694: a coding the server does not take is 415, not a body that is not JSON")
                .isEqualTo(415);
        assertThat(gzipped.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"", "uncompressed");
        assertThat(gzipped.headers().firstValue("Accept-Encoding")).hasValue("identity");
        assertThat(codeOf("POST /api/commands", null)).isEqualTo("401 UNAUTHENTICATED");
        assertThat(BadRequests.statusAndCode(
                        port, "GET /api/admin/dead-letters", token, "Authorization: Bearer " + token + "\r\n"))
                .as("two Authorization headers")
                .isEqualTo("401 UNAUTHENTICATED");
        HttpResponse<String> text =
                RawHttp.send("http://localhost:" + port + "/api/commands", "POST", token, "{}".getBytes(), false);
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.body()).contains("\"code\":\"MALFORMED\""); // the endpoint
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String codeOf(String request, String token) {
        return BadRequests.statusAndCode(port, request, token);
    }
}
