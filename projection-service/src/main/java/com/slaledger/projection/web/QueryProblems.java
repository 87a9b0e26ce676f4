package com.slaledger.projection.web;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.Wording;
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
                ? wrongParameter(mismatch)
                : e instanceof MissingServletRequestParameterException missing
                        ? missing.getParameterName() + " is required"
                        : e.getMessage();
        return Problems.of(RejectionCode.INVALID, message);
    }

    /**
     * What a parameter that could not be read as its type must be, and what it was, in the
     * published language's words ({@code size must be a whole number, not abc}; ADR 0026), where
     * Spring's own detail names the Java type and its converter.
     */
    static String wrongParameter(MethodArgumentTypeMismatchException e) {
        Object raw = e.getValue();
        String value = Wording.echo(raw instanceof String[] values ? String.join(",", values) : String.valueOf(raw));
        if (e.getMostSpecificCause() instanceof OutOfRange range) {
            return e.getName() + " must be " + range.getMessage() + ", not " + value;
        }
        Class<?> type = e.getRequiredType();
        String within = Wording.wholeNumberWithin(type);
        if (within != null && value.matches("-?[0-9]+")) {
            return e.getName() + " must be " + within + ", not " + value;
        }
        String expected = Wording.expected(type);
        return expected == null
                ? e.getName() + " has an invalid value: " + value
                : e.getName() + " must be " + expected + ", not " + value;
    }

    /**
     * Thrown by a parameter's reader for a value of the right form outside what the service takes;
     * the message says what the value must be ("an instant from the year 1 to 9999").
     */
    static final class OutOfRange extends IllegalArgumentException {

        OutOfRange(String whatItMustBe) {
            super(whatItMustBe);
        }
    }
}
