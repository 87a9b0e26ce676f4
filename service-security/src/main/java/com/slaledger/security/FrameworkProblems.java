package com.slaledger.security;

import com.slaledger.api.RejectionCode;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own refusals (no endpoint at the path, a method or media type it does not take, a
 * parameter it cannot bind) as Problem Details with a stable code, in place of Spring Boot's
 * handler, which answered them without one. A bad field is {@code INVALID}, as from the endpoints;
 * the other statuses take their code from {@link Problems#forStatus}. The services' own advice
 * comes first (it is ordered ahead), and an exception this one does not know goes on to theirs.
 */
@RestControllerAdvice
@Order(0)
public class FrameworkProblems extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkProblems.class);

    /** A query that is not UTF-8: Tomcat refuses it when an endpoint first reads a parameter. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail unreadableParameter(InvalidParameterException e) {
        return Problems.of(RejectionCode.UNREADABLE_REQUEST, "a query parameter could not be read: " + e.getMessage());
    }

    /**
     * A failure of the service's own (a response it could not write, say) is answered 500 without
     * its cause, which only the log may hold: Spring's handler answered it without a word.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            LOG.error("answered {} to {}", statusCode.value(), request.getDescription(false), ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            int status = statusCode.value();
            String detail = status >= 500 ? null : problem.getDetail();
            ProblemDetail coded =
                    status == 400 ? Problems.of(RejectionCode.INVALID, detail) : Problems.forStatus(status, detail);
            coded.setInstance(problem.getInstance());
            body = coded;
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
