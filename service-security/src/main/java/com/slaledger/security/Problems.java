package com.slaledger.security;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.json.Wording;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The one mapping from rejection codes to HTTP Problem Details (RFC 9457), shared by both services:
 * the status is {@link RejectionCode#httpStatus()}, the {@code code} the same stable name a Kafka
 * result carries. Also answers 401 and 403 from Spring Security the same way.
 */
public final class Problems {

    /** At most this many characters of the firewall's message: its own words and the part it quotes. */
    private static final int REFUSAL_LENGTH = 300;

    private Problems() {}

    public static ProblemDetail of(RejectionCode code, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), message);
        problem.setType(URI.create("urn:sla-ledger:rejection:" + code.name()));
        problem.setTitle(code.meaning());
        problem.setProperty("code", code.name());
        return problem;
    }

    /**
     * The problem for an HTTP status that a layer below the endpoints chose (Tomcat, the firewall,
     * Spring MVC): the code is the one that status stands for among the codes ({@code
     * UNREADABLE_REQUEST} for 400 and any other client error, {@code INTERNAL_ERROR} for any other
     * server error), and the status is kept as it was chosen. A blank detail becomes the code's
     * meaning.
     */
    public static ProblemDetail forStatus(int status, String detail) {
        RejectionCode code = switch (status) {
            case 401 -> RejectionCode.UNAUTHENTICATED;
            case 403 -> RejectionCode.NOT_ALLOWED;
            case 404 -> RejectionCode.NO_SUCH_PATH;
            case 405 -> RejectionCode.METHOD_NOT_ALLOWED;
            case 406 -> RejectionCode.NOT_ACCEPTABLE;
            case 413 -> RejectionCode.TOO_LARGE;
            case 415 -> RejectionCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> RejectionCode.UNAVAILABLE;
            default -> status >= 500 ? RejectionCode.INTERNAL_ERROR : RejectionCode.UNREADABLE_REQUEST;
        };
        ProblemDetail problem = of(code, detail == null || detail.isBlank() ? code.meaning() : detail);
        problem.setStatus(status);
        return problem;
    }

    /**
     * A request the firewall refused (a path with {@code ;}, a NUL in a parameter's name or value):
     * 400 UNREADABLE_REQUEST. The firewall's message quotes what it refused; the answer repeats
     * it as {@link Wording#echo} does any input, control characters shown as {@code ?}.
     */
    static ProblemDetail refused(RuntimeException rejected) {
        return forStatus(400, "the request was refused: " + Wording.echo(rejected.getMessage(), REFUSAL_LENGTH));
    }

    public static AuthenticationEntryPoint unauthenticated() {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(response, of(RejectionCode.UNAUTHENTICATED, "a valid bearer token is required: " + e.getMessage()));
        };
    }

    public static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(
                response,
                of(
                        RejectionCode.NOT_ALLOWED,
                        "the token's roles do not allow " + request.getMethod() + " " + request.getRequestURI()));
    }

    static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(body(problem));
    }

    /** A problem as it is answered where no message converter writes it: the same members, in UTF-8. */
    static byte[] body(ProblemDetail problem) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return SlaJson.mapper().writeValueAsBytes(body);
    }
}
