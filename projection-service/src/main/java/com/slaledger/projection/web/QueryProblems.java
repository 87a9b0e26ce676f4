package com.slaledger.projection.web;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.security.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Query errors as RFC 9457 Problem Details carrying the same stable codes as command rejections
 * (the one mapping is {@link Problems}). Ahead of Spring Boot's own Problem Details handler, which
 * also handles a parameter of the wrong type and answered it without a code.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryProblems {

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(e.code(), e.getMessage());
    }

    /** Refusals with a code of their own, such as a full live stream. */
    @ExceptionHandler(CommandRejectedException.class)
    ProblemDetail refused(CommandRejectedException e) {
        return Problems.of(e.code(), e.getMessage());
    }

    @ExceptionHandler({
        IllegalArgumentException.class,
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class,
        java.time.format.DateTimeParseException.class
    })
    ProblemDetail invalid(Exception e) {
        String message = e instanceof MethodArgumentTypeMismatchException mismatch
                ? mismatch.getName() + " has an invalid value: " + mismatch.getValue()
                : e.getMessage();
        return Problems.of(RejectionCode.INVALID, message);
    }
}
