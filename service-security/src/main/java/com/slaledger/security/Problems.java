package com.slaledger.security;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
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

    private Problems() {}

    public static ProblemDetail of(RejectionCode code, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), message);
        problem.setType(URI.create("urn:sla-ledger:rejection:" + code.name()));
        problem.setTitle(code.meaning());
        problem.setProperty("code", code.name());
        return problem;
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
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.putAll(problem.getProperties());
        response.getOutputStream().write(SlaJson.mapper().writeValueAsBytes(body));
    }
}
