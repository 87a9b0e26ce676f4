package com.slaledger.intake;

import com.slaledger.api.RejectionCode;
import com.slaledger.security.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A failure that is not the caller's (the database or broker down, a bug): logged, and answered 500
 * with INTERNAL_ERROR. {@link CommandEndpoint} words its own: a command may be resent.
 */
@RestControllerAdvice
public class UnexpectedErrors {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrors.class);

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        return internalError(e, request, "the request could not be completed; try again later");
    }

    static ProblemDetail internalError(RuntimeException e, HttpServletRequest request, String detail) {
        log.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
        return Problems.of(RejectionCode.INTERNAL_ERROR, detail);
    }
}
